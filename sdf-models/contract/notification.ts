import { z } from 'zod';
import { invalidInput } from '../../errors/index.js';
import { decodeBody, encodeBody, type SdfEncoding } from './encoding.js';
import { parseShape, sdfThingsSchema, type SdfNotification, type SdfThings } from './payloads.js';

const WHAT = 'SDF notification';

const counters = z.object({
  seq: z.number().int().min(0),
  ts: z.number().finite().min(0),
});

/**
 * The things and counters of a wire-shaped body, checked. A thing named `seq` or `ts`
 * cannot be told from the counters, so it is never a thing here.
 */
function split(body: unknown): { things: SdfThings; seq: number; ts: number } {
  if (typeof body !== 'object' || body === null || Array.isArray(body) || body instanceof Uint8Array) {
    throw invalidInput(`${WHAT} must be a map`);
  }
  const { seq, ts, ...rest } = body as Record<string, unknown>;
  const checked = parseShape(counters, { seq, ts }, WHAT);
  const things = parseShape(sdfThingsSchema, rest, WHAT);
  if (Object.keys(things).length === 0) throw invalidInput(`${WHAT} names no thing`);
  return { things, seq: checked.seq, ts: checked.ts };
}

/** The bytes of a notification: `{"<thing>":{"sdfObject":{...}},"seq":<n>,"ts":<ms>}`. Throws FarsideError INVALID_INPUT on a bad shape. */
export function encodeNotification(notification: SdfNotification, encoding: SdfEncoding = 'json'): Uint8Array {
  const { things, seq, ts } = split(notification);
  return encodeBody({ ...things, seq, ts }, encoding);
}

/** A notification from its bytes; throws FarsideError INVALID_INPUT when they are not one. */
export function decodeNotification(payload: Uint8Array, encoding: SdfEncoding = 'json'): SdfNotification {
  return parseNotification(decodeBody(payload, encoding, WHAT));
}

/** A notification from an already decoded body; throws FarsideError INVALID_INPUT when it is not one. */
export function parseNotification(body: unknown): SdfNotification {
  const { things, seq, ts } = split(body);
  return { ...things, seq, ts };
}

/** The things a notification carries (every entry but `seq` and `ts`). */
export function notificationThings(notification: SdfNotification): SdfThings {
  const { seq: _seq, ts: _ts, ...things } = notification;
  return things as SdfThings;
}
