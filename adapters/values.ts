import { invalidInput } from '../errors/index.js';
import type { SdfValue } from '../sdf-models/index.js';

/**
 * The JSON type of a property, learnt from the gateway's typed reading of it (the adapter
 * ships no object models). `text` covers strings and opaque: both are read in compat mode,
 * where opaque is hex, so `text` values pass through unchanged.
 */
export type ValueKind = 'number' | 'boolean' | 'text';

/** A property value as the HTTP API carries it: JSON numbers and booleans, text, hex for opaque. */
export type JsonValue = string | number | boolean | null | { readonly [id: string]: JsonValue };

const isMap = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === 'object' && value !== null && !(value instanceof Uint8Array) && !Array.isArray(value);

/** The kind of a value read in typed mode; undefined when it cannot tell (null, an empty multiple-instance resource). */
export function kindOfTypedValue(value: SdfValue | undefined): ValueKind | undefined {
  if (typeof value === 'number' || typeof value === 'bigint') return 'number';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'string' || value instanceof Uint8Array) return 'text';
  if (isMap(value)) {
    for (const item of Object.values(value)) {
      const kind = kindOfTypedValue(item);
      if (kind !== undefined) return kind;
    }
  }
  return undefined;
}

/**
 * A value from SDF (compat text, typed JSON, or a native CBOR value) as the API's JSON.
 * Notifications come in the mode of whoever observed the topic first, so every mode is read.
 */
export function jsonFromSdf(value: SdfValue, kind: ValueKind | undefined): JsonValue {
  if (value === null) return null;
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex');
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (isMap(value)) return Object.fromEntries(Object.entries(value).map(([id, item]) => [id, jsonFromSdf(item as SdfValue, kind)]));
  if (typeof value !== 'string') return value;
  if (kind === 'number') {
    const n = value.trim() === '' ? Number.NaN : Number(value);
    return Number.isFinite(n) ? n : value;
  }
  if (kind === 'boolean') return value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value;
  return value;
}

function expected(kind: ValueKind): string {
  return kind === 'number' ? 'a number' : kind === 'boolean' ? 'a boolean' : 'a string (hex for opaque values)';
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `the ${typeof value} ${String(value)}`;
}

/**
 * A value from the API as the compat text the gateway parses. Checked against `kind` when
 * it is known (else the gateway checks it against the object model); throws FarsideError
 * INVALID_INPUT naming `what` and the expected type.
 */
export function sdfFromJson(value: unknown, kind: ValueKind | undefined, what: string): string | Record<string, string> {
  if (isMap(value)) {
    const entries = Object.entries(value).map(([id, item]) => {
      if (!/^\d{1,5}$/.test(id)) throw invalidInput(`${what}: a multiple-instance value maps resource instance ids ("0", "1", ...) to values, got the key ${JSON.stringify(id)}`);
      return [id, scalarFromJson(item, kind, `${what}/${id}`)] as const;
    });
    return Object.fromEntries(entries);
  }
  return scalarFromJson(value, kind, what);
}

function scalarFromJson(value: unknown, kind: ValueKind | undefined, what: string): string {
  const fits =
    kind === undefined
      ? typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))
      : kind === 'number'
        ? typeof value === 'number' && Number.isFinite(value)
        : kind === 'boolean'
          ? typeof value === 'boolean'
          : typeof value === 'string';
  if (!fits) throw invalidInput(`${what} expects ${kind === undefined ? 'a string, number or boolean' : expected(kind)}, got ${describe(value)}`);
  return String(value);
}
