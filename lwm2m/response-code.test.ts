import { describe, expect, it } from 'vitest';
import { ERROR_CODES, FarsideError } from './errors.js';
import { responseCodeFromError, responseCodeFromNumber, responseCodeToNumber } from './response-code.js';

describe('response codes', () => {
  it('converts between dotted and integer form as SDF response_code uses it', () => {
    expect(responseCodeToNumber('2.05')).toBe(69);
    expect(responseCodeToNumber('4.04')).toBe(132);
    expect(responseCodeToNumber('5.04')).toBe(164);
    expect(responseCodeFromNumber(163)).toBe('5.03');
    expect(responseCodeFromNumber(65)).toBe('2.01');
  });

  it.each([
    [ERROR_CODES.TIMEOUT, '5.04'],
    [ERROR_CODES.DEVICE_UNAVAILABLE, '5.03'],
    [ERROR_CODES.NOT_FOUND, '4.04'],
    [ERROR_CODES.INVALID_INPUT, '4.00'],
    [ERROR_CODES.UNSUPPORTED_FORMAT, '4.15'],
    [ERROR_CODES.NOT_ALLOWED, '4.05'],
    [ERROR_CODES.INTERNAL, '5.00'],
  ])('maps %s to CoAP %s', (code, coap) => {
    expect(responseCodeFromError(new FarsideError(code, 'x'))).toBe(coap);
  });

  it('maps an error that is not ours to 5.00', () => {
    expect(responseCodeFromError(new Error('boom'))).toBe('5.00');
  });
});
