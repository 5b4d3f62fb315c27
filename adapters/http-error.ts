import { ERROR_CODES, isFarsideError, type ErrorCode } from '../errors/index.js';

/** An HTTP error answer: the status and the message of `{"error": message}`. */
export class HttpError extends Error {
  readonly status: number;
  /** Extra response headers, e.g. `allow` on 405. */
  readonly headers: Readonly<Record<string, string>>;

  constructor(status: number, message: string, headers: Readonly<Record<string, string>> = {}) {
    super(message);
    this.name = 'HttpError';
    this.status = status;
    this.headers = headers;
  }
}

export const HTTP_STATUS = {
  OK: 200,
  NO_CONTENT: 204,
  BAD_REQUEST: 400,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  INTERNAL_SERVER_ERROR: 500,
  BAD_GATEWAY: 502,
  SERVICE_UNAVAILABLE: 503,
  GATEWAY_TIMEOUT: 504,
} as const;

/**
 * The HTTP status of our error categories: the one place they meet HTTP (STYLE 9). A
 * transport failure toward the device is the upstream's fault, hence 503/504, not 500.
 */
const STATUS_OF: Readonly<Record<ErrorCode, number>> = {
  [ERROR_CODES.INVALID_INPUT]: HTTP_STATUS.BAD_REQUEST,
  [ERROR_CODES.NOT_FOUND]: HTTP_STATUS.NOT_FOUND,
  [ERROR_CODES.NOT_ALLOWED]: HTTP_STATUS.METHOD_NOT_ALLOWED,
  [ERROR_CODES.UNSUPPORTED_FORMAT]: HTTP_STATUS.UNSUPPORTED_MEDIA_TYPE,
  [ERROR_CODES.DEVICE_UNAVAILABLE]: HTTP_STATUS.SERVICE_UNAVAILABLE,
  [ERROR_CODES.TIMEOUT]: HTTP_STATUS.GATEWAY_TIMEOUT,
  // The SDF client was closed under a request: the adapter is shutting down.
  [ERROR_CODES.CANCELLED]: HTTP_STATUS.SERVICE_UNAVAILABLE,
  [ERROR_CODES.INTERNAL]: HTTP_STATUS.INTERNAL_SERVER_ERROR,
};

/** Any thrown value as an HttpError; only our own errors' messages are passed on, anything else may carry internals. */
export function httpErrorFromError(err: unknown): HttpError {
  if (err instanceof HttpError) return err;
  if (isFarsideError(err)) return new HttpError(STATUS_OF[err.code], err.message);
  return new HttpError(HTTP_STATUS.INTERNAL_SERVER_ERROR, 'internal error');
}
