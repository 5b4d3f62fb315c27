import { ERROR_CODES, isFarsideError, type ErrorCode } from '../../errors/index.js';

/** The HTTP status each error category answers with; the knobs API's one mapping (STYLE 9). */
const HTTP_STATUS_OF: Readonly<Record<ErrorCode, number>> = {
  [ERROR_CODES.INVALID_INPUT]: 400,
  [ERROR_CODES.NOT_FOUND]: 404,
  // The device refused or read back something else: the request was fine, the state conflicts.
  [ERROR_CODES.NOT_ALLOWED]: 409,
  [ERROR_CODES.UNSUPPORTED_FORMAT]: 415,
  [ERROR_CODES.INTERNAL]: 500,
  [ERROR_CODES.CANCELLED]: 503,
  [ERROR_CODES.DEVICE_UNAVAILABLE]: 503,
  [ERROR_CODES.TIMEOUT]: 504,
};

export function httpStatusOfError(err: unknown): number {
  return isFarsideError(err) ? HTTP_STATUS_OF[err.code] : 500;
}
