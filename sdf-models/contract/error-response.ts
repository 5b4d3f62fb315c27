import { FarsideError, coapCodeOfError } from '../../errors/index.js';
import { sdfErrorTitle, type SdfResponseCode } from './response-code.js';
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
