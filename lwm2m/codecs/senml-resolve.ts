import { invalidInput } from '../errors.js';
import { parsePath, type LwM2mPath } from '../path.js';
import type { SenmlRecord } from './senml-records.js';
import type { SenmlValue } from './senml-values.js';

/**
 * SenML record resolution (RFC 8428 §4.6): base name, time and value folded into each
 * record, the full name read as an LwM2M path, the one value field picked out.
 */

/** RFC 8428 §4.5.3: a time below 2^28 s is relative to now; from there on, seconds since the epoch. */
export const SENML_RELATIVE_TIME_LIMIT_S = 2 ** 28;

export interface ResolvedRecord {
  readonly path: LwM2mPath;
  readonly time?: Date;
  readonly value?: SenmlValue;
}

const VALUE_FIELDS = ['v', 'vs', 'vb', 'vd', 'vlo'] as const;

// Canonical ids only: a base name "/3/0" followed by n "0" must not pass as /3/00 = /3/0.
const NAME_PATTERN = /^\/?(?:(?:0|[1-9]\d*)(?:\/(?:0|[1-9]\d*)){0,3}\/?)?$/;

function pathFromName(name: string, where: string): LwM2mPath {
  if (name === '') throw invalidInput(`${where} has no name (bn + n is empty)`);
  if (!NAME_PATTERN.test(name)) throw invalidInput(`${where}: name "${name.slice(0, 60)}" is not an LwM2M path`);
  return parsePath(name);
}

function timeOf(baseTime: number | undefined, time: number | undefined, nowMs: number, where: string): Date | undefined {
  if (baseTime === undefined && time === undefined) return undefined;
  const seconds = (baseTime ?? 0) + (time ?? 0);
  const ms = seconds < SENML_RELATIVE_TIME_LIMIT_S ? nowMs + seconds * 1000 : seconds * 1000;
  const date = new Date(Math.round(ms));
  if (Number.isNaN(date.getTime())) throw invalidInput(`${where}: time ${seconds} s is out of range`);
  return date;
}

function withBaseValue(value: number | bigint, baseValue: number | undefined): number | bigint {
  if (baseValue === undefined) return value;
  if (typeof value === 'number') return value + baseValue;
  return Number.isInteger(baseValue) ? value + BigInt(baseValue) : Number(value) + baseValue;
}

function valueOf(record: SenmlRecord, baseValue: number | undefined, where: string): SenmlValue | undefined {
  const present = VALUE_FIELDS.filter((field) => record[field] !== undefined);
  if (present.length > 1) throw invalidInput(`${where} carries more than one value (${present.join(', ')})`);
  if (record.v !== undefined) return { field: 'v', value: withBaseValue(record.v, baseValue) };
  if (record.vs !== undefined) return { field: 'vs', value: record.vs };
  if (record.vb !== undefined) return { field: 'vb', value: record.vb };
  if (record.vd !== undefined) return { field: 'vd', value: record.vd };
  if (record.vlo !== undefined) return { field: 'vlo', value: record.vlo };
  return undefined;
}

/** Full name = bn + n as an LwM2M path, time = bt + t, value = bv + v (RFC 8428 §4.6). */
export function resolveRecords(records: readonly SenmlRecord[], nowMs: number = Date.now()): ResolvedRecord[] {
  let baseName = '';
  let baseTime: number | undefined;
  let baseValue: number | undefined;
  return records.map((record, index) => {
    baseName = record.bn ?? baseName;
    baseTime = record.bt ?? baseTime;
    baseValue = record.bv ?? baseValue;
    const where = `SenML record ${index}`;
    const path = pathFromName(baseName + (record.n ?? ''), where);
    const time = timeOf(baseTime, record.t, nowMs, where);
    const value = valueOf(record, baseValue, where);
    return { path, ...(time && { time }), ...(value && { value }) };
  });
}
