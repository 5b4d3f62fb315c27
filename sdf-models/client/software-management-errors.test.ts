import { describe, expect, it } from 'vitest';
import { ERROR_CODES, coapCodeOfError } from '../../errors/index.js';
import { errorResponse, sdfCodeFromError } from '../contract/error-response.js';
import { errorCodeOfReply } from '../contract/error-response.js';
import { SoftwareManagementError, errorFromSdfReply } from './software-management-errors.js';

describe('SDF error replies as errors', () => {
  it.each([
    [128, ERROR_CODES.INVALID_INPUT],
    [129, ERROR_CODES.NOT_ALLOWED],
    [131, ERROR_CODES.NOT_ALLOWED],
    [132, ERROR_CODES.NOT_FOUND],
    [133, ERROR_CODES.NOT_ALLOWED],
    [141, ERROR_CODES.INVALID_INPUT],
    [143, ERROR_CODES.UNSUPPORTED_FORMAT],
    [160, ERROR_CODES.INTERNAL],
    [163, ERROR_CODES.DEVICE_UNAVAILABLE],
    [164, ERROR_CODES.DEVICE_UNAVAILABLE],
  ])('maps response_code %i to %s', (code, category) => {
    expect(errorCodeOfReply(code)).toBe(category);
  });

  it('reads the code our gateway answers a refusal with as the category it refused with', () => {
    for (const category of [ERROR_CODES.INVALID_INPUT, ERROR_CODES.NOT_FOUND, ERROR_CODES.NOT_ALLOWED, ERROR_CODES.UNSUPPORTED_FORMAT, ERROR_CODES.DEVICE_UNAVAILABLE]) {
      const error = new SoftwareManagementError(category, 'x');
      expect(coapCodeOfError(error)).toMatch(/^[45]\./);
      expect(errorCodeOfReply(sdfCodeFromError(error))).toBe(category);
    }
  });

  it('says what failed, with the dotted code, its title and the gateway detail, and keeps the code', () => {
    const err = errorFromSdfReply(errorResponse(133, 'the device answered 4.05'), 'Install of dev/LWM2M_Software_Management/0');
    expect(err.message).toBe('Install of dev/LWM2M_Software_Management/0 failed with 4.05 Method Not Allowed: the device answered 4.05');
    expect(err).toMatchObject({ code: ERROR_CODES.NOT_ALLOWED, responseCode: 133 });
    expect(errorFromSdfReply({ response_code: 131 }, 'reading x').message).toBe('reading x failed with 4.03');
  });
});
