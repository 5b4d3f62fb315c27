import { Encoder } from 'cbor-x';
import { invalidInput, isFarsideError } from '../../errors/index.js';

/** How an SDF message body is serialized: JSON by default, CBOR when the MQTT 5 Content Type says so. */
export type SdfEncoding = 'json' | 'cbor';

/** MQTT 5 Content Type values (MQTT 5 §3.3.2.3.9) naming an SDF body's encoding. */
export const SDF_CONTENT_TYPE = {
  JSON: 'application/json',
  CBOR: 'application/cbor',
} as const;

/** MQTT 5 user property (§3.3.2.3.7) asking for typed values: `sdf-values: typed`. */
export const SDF_VALUES_USER_PROPERTY = 'sdf-values';

/**
 * The encoding a Content Type names: none or JSON → JSON, CBOR → CBOR, anything else
 * undefined (the gateway answers 4.15). Parameters such as `; charset=utf-8` are ignored.
 */
export function encodingFromContentType(contentType: string | undefined): SdfEncoding | undefined {
  if (contentType === undefined || contentType.trim() === '') return 'json';
  const mediaType = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  if (mediaType === SDF_CONTENT_TYPE.JSON) return 'json';
  if (mediaType === SDF_CONTENT_TYPE.CBOR) return 'cbor';
  return undefined;
}

export function contentTypeOf(encoding: SdfEncoding): string {
  return encoding === 'cbor' ? SDF_CONTENT_TYPE.CBOR : SDF_CONTENT_TYPE.JSON;
}

// Plain CBOR that other implementations read: no cbor-x records, byte strings without
// the typed-array tag, minimal map headers; maps decode to plain objects (keys as strings),
// since every SDF body is a JSON-shaped object.
const cbor = new Encoder({ useRecords: false, mapsAsObjects: true, tagUint8Array: false, variableMapSize: true });

const utf8 = new TextDecoder('utf-8', { fatal: true });

function reason(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The value a body holds; throws FarsideError INVALID_INPUT when it is not well-formed. `what` names the body in the message. */
export function decodeBody(payload: Uint8Array, encoding: SdfEncoding, what: string): unknown {
  if (payload.length === 0) throw invalidInput(`${what} is empty`);
  if (encoding === 'cbor') {
    try {
      return cbor.decode(payload);
    } catch (err) {
      throw invalidInput(`${what} is not well-formed CBOR: ${reason(err)}`, err);
    }
  }
  let text: string;
  try {
    text = utf8.decode(payload);
  } catch (err) {
    throw invalidInput(`${what} is not valid UTF-8`, err);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw invalidInput(`${what} is not valid JSON: ${reason(err)}`, err);
  }
}

// JSON has no byte strings or 64-bit integers; turning them into text is a values-mode
// decision (hex or base64url) made before encoding, so meeting one here is a caller's bug.
// `this[key]` is the value before its toJSON ran, which turns a Buffer into an object.
function jsonSafe(this: Record<string, unknown>, key: string, value: unknown): unknown {
  if (this[key] instanceof Uint8Array) throw invalidInput('a byte string cannot be sent as JSON; convert it to text first or use CBOR');
  if (typeof value === 'bigint') throw invalidInput('a bigint cannot be sent as JSON; convert it first or use CBOR');
  return value;
}

/** The bytes of `value` as a body; throws FarsideError INVALID_INPUT when it cannot be encoded. */
export function encodeBody(value: unknown, encoding: SdfEncoding): Uint8Array {
  if (encoding === 'cbor') {
    try {
      // A copy: cbor-x may hand out a view of a buffer it reuses for the next encode.
      return new Uint8Array(cbor.encode(value));
    } catch (err) {
      throw invalidInput(`cannot encode this SDF body as CBOR: ${reason(err)}`, err);
    }
  }
  let text: string | undefined;
  try {
    text = JSON.stringify(value, jsonSafe);
  } catch (err) {
    if (isFarsideError(err)) throw err;
    throw invalidInput(`cannot encode this SDF body as JSON: ${reason(err)}`, err);
  }
  if (text === undefined) throw invalidInput('cannot encode an undefined SDF body as JSON');
  return new TextEncoder().encode(text);
}
