import { ERROR_CODES, FarsideError } from '../../errors/index.js';
import { SDF_RESPONSE_CODE, sdfErrorTitle, type SdfResponseCode } from './response-code.js';
import type { SdfResponse } from './payloads.js';

/**
 * The one place our error categories become an SDF `response_code` (STYLE 9). Anything
 * that is not a FarsideError is a bug on our side: 5.00.
 */
export function sdfCodeFromError(err: unknown): SdfResponseCode {
  const code = err instanceof FarsideError ? err.code : undefined;
  switch (code) {
    case ERROR_CODES.INVALID_INPUT:
      return SDF_RESPONSE_CODE.BAD_REQUEST;
    case ERROR_CODES.NOT_FOUND:
      return SDF_RESPONSE_CODE.NOT_FOUND;
    case ERROR_CODES.NOT_ALLOWED:
      return SDF_RESPONSE_CODE.METHOD_NOT_ALLOWED;
    case ERROR_CODES.UNSUPPORTED_FORMAT:
      return SDF_RESPONSE_CODE.UNSUPPORTED_CONTENT_FORMAT;
    case ERROR_CODES.DEVICE_UNAVAILABLE:
      return SDF_RESPONSE_CODE.SERVICE_UNAVAILABLE;
    case ERROR_CODES.TIMEOUT:
      return SDF_RESPONSE_CODE.GATEWAY_TIMEOUT;
    default:
      return SDF_RESPONSE_CODE.INTERNAL_SERVER_ERROR;
  }
}

/** An error reply: `{"response_code":<code>,"error":{"title":...,"detail"?:...}}`. */
export function errorResponse(code: number, detail?: string, correlationId?: string): SdfResponse {
  return {
    response_code: code,
    error: detail === undefined ? { title: sdfErrorTitle(code) } : { title: sdfErrorTitle(code), detail },
    ...(correlationId === undefined ? {} : { correlationId }),
  };
}

/**
 * The reply for a request that failed with `err`. Only our own errors' messages are
 * passed on; anything else may carry internals, so its detail stays generic.
 */
export function errorResponseFromError(err: unknown, correlationId?: string): SdfResponse {
  const detail = err instanceof FarsideError ? err.message : 'internal error';
  return errorResponse(sdfCodeFromError(err), detail, correlationId);
}
