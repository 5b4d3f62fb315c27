import { invalidInput, isObjectLink, type ResourceModel, type ResourceType, type ResourceValue } from '../../lwm2m/index.js';
import type { SdfNames } from './sdf-names.js';
import type { SdfValue } from '../../sdf-models/index.js';
import type { ValueMode } from './value-modes.js';

/** LwM2M's "no link" value (Core §C: both ids 65535). */
const NULL_LINK = 65535;

/** An LwM2M value as SDF carries it in the given mode. */
export function sdfFromValue(value: ResourceValue, type: ResourceType, mode: ValueMode, names: SdfNames): SdfValue {
  if (value instanceof Uint8Array) {
    if (mode === 'cbor') return value;
    return mode === 'compat' ? Buffer.from(value).toString('hex') : Buffer.from(value).toString('base64url');
  }
  if (value instanceof Date) {
    const seconds = Math.floor(value.getTime() / 1000);
    return mode === 'compat' ? String(seconds) : seconds;
  }
  if (isObjectLink(value)) {
    if (value.objectId === NULL_LINK && value.instanceId === NULL_LINK) return '';
    return `${names.objectName(value.objectId)}/${value.instanceId}`;
  }
  if (mode === 'compat') return typeof value === 'string' ? value : String(value);
  if (typeof value === 'bigint' && mode === 'typed') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (type === 'time' && typeof value === 'number') return value;
  return value as SdfValue;
}

/**
 * An SDF value back to the LwM2M value the resource model asks for. Lenient in
 * what it reads (a string or a JSON number for a number, hex or base64url or an
 * object for opaque) because FITA clients send all of these; strict in what it
 * produces. Throws FARSIDE_ERR_INVALID_INPUT naming the property otherwise.
 */
export function valueFromSdf(input: unknown, model: ResourceModel, mode: ValueMode, names: SdfNames, propertyName: string): ResourceValue {
  const bad = (expected: string): never => {
    throw invalidInput(`${propertyName} expects ${expected}, got ${describe(input)}`);
  };
  switch (model.type) {
    case 'string':
    case 'corelnk':
      if (typeof input === 'string') return input;
      if (typeof input === 'number' || typeof input === 'boolean') return String(input);
      return bad('a string');
    case 'integer':
    case 'unsigned': {
      const n = integerFrom(input);
      if (n === undefined) return bad('an integer');
      if (model.type === 'unsigned' && n < 0) return bad('an unsigned integer');
      return n;
    }
    case 'float': {
      const n = typeof input === 'number' ? input : typeof input === 'string' && input.trim() !== '' ? Number(input) : NaN;
      return Number.isFinite(n) ? n : bad('a number');
    }
    case 'boolean':
      if (typeof input === 'boolean') return input;
      if (input === 'true' || input === '1' || input === 1) return true;
      if (input === 'false' || input === '0' || input === 0) return false;
      return bad('a boolean');
    case 'time': {
      const n = integerFrom(input);
      return n === undefined ? bad('a time in seconds since 1970') : new Date(Number(n) * 1000);
    }
    case 'opaque':
      return opaqueFrom(input, mode) ?? bad('bytes (hex, base64url or a JSON document)');
    case 'objlnk': {
      if (input === '') return { objectId: NULL_LINK, instanceId: NULL_LINK };
      const link = typeof input === 'string' ? names.objectLink(input) : undefined;
      return link ?? bad('an object link like "Device/0"');
    }
    case 'none':
      return '';
    default: {
      const unknown: never = model.type;
      return bad(`a value of type ${String(unknown)}`);
    }
  }
}

function integerFrom(input: unknown): number | bigint | undefined {
  if (typeof input === 'number') return Number.isInteger(input) ? input : undefined;
  if (typeof input === 'bigint') return input;
  if (typeof input === 'string' && /^-?\d+$/.test(input.trim())) {
    const big = BigInt(input.trim());
    return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
  }
  return undefined;
}

function opaqueFrom(input: unknown, mode: ValueMode): Uint8Array | undefined {
  if (input instanceof Uint8Array) return input;
  if (typeof input === 'string') {
    if (mode === 'compat' && input.length % 2 === 0 && /^[0-9a-fA-F]*$/.test(input)) return Buffer.from(input, 'hex');
    if (mode === 'typed' && /^[A-Za-z0-9_-]*$/.test(input)) return Buffer.from(input, 'base64url');
    // A document sent as text (FITA writes service.json this way): its UTF-8 bytes.
    return Buffer.from(input, 'utf8');
  }
  // A JSON document sent as an object (FITA's kubelet does for Package).
  if (typeof input === 'object' && input !== null) return Buffer.from(JSON.stringify(input), 'utf8');
  return undefined;
}

function describe(input: unknown): string {
  if (input === null) return 'null';
  if (typeof input === 'string') return `"${input.length > 40 ? input.slice(0, 40) + '…' : input}"`;
  if (typeof input === 'object') return Array.isArray(input) ? 'an array' : 'an object';
  return String(input);
}
