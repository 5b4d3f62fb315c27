/**
 * What MLSysOps knob names and values look like, and how the device shell writes them back
 * (firmware-sim/shell/knob-commands.ts): `NAME=VALUE` for one knob, `NAME=VALUE (A|B|C)` per
 * line for the list. Checked here so that a typo never costs a device round trip.
 */
import { z } from 'zod';
import { invalidInput } from '../../errors/index.js';

/** Upper-case letters, digits and underscores, as MLSysOps spells them (TX_PWR); the device matches them case-sensitively. */
export const knobNameSchema = z.string().regex(/^[A-Z][A-Z0-9_]{0,31}$/, 'a knob name is upper-case letters, digits and _ (e.g. TX_PWR)');

/** The device matches values without regard to case and stores them upper-case, so they are upper-cased before checking. */
export const knobValueSchema = z
  .string()
  .transform((value) => value.toUpperCase())
  .pipe(z.string().regex(/^[A-Z0-9_]{1,16}$/, 'a knob value is 1 to 16 letters, digits or _ (e.g. LOW)'));

/** One knob as the device reports it. */
export interface KnobState {
  readonly name: string;
  readonly value: string;
  /** The values the device accepts, in its spelling. */
  readonly allowed: readonly string[];
}

/** One knob's current value. */
export interface KnobValue {
  readonly name: string;
  readonly value: string;
}

export function knobNameFrom(text: unknown): string {
  const parsed = knobNameSchema.safeParse(text);
  if (!parsed.success) throw invalidInput(`${JSON.stringify(text)} is not a knob name: ${parsed.error.issues[0]?.message ?? 'bad name'}`);
  return parsed.data;
}

export function knobValueFrom(text: unknown): string {
  const parsed = knobValueSchema.safeParse(text);
  if (!parsed.success) throw invalidInput(`${JSON.stringify(text)} is not a knob value: ${parsed.error.issues[0]?.message ?? 'bad value'}`);
  return parsed.data;
}

const VALUE_LINE = /^([A-Z][A-Z0-9_]*)=([^\s]*)$/;
const LIST_LINE = /^([A-Z][A-Z0-9_]*)=([^\s]*) \(([^)]*)\)$/;

/** `NAME=VALUE`, or undefined when the reply is not one. */
export function knobValueFromReply(reply: string): KnobValue | undefined {
  const match = VALUE_LINE.exec(reply.trim());
  return match ? { name: match[1] ?? '', value: match[2] ?? '' } : undefined;
}

/** Every `NAME=VALUE (A|B)` line; other lines are skipped, since a newer firmware may add some. */
export function knobStatesFromReply(reply: string): KnobState[] {
  const states: KnobState[] = [];
  for (const line of reply.split(/\r?\n/)) {
    const match = LIST_LINE.exec(line.trim());
    if (match) states.push({ name: match[1] ?? '', value: match[2] ?? '', allowed: (match[3] ?? '').split('|').filter((v) => v !== '') });
  }
  return states;
}
