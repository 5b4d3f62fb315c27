/**
 * MLSysOps control knob events, as its agents send them:
 * `{"event":"CONTROL_KNOB_EVENT","payload":{"control_knob":"TX_PWR","action":"SET","value":"MED"}}`.
 */
import { z } from 'zod';
import { invalidInput } from '../../errors/index.js';
import type { KnobCallOptions, KnobClient } from './knob-client.js';
import { knobNameSchema, knobValueSchema, type KnobValue } from './knob-syntax.js';

export const CONTROL_KNOB_EVENT = 'CONTROL_KNOB_EVENT';

/** Largest event accepted, bytes: a knob event is a few dozen. */
export const MAX_KNOB_EVENT_BYTES = 16 * 1024;

export type KnobEvent = { readonly action: 'SET'; readonly knob: string; readonly value: string } | { readonly action: 'GET'; readonly knob: string };

const payloadSchema = z.discriminatedUnion('action', [
  z.looseObject({ action: z.literal('SET'), control_knob: knobNameSchema, value: knobValueSchema }),
  z.looseObject({ action: z.literal('GET'), control_knob: knobNameSchema }),
]);

const eventSchema = z.looseObject({
  event: z.literal(CONTROL_KNOB_EVENT, { error: `"event" must be "${CONTROL_KNOB_EVENT}"` }),
  payload: payloadSchema,
});

function jsonFrom(input: unknown): unknown {
  if (typeof input !== 'string' && !(input instanceof Uint8Array)) return input;
  const size = typeof input === 'string' ? Buffer.byteLength(input) : input.length;
  if (size > MAX_KNOB_EVENT_BYTES) throw invalidInput(`a knob event of ${size} bytes is over the ${MAX_KNOB_EVENT_BYTES}-byte limit`);
  try {
    return JSON.parse(typeof input === 'string' ? input : new TextDecoder('utf-8', { fatal: true }).decode(input));
  } catch (err) {
    throw invalidInput(`the knob event is not JSON: ${(err as Error).message}`, err);
  }
}

/** A knob event from JSON text, bytes or an already parsed value; anything else is INVALID_INPUT naming the first problem. */
export function parseKnobEvent(input: unknown): KnobEvent {
  const parsed = eventSchema.safeParse(jsonFrom(input));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    throw invalidInput(`invalid ${CONTROL_KNOB_EVENT}: ${where}${issue?.message ?? 'wrong shape'} (expected {"event":"${CONTROL_KNOB_EVENT}","payload":{"control_knob":"TX_PWR","action":"SET","value":"MED"}})`);
  }
  const payload = parsed.data.payload;
  return payload.action === 'SET' ? { action: 'SET', knob: payload.control_knob, value: payload.value } : { action: 'GET', knob: payload.control_knob };
}

/** Carries out `event` on `thing`; a SET resolves with the value read back. */
export function applyKnobEvent(client: KnobClient, thing: string, event: KnobEvent, options: KnobCallOptions = {}): Promise<KnobValue> {
  switch (event.action) {
    case 'SET':
      return client.set(thing, event.knob, event.value, options);
    case 'GET':
      return client.get(thing, event.knob, options);
    default: {
      const never: never = event;
      throw invalidInput(`unknown knob action ${JSON.stringify(never)}`);
    }
  }
}
