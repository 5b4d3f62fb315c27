/**
 * What travels on a data route, in FITA's CBOR form `[key, type, bytes]`: the value's key,
 * its service.json type (0 int, 1 float) and the 4 bytes the MCU holds it in, little-endian
 * int32 or IEEE 754 float32. The same bytes go to CoAP peers and MQTT brokers.
 */
import { Encoder } from 'cbor-x';
import { z } from 'zod';
import { invalidInput } from '../../errors/index.js';
import { SERVICE_VALUE_TYPE } from '../../oci/index.js';
import type { ServiceValue } from '../embserve/contracts.js';

/** Bytes of an int32 or float32 as the MCU holds it. */
export const ROUTE_VALUE_BYTES = 4;
/** Longest key, in characters; service.json keys are short names. */
export const MAX_ROUTE_KEY_LENGTH = 255;
/** Larger payloads are refused before decoding: key, type and value fit far below. */
export const MAX_ROUTE_PAYLOAD_BYTES = 1024;

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

// Plain CBOR other implementations read: no cbor-x records, byte strings without tag 64.
const cbor = new Encoder({ useRecords: false, mapsAsObjects: false, tagUint8Array: false });

const keySchema = z.string().min(1, 'key is empty').max(MAX_ROUTE_KEY_LENGTH, `key is longer than ${MAX_ROUTE_KEY_LENGTH} characters`);
const typeSchema = z.union([z.literal(SERVICE_VALUE_TYPE.INT), z.literal(SERVICE_VALUE_TYPE.FLOAT)], { error: 'type must be 0 (int) or 1 (float)' });

const wireSchema = z.tuple([
  keySchema,
  typeSchema,
  z.instanceof(Uint8Array, { message: 'value must be a byte string' }).refine((bytes) => bytes.length === ROUTE_VALUE_BYTES, `value must be ${ROUTE_VALUE_BYTES} bytes`),
], { error: 'payload must be an array [key, type, bytes]' });

// Floats may be NaN or infinite as on the MCU (zod's number() refuses both); a finite value
// too large for float32 may not.
const anyNumber = z.custom<number>((value) => typeof value === 'number', { message: 'value must be a number' });
const valueSchema = z
  .object({ key: keySchema, type: typeSchema, value: anyNumber })
  .refine(({ type, value }) => type !== SERVICE_VALUE_TYPE.INT || (Number.isInteger(value) && value >= INT32_MIN && value <= INT32_MAX), 'an int value must be an integer within int32')
  .refine(({ type, value }) => type !== SERVICE_VALUE_TYPE.FLOAT || !Number.isFinite(value) || Number.isFinite(Math.fround(value)), 'a float value must fit float32');

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue?.message ?? 'wrong shape';
}

/** The route payload for `value`; FarsideError INVALID_INPUT when it is not an int32 or float32 value. */
export function encodeRoutePayload(value: ServiceValue): Uint8Array {
  const checked = valueSchema.safeParse(value);
  if (!checked.success) throw invalidInput(`cannot send this value on a route: ${firstIssue(checked.error)}`);
  const { key, type, value: number } = checked.data;
  const bytes = new Uint8Array(ROUTE_VALUE_BYTES);
  const view = new DataView(bytes.buffer);
  if (type === SERVICE_VALUE_TYPE.INT) view.setInt32(0, number, true);
  else view.setFloat32(0, number, true);
  // A copy: cbor-x may hand out a view of a buffer it reuses for the next encode.
  return new Uint8Array(cbor.encode([key, type, bytes]));
}

/** The value a route payload carries; FarsideError INVALID_INPUT on anything but `[key, type, 4 bytes]`. */
export function decodeRoutePayload(payload: Uint8Array): ServiceValue {
  if (payload.length === 0) throw invalidInput('route payload is empty');
  if (payload.length > MAX_ROUTE_PAYLOAD_BYTES) throw invalidInput(`route payload of ${payload.length} bytes is over ${MAX_ROUTE_PAYLOAD_BYTES}`);
  let decoded: unknown;
  try {
    decoded = cbor.decode(payload);
  } catch (err) {
    throw invalidInput(`route payload is not well-formed CBOR: ${err instanceof Error ? err.message : String(err)}`, err);
  }
  const checked = wireSchema.safeParse(decoded);
  if (!checked.success) throw invalidInput(`route payload is not [key, type, bytes]: ${firstIssue(checked.error)}`);
  const [key, type, bytes] = checked.data;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const value = type === SERVICE_VALUE_TYPE.INT ? view.getInt32(0, true) : view.getFloat32(0, true);
  return { key, type, value };
}
