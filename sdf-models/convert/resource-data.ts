/**
 * The data qualities of one LwM2M resource: its OMA type (LwM2M 1.1 Core Appendix C)
 * as an SDF type, with the range and unit the registry gives.
 */
import type { Lwm2mResourceInput } from './lwm2m-input.js';
import { numericRange, stringMaxLength } from './ranges.js';
import type { SdfDataDefinition, SdfArrayItems, SdfPointer } from './sdf-model.js';
import { sdfUnit } from './units.js';

export interface ResourceData {
  /** Qualities of the property itself. */
  readonly data: SdfDataDefinition;
  /**
   * For a multiple-instance resource whose values need `sdfType` or `unit`, which array
   * items cannot carry (RFC 9880 Appendix A, `jso-items`): the value definition, for
   * the object's sdfData at `elementPointer`, which the items then reference.
   */
  readonly element?: SdfDataDefinition;
}

/** `elementPointer` is where `element` will live, should the resource need one. */
export function resourceData(resource: Lwm2mResourceInput, elementPointer: SdfPointer): ResourceData {
  const value = valueData(resource);
  if (!resource.multiple) return { data: value };
  const needsElement = value.sdfType !== undefined || value.unit !== undefined;
  const items: SdfArrayItems = {
    ...(needsElement ? { sdfRef: elementPointer } : {}),
    ...pick(value, ['type', 'minimum', 'maximum', 'minLength', 'maxLength']),
  } as SdfArrayItems;
  return { data: { type: 'array', items }, ...(needsElement ? { element: value } : {}) };
}

/** One value of the resource (one resource instance, for a multiple resource). */
function valueData(resource: Lwm2mResourceInput): SdfDataDefinition {
  const unit = sdfUnit(resource.units);
  const withUnit = (data: SdfDataDefinition): SdfDataDefinition => (unit === undefined ? data : { ...data, unit });
  switch (resource.type) {
    case 'string': {
      const maxLength = stringMaxLength(resource.range);
      return withUnit({ type: 'string', ...(maxLength === undefined ? {} : { maxLength }) });
    }
    case 'integer':
      return withUnit({ type: 'integer', ...integerBounds(resource.range) });
    case 'unsigned': {
      const { minimum = 0, maximum } = integerBounds(resource.range);
      return withUnit({ type: 'integer', minimum: Math.max(0, minimum), ...(maximum === undefined ? {} : { maximum }) });
    }
    case 'float': {
      const range = numericRange(resource.range);
      return withUnit({ type: 'number', ...(range ? { minimum: range.min, maximum: range.max } : {}) });
    }
    case 'boolean':
      return withUnit({ type: 'boolean' });
    case 'opaque':
      return withUnit({ type: 'string', sdfType: 'byte-string' });
    case 'time':
      // LwM2M Time is whole seconds since the epoch. RFC 9880 §4.7.1 gives number as the
      // conventional type of unix-time; integer is the part of it that LwM2M can carry.
      return withUnit({ type: 'integer', sdfType: 'unix-time' });
    case 'objlnk':
    case 'corelnk':
      return withUnit({ type: 'string' });
    case 'none':
      return withUnit({});
    default:
      return unknownType(resource.type);
  }
}

function integerBounds(range: string | undefined): { minimum?: number; maximum?: number } {
  const bounds = numericRange(range);
  if (!bounds || !Number.isInteger(bounds.min) || !Number.isInteger(bounds.max)) return {};
  return { minimum: bounds.min, maximum: bounds.max };
}

function pick<T extends object, K extends keyof T>(source: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const key of keys) if (source[key] !== undefined) out[key] = source[key];
  return out;
}

// The input type is checked by the caller; this only keeps the switch exhaustive.
function unknownType(type: never): never {
  throw new Error(`unknown resource type ${String(type)}`);
}
