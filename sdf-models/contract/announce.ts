import { z } from 'zod';
import { decodeBody, encodeBody, type SdfEncoding } from './encoding.js';
import { parseShape, sdfThingsSchema, type SdfAnnounce } from './payloads.js';
import { isValidThingName } from './topics.js';

/** The bytes published on `announce`: `{"<thing>":{"sdfObject":{...}}}`. Throws FarsideError INVALID_INPUT on a bad shape. */
export function encodeAnnounce(announce: SdfAnnounce, encoding: SdfEncoding = 'json'): Uint8Array {
  return encodeBody(parseShape(sdfThingsSchema, announce, 'SDF announce'), encoding);
}

/** An announce from its bytes; throws FarsideError INVALID_INPUT when they are not one. */
export function decodeAnnounce(payload: Uint8Array, encoding: SdfEncoding = 'json'): SdfAnnounce {
  return parseShape(sdfThingsSchema, decodeBody(payload, encoding, 'SDF announce'), 'SDF announce');
}

const unregisterSchema = z.string().refine(isValidThingName, 'expected a valid thing name');

/** The bytes published on `unregister`: the thing's name as a JSON (or CBOR) string. */
export function encodeUnregister(thing: string, encoding: SdfEncoding = 'json'): Uint8Array {
  return encodeBody(parseShape(unregisterSchema, thing, 'SDF unregister'), encoding);
}

/** The thing an unregister message names; throws FarsideError INVALID_INPUT when it is not one. */
export function decodeUnregister(payload: Uint8Array, encoding: SdfEncoding = 'json'): string {
  return parseShape(unregisterSchema, decodeBody(payload, encoding, 'SDF unregister'), 'SDF unregister');
}
