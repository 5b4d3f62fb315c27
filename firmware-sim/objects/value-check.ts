/**
 * Does a value fit a resource's model? Writes are checked against the model, not against
 * the type a codec put on the node, because codecs without a model guess (a SenML number
 * says nothing about integer vs float).
 */
import type { ResourceModel, ResourceType } from '../../lwm2m/model.js';
import { isObjectLink, type ResourceValue } from '../../lwm2m/node.js';

// LwM2M 1.1 Core Appendix C: Integer is a signed 64-bit value, Unsigned Integer 64-bit.
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

function isInteger(value: ResourceValue, min: bigint, max: bigint): boolean {
  if (typeof value === 'bigint') return value >= min && value <= max;
  return typeof value === 'number' && Number.isSafeInteger(value) && BigInt(value) >= min && BigInt(value) <= max;
}

export function valueFitsType(type: ResourceType, value: ResourceValue): boolean {
  switch (type) {
    case 'string':
    case 'corelnk':
      return typeof value === 'string';
    case 'integer':
      return isInteger(value, INT64_MIN, INT64_MAX);
    case 'unsigned':
      return isInteger(value, 0n, UINT64_MAX);
    case 'float':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'opaque':
      return value instanceof Uint8Array;
    case 'time':
      return value instanceof Date && !Number.isNaN(value.getTime());
    case 'objlnk':
      return isObjectLink(value);
    case 'none':
      // Executable resources carry no value.
      return false;
    default: {
      const unknown: never = type;
      return unknown;
    }
  }
}

/** `min..max` (or `min..max bytes`) from the registry's RangeEnumeration; other forms (lists, prose) are not checked. */
function parseRange(range: string | undefined): { min: number; max: number } | undefined {
  const match = /^\s*(-?\d+(?:\.\d+)?)\s*\.\.\s*(-?\d+(?:\.\d+)?)\s*(?:bytes)?\s*$/.exec(range ?? '');
  if (!match) return undefined;
  return { min: Number(match[1]), max: Number(match[2]) };
}

function withinRange(model: ResourceModel, value: ResourceValue): boolean {
  const range = parseRange(model.range);
  if (range === undefined) return true;
  if (typeof value === 'number' || typeof value === 'bigint') {
    return Number(value) >= range.min && Number(value) <= range.max;
  }
  // For String resources the registry's range is a length (e.g. Server URI 0..255).
  if (typeof value === 'string') return Buffer.byteLength(value) >= range.min && Buffer.byteLength(value) <= range.max;
  return true;
}

export function valueFitsModel(model: ResourceModel, value: ResourceValue): boolean {
  return valueFitsType(model.type, value) && withinRange(model, value);
}

export function isNumericType(type: ResourceType): boolean {
  return type === 'integer' || type === 'unsigned' || type === 'float';
}

export function valuesEqual(a: ResourceValue, b: ResourceValue): boolean {
  if (a instanceof Uint8Array && b instanceof Uint8Array) return Buffer.from(a).equals(b);
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (isObjectLink(a) && isObjectLink(b)) return a.objectId === b.objectId && a.instanceId === b.instanceId;
  return a === b;
}
