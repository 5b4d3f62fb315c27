import { invalidInput } from '../errors.js';
import type { ResourceType } from '../model.js';
import { isObjectLink, type ResourceValue } from '../node.js';
import { invalidValue, isObjlnkId, MAX_OBJLNK_ID } from './value-checks.js';
import { bigIntFromValue, dateFromSeconds, INT64_MAX, INT64_MIN, integerFromBigInt, secondsFromDate, UINT64_MAX } from './int64.js';

/**
 * Plain-text forms of resource values (LwM2M 1.1 Core Appendix C, "Text" column).
 * Parsing is strict: no surrounding whitespace, so a sloppy value is reported rather
 * than guessed at.
 */

const INTEGER_TEXT = /^[+-]?\d+$/;
const UNSIGNED_TEXT = /^\+?\d+$/;
const FLOAT_TEXT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const OBJLNK_TEXT = /^(\d{1,5}):(\d{1,5})$/;
/** Enough digits for any 64-bit value with generous zero padding; longer text is not a 64-bit number. */
const MAX_NUMBER_TEXT_CHARS = 64;

function parseBigInt(text: string, pattern: RegExp, where: string, what: string): bigint {
  if (text.length > MAX_NUMBER_TEXT_CHARS || !pattern.test(text)) throw invalidInput(`${where}: "${preview(text)}" is not ${what}`);
  return BigInt(text);
}

function preview(text: string): string {
  return text.length > 32 ? `${text.slice(0, 32)}…` : text;
}

/** Parses the text form of a value of `type`; `where` names the path for error messages. */
export function valueFromText(type: ResourceType, text: string, where: string): ResourceValue {
  switch (type) {
    case 'string':
    case 'corelnk':
      return text;
    case 'integer': {
      const n = parseBigInt(text, INTEGER_TEXT, where, 'a decimal integer');
      if (n < INT64_MIN || n > INT64_MAX) throw invalidInput(`${where}: ${text} is outside the 64-bit integer range`);
      return integerFromBigInt(n);
    }
    case 'unsigned': {
      const n = parseBigInt(text, UNSIGNED_TEXT, where, 'a decimal unsigned integer');
      if (n > UINT64_MAX) throw invalidInput(`${where}: ${text} is outside the 64-bit unsigned range`);
      return integerFromBigInt(n);
    }
    case 'float': {
      if (text.length > MAX_NUMBER_TEXT_CHARS * 8 || !FLOAT_TEXT.test(text)) throw invalidInput(`${where}: "${preview(text)}" is not a decimal number`);
      const n = Number(text);
      if (!Number.isFinite(n)) throw invalidInput(`${where}: ${preview(text)} is outside the float range`);
      return n;
    }
    case 'boolean':
      if (text === '1') return true;
      if (text === '0') return false;
      throw invalidInput(`${where}: boolean must be "0" or "1", got "${preview(text)}"`);
    case 'time': {
      const date = dateFromSeconds(parseBigInt(text, INTEGER_TEXT, where, 'a time in seconds'));
      if (date === undefined) throw invalidInput(`${where}: time ${text} is out of range`);
      return date;
    }
    case 'objlnk': {
      const match = OBJLNK_TEXT.exec(text);
      const objectId = Number(match?.[1]);
      const instanceId = Number(match?.[2]);
      if (match === null || objectId > MAX_OBJLNK_ID || instanceId > MAX_OBJLNK_ID) {
        throw invalidInput(`${where}: object link must look like "3:0", got "${preview(text)}"`);
      }
      return { objectId, instanceId };
    }
    case 'opaque':
      throw invalidInput(`${where}: an opaque resource cannot be sent as text; use application/octet-stream (42)`);
    case 'none':
      if (text !== '') throw invalidInput(`${where}: resource has no value, got "${preview(text)}"`);
      return '';
  }
}


/** The text form of `value` as a `type`; throws FARSIDE_ERR_INVALID_INPUT when they do not fit. */
export function textFromValue(type: ResourceType, value: ResourceValue, where: string): string {
  switch (type) {
    case 'string':
    case 'corelnk':
      if (typeof value !== 'string') invalidValue(where, type, value);
      return value;
    case 'integer': {
      const n = bigIntFromValue(value);
      if (n === undefined || n < INT64_MIN || n > INT64_MAX) invalidValue(where, type, value);
      return n.toString();
    }
    case 'unsigned': {
      const n = bigIntFromValue(value);
      if (n === undefined || n < 0n || n > UINT64_MAX) invalidValue(where, type, value);
      return n.toString();
    }
    case 'float':
      // String() gives the shortest text that reads back to the same double.
      if (typeof value !== 'number' || !Number.isFinite(value)) invalidValue(where, type, value);
      return String(value);
    case 'boolean':
      if (typeof value !== 'boolean') invalidValue(where, type, value);
      return value ? '1' : '0';
    case 'time': {
      const seconds = value instanceof Date ? secondsFromDate(value) : undefined;
      if (seconds === undefined) invalidValue(where, type, value);
      return seconds.toString();
    }
    case 'objlnk':
      if (!isObjectLink(value) || !isObjlnkId(value.objectId) || !isObjlnkId(value.instanceId)) invalidValue(where, type, value);
      return `${value.objectId}:${value.instanceId}`;
    case 'opaque':
      throw invalidInput(`${where}: an opaque resource cannot be sent as text; use application/octet-stream (42)`);
    case 'none':
      return '';
  }
}
