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

/**
 * The CoAP response code (RFC 7252 §5.9) each error category stands for. Both CoAP
 * and SDF (whose `response_code` is the CoAP code as an integer) answer with it, so
 * the mapping lives here, once; anything that is not our error is our bug: 5.00.
 */
const COAP_CODE_OF: Readonly<Record<ErrorCode, `${number}.${number}${number}`>> = {
  [ERROR_CODES.INVALID_INPUT]: '4.00',
  [ERROR_CODES.NOT_FOUND]: '4.04',
  [ERROR_CODES.NOT_ALLOWED]: '4.05',
  [ERROR_CODES.UNSUPPORTED_FORMAT]: '4.15',
  [ERROR_CODES.INTERNAL]: '5.00',
  [ERROR_CODES.CANCELLED]: '5.00',
  [ERROR_CODES.DEVICE_UNAVAILABLE]: '5.03',
  [ERROR_CODES.TIMEOUT]: '5.04',
};

export function coapCodeOfError(err: unknown): string {
  return err instanceof FarsideError ? COAP_CODE_OF[err.code] : '5.00';
}
