import { invalidInput } from '../errors.js';
import type { ResourceType } from '../model.js';
import { isObjectLink, type ObjectLink, type ResourceValue } from '../node.js';
import { bigIntFromValue, dateFromSeconds, INT64_MAX, INT64_MIN, integerFromBigInt, secondsFromDate, UINT64_MAX } from './int64.js';
import type { SenmlRecord } from './senml-records.js';

/**
 * Values between SenML value fields and typed LwM2M resource values, both ways
 * (LwM2M 1.1 Core §7.4.4 table, Appendix C).
 */

/** The one value field a resolved record carries, with its value. */
export type SenmlValue =
  | { readonly field: 'v'; readonly value: number | bigint }
  | { readonly field: 'vs'; readonly value: string }
  | { readonly field: 'vb'; readonly value: boolean }
  | { readonly field: 'vd'; readonly value: Uint8Array }
  | { readonly field: 'vlo'; readonly value: string };

const MAX_LINK_ID = 65535; // Core Appendix C: 65535:65535 is the null link
const OBJECT_LINK_PATTERN = /^(\d{1,5}):(\d{1,5})$/;

function objectLinkFromText(text: string, where: string): ObjectLink {
  const match = OBJECT_LINK_PATTERN.exec(text);
  const objectId = Number(match?.[1]);
  const instanceId = Number(match?.[2]);
  if (!match || objectId > MAX_LINK_ID || instanceId > MAX_LINK_ID) throw invalidInput(`${where}: "${text.slice(0, 40)}" is not an object link (objectId:instanceId)`);
  return { objectId, instanceId };
}

function integerFromSenml(value: number | bigint, type: ResourceType, min: bigint, max: bigint, where: string): number | bigint {
  if (typeof value === 'number' && !Number.isInteger(value)) throw invalidInput(`${where} is of type ${type} but carries ${value}`);
  const big = BigInt(value);
  if (big < min || big > max) throw invalidInput(`${where}: ${big} is out of range for type ${type}`);
  return integerFromBigInt(big);
}

/** The typed value of a SenML value for a resource of `type`; the wrong field for the type is invalid input. */
export function typedFromSenml(type: ResourceType, senml: SenmlValue, where: string): ResourceValue {
  switch (type) {
    case 'string':
    case 'corelnk':
      if (senml.field === 'vs') return senml.value;
      break;
    case 'integer':
      if (senml.field === 'v') return integerFromSenml(senml.value, type, INT64_MIN, INT64_MAX, where);
      break;
    case 'unsigned':
      if (senml.field === 'v') return integerFromSenml(senml.value, type, 0n, UINT64_MAX, where);
      break;
    case 'float':
      if (senml.field === 'v') return Number(senml.value);
      break;
    case 'boolean':
      if (senml.field === 'vb') return senml.value;
      break;
    case 'opaque':
      if (senml.field === 'vd') return senml.value;
      break;
    case 'time':
      if (senml.field === 'v') {
        const date = dateFromSeconds(BigInt(integerFromSenml(senml.value, type, INT64_MIN, INT64_MAX, where)));
        if (date === undefined) throw invalidInput(`${where}: time ${senml.value} s is out of range`);
        return date;
      }
      break;
    case 'objlnk':
      if (senml.field === 'vlo') return objectLinkFromText(senml.value, where);
      break;
    case 'none':
      break;
  }
  throw invalidInput(`${where} is of type ${type} but its SenML record carries "${senml.field}"`);
}

/** With no model, the SenML field is the only type information there is. */
export function inferredType(senml: SenmlValue): ResourceType {
  switch (senml.field) {
    case 'v': {
      if (typeof senml.value === 'number' && !Number.isInteger(senml.value)) return 'float';
      const big = BigInt(senml.value);
      if (big >= INT64_MIN && big <= INT64_MAX) return 'integer';
      return big >= 0n && big <= UINT64_MAX ? 'unsigned' : 'float';
    }
    case 'vs':
      return 'string';
    case 'vb':
      return 'boolean';
    case 'vd':
      return 'opaque';
    case 'vlo':
      return 'objlnk';
  }
}

export type SenmlValueFields = Pick<SenmlRecord, 'v' | 'vs' | 'vb' | 'vd' | 'vlo'>;

function describeValue(value: ResourceValue): string {
  if (value instanceof Date) return 'a Date';
  if (value instanceof Uint8Array) return 'bytes';
  return isObjectLink(value) ? 'an object link' : `a ${typeof value}`;
}

function isLinkId(id: number): boolean {
  return Number.isInteger(id) && id >= 0 && id <= MAX_LINK_ID;
}

/** The SenML value field for a typed value; a value that does not fit its type is invalid input. */
export function senmlFromTyped(type: ResourceType, value: ResourceValue, where: string): SenmlValueFields {
  switch (type) {
    case 'string':
    case 'corelnk':
      if (typeof value === 'string') return { vs: value };
      break;
    case 'integer':
    case 'unsigned': {
      const big = bigIntFromValue(value);
      const [min, max] = type === 'integer' ? [INT64_MIN, INT64_MAX] : [0n, UINT64_MAX];
      if (big !== undefined && big >= min && big <= max) return { v: integerFromBigInt(big) };
      break;
    }
    case 'float':
      if (typeof value === 'number' || typeof value === 'bigint') return { v: Number(value) };
      break;
    case 'boolean':
      if (typeof value === 'boolean') return { vb: value };
      break;
    case 'opaque':
      if (value instanceof Uint8Array) return { vd: value };
      break;
    case 'time': {
      const seconds = value instanceof Date ? secondsFromDate(value) : bigIntFromValue(value);
      if (seconds !== undefined) return { v: integerFromBigInt(seconds) };
      break;
    }
    case 'objlnk':
      if (isObjectLink(value) && isLinkId(value.objectId) && isLinkId(value.instanceId)) return { vlo: `${value.objectId}:${value.instanceId}` };
      break;
    case 'none':
      break;
  }
  throw invalidInput(`cannot encode ${describeValue(value)} as type ${type} at ${where}`);
}
