import { decodeBody, encodeBody, type SdfEncoding } from './encoding.js';
import { parseShape, sdfResponseSchema, type SdfResponse } from './payloads.js';

const WHAT = 'SDF reply';

/** The bytes of a reply: JSON, or CBOR with native values and byte strings. Throws FarsideError INVALID_INPUT when `response` breaks the contract. */
export function encodeResponse(response: SdfResponse, encoding: SdfEncoding): Uint8Array {
  return encodeBody(parseShape(sdfResponseSchema, response, WHAT), encoding);
}

/** A reply from its bytes; throws FarsideError INVALID_INPUT when they are not one. */
export function decodeResponse(payload: Uint8Array, encoding: SdfEncoding): SdfResponse {
  return parseResponse(decodeBody(payload, encoding, WHAT));
}

/** A reply from an already decoded body; throws FarsideError INVALID_INPUT when it is not one. */
export function parseResponse(body: unknown): SdfResponse {
  return parseShape(sdfResponseSchema, body, WHAT);
}
