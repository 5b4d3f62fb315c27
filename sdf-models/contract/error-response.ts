import { ERROR_CODES, FarsideError, coapCodeOfError, type ErrorCode } from '../../errors/index.js';
import { SDF_RESPONSE_CODE, sdfErrorTitle, type SdfResponseCode } from './response-code.js';
import type { SdfResponse } from './payloads.js';

/**
 * Our error categories as an SDF `response_code`: the CoAP code (errors/) as an integer,
 * class × 32 + detail. Anything that is not a FarsideError is a bug on our side: 160.
 */
export function sdfCodeFromError(err: unknown): SdfResponseCode {
  const [cls, detail] = coapCodeOfError(err).split('.').map(Number);
  return ((cls! << 5) | detail!) as SdfResponseCode;
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

/** The inverse of errors/ coapCodeOfError, for replies: which category an error code stands for. */
const ERROR_OF_CODE: Readonly<Record<number, ErrorCode>> = {
  [SDF_RESPONSE_CODE.BAD_REQUEST]: ERROR_CODES.INVALID_INPUT,
  /** 4.01 Unauthorized, 4.03 Forbidden: the device's access control said no. */
  129: ERROR_CODES.NOT_ALLOWED,
  131: ERROR_CODES.NOT_ALLOWED,
  [SDF_RESPONSE_CODE.NOT_FOUND]: ERROR_CODES.NOT_FOUND,
  [SDF_RESPONSE_CODE.METHOD_NOT_ALLOWED]: ERROR_CODES.NOT_ALLOWED,
  [SDF_RESPONSE_CODE.UNSUPPORTED_CONTENT_FORMAT]: ERROR_CODES.UNSUPPORTED_FORMAT,
  // A sleeping device, or one that did not answer the gateway: either way not reachable now.
  [SDF_RESPONSE_CODE.SERVICE_UNAVAILABLE]: ERROR_CODES.DEVICE_UNAVAILABLE,
  [SDF_RESPONSE_CODE.GATEWAY_TIMEOUT]: ERROR_CODES.DEVICE_UNAVAILABLE,
};

/** The error category of an SDF error reply's code: listed ones as above, other 4.xx bad input, the rest internal. */
export function errorCodeOfReply(responseCode: number): ErrorCode {
  return ERROR_OF_CODE[responseCode] ?? (responseCode >> 5 === 4 ? ERROR_CODES.INVALID_INPUT : ERROR_CODES.INTERNAL);
}
