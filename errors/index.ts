/**
 * The project's error categories. Every boundary (CoAP response code, SDF
 * response_code, HTTP status, pod condition) maps these in one function, so the
 * `code` strings are stable API.
 */
export const ERROR_CODES = {
  INVALID_INPUT: 'FARSIDE_ERR_INVALID_INPUT',
  NOT_FOUND: 'FARSIDE_ERR_NOT_FOUND',
  UNSUPPORTED_FORMAT: 'FARSIDE_ERR_UNSUPPORTED_FORMAT',
  NOT_ALLOWED: 'FARSIDE_ERR_NOT_ALLOWED',
  DEVICE_UNAVAILABLE: 'FARSIDE_ERR_DEVICE_UNAVAILABLE',
  TIMEOUT: 'FARSIDE_ERR_TIMEOUT',
  CANCELLED: 'FARSIDE_ERR_CANCELLED',
  INTERNAL: 'FARSIDE_ERR_INTERNAL',
} as const;

export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

export class FarsideError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FarsideError';
    this.code = code;
  }
}

export function invalidInput(message: string, cause?: unknown): FarsideError {
  return new FarsideError(ERROR_CODES.INVALID_INPUT, message, { cause });
}

export function isFarsideError(err: unknown, code?: ErrorCode): err is FarsideError {
  return err instanceof FarsideError && (code === undefined || err.code === code);
}
