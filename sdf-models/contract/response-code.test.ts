import { describe, expect, it } from 'vitest';
import { ERROR_CODES, FarsideError, invalidInput } from '../../errors/index.js';
import { errorResponse, errorResponseFromError, sdfCodeFromError } from './error-response.js';
import { isSdfSuccess, SDF_RESPONSE_CODE, sdfErrorTitle } from './response-code.js';

describe('SDF response codes', () => {
  it('are the CoAP codes as class * 32 + detail', () => {
    const dotted: Record<keyof typeof SDF_RESPONSE_CODE, string> = {
      CREATED: '2.01',
      DELETED: '2.02',
      CHANGED: '2.04',
      CONTENT: '2.05',
      BAD_REQUEST: '4.00',
      NOT_FOUND: '4.04',
      METHOD_NOT_ALLOWED: '4.05',
      UNSUPPORTED_CONTENT_FORMAT: '4.15',
      INTERNAL_SERVER_ERROR: '5.00',
      SERVICE_UNAVAILABLE: '5.03',
      GATEWAY_TIMEOUT: '5.04',
    };
    for (const [name, code] of Object.entries(dotted)) {
      const [cls, detail] = code.split('.').map(Number);
      expect(SDF_RESPONSE_CODE[name as keyof typeof SDF_RESPONSE_CODE]).toBe((cls ?? 0) * 32 + (detail ?? 0));
    }
  });

  it('title known codes with the RFC 7252 phrase and others with the dotted code', () => {
    expect(sdfErrorTitle(132)).toBe('Not Found');
    expect(sdfErrorTitle(143)).toBe('Unsupported Content-Format');
    expect(sdfErrorTitle(131)).toBe('4.03');
  });

  it('count only class 2 as success', () => {
    expect([65, 66, 68, 69].every(isSdfSuccess)).toBe(true);
    expect([128, 132, 160, 164, 0, 255].some(isSdfSuccess)).toBe(false);
  });
});

describe('sdfCodeFromError', () => {
  it.each([
    [ERROR_CODES.INVALID_INPUT, 128],
    [ERROR_CODES.NOT_FOUND, 132],
    [ERROR_CODES.NOT_ALLOWED, 133],
    [ERROR_CODES.UNSUPPORTED_FORMAT, 143],
    [ERROR_CODES.DEVICE_UNAVAILABLE, 163],
    [ERROR_CODES.TIMEOUT, 164],
    [ERROR_CODES.CANCELLED, 160],
    [ERROR_CODES.INTERNAL, 160],
  ] as const)('maps %s to %i', (code, responseCode) => {
    expect(sdfCodeFromError(new FarsideError(code, 'x'))).toBe(responseCode);
  });

  it('maps anything that is not our error to 5.00', () => {
    expect(sdfCodeFromError(new TypeError('boom'))).toBe(160);
    expect(sdfCodeFromError('boom')).toBe(160);
  });
});

describe('error replies', () => {
  it('carry the title, the detail and the correlation id', () => {
    expect(errorResponse(132, 'no thing named x', 'c1')).toEqual({
      response_code: 132,
      error: { title: 'Not Found', detail: 'no thing named x' },
      correlationId: 'c1',
    });
    expect(errorResponse(133)).toEqual({ response_code: 133, error: { title: 'Method Not Allowed' } });
  });

  it('pass on our own error messages but not those of other errors', () => {
    expect(errorResponseFromError(invalidInput('bad value'))).toEqual({ response_code: 128, error: { title: 'Bad Request', detail: 'bad value' } });
    expect(errorResponseFromError(new Error('secret path /etc/x'))).toEqual({ response_code: 160, error: { title: 'Internal Server Error', detail: 'internal error' } });
  });
});
