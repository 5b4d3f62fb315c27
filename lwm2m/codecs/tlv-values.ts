import { invalidInput } from '../errors.js';
import type { ResourceType } from '../model.js';
import { isObjectLink, type ResourceValue } from '../node.js';
import { bigIntFromValue, dateFromSeconds, INT64_MAX, INT64_MIN, integerFromBigInt, secondsFromDate, UINT64_MAX } from './int64.js';
import { decodeUtf8, encodeUtf8 } from './strict-utf8.js';
import { invalidValue, isObjlnkId } from './value-checks.js';

/**
 * Binary forms of resource values inside TLV (LwM2M 1.1 Core Appendix C, "TLV" column).
 * Integers are big-endian two's complement of 1, 2, 4 or 8 bytes, the shortest that fits.
 */

/** Core Appendix C: Objlnk is two 16-bit ids, object then instance. */
const OBJLNK_BYTES = 4;

function signedWidth(n: bigint): 1 | 2 | 4 | 8 {
  if (n >= -0x80n && n <= 0x7fn) return 1;
  if (n >= -0x8000n && n <= 0x7fffn) return 2;
  if (n >= -0x8000_0000n && n <= 0x7fff_ffffn) return 4;
  return 8;
}

function encodeSigned(n: bigint): Uint8Array {
  const width = signedWidth(n);
  const view = new DataView(new ArrayBuffer(width));
  if (width === 8) view.setBigInt64(0, n);
  else if (width === 4) view.setInt32(0, Number(n));
  else if (width === 2) view.setInt16(0, Number(n));
  else view.setInt8(0, Number(n));
  return new Uint8Array(view.buffer);
}

function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function decodeSigned(bytes: Uint8Array, where: string, what: string): bigint {
  const view = viewOf(bytes);
  switch (bytes.length) {
    case 1: return BigInt(view.getInt8(0));
    case 2: return BigInt(view.getInt16(0));
    case 4: return BigInt(view.getInt32(0));
    case 8: return view.getBigInt64(0);
    default: throw invalidInput(`${where}: ${what} needs 1, 2, 4 or 8 bytes, got ${bytes.length}`);
  }
}

// Unsigned values are written like Integer (so a peer that reads them as signed still
// gets them right) but read as unsigned, which accepts both that and the plain
// unsigned form some clients send (e.g. 200 as the single byte 0xC8).
function decodeUnsigned(bytes: Uint8Array, where: string): bigint {
  const view = viewOf(bytes);
  switch (bytes.length) {
    case 1: return BigInt(view.getUint8(0));
    case 2: return BigInt(view.getUint16(0));
    case 4: return BigInt(view.getUint32(0));
    case 8: return view.getBigUint64(0);
    default: throw invalidInput(`${where}: unsigned integer needs 1, 2, 4 or 8 bytes, got ${bytes.length}`);
  }
}

function encodeUnsigned(n: bigint): Uint8Array {
  if (n <= INT64_MAX) return encodeSigned(n);
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, n);
  return new Uint8Array(view.buffer);
}

function encodeFloat(n: number): Uint8Array {
  // 4 bytes when float32 holds the value exactly (NaN included), else 8: the shortest lossless form.
  if (Math.fround(n) === n || Number.isNaN(n)) {
    const view = new DataView(new ArrayBuffer(4));
    view.setFloat32(0, n);
    return new Uint8Array(view.buffer);
  }
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, n);
  return new Uint8Array(view.buffer);
}


/** The TLV value bytes of `value` as a `type`; throws FARSIDE_ERR_INVALID_INPUT when they do not fit. */
export function tlvFromValue(type: ResourceType, value: ResourceValue, where: string): Uint8Array {
  switch (type) {
    case 'string':
    case 'corelnk':
      if (typeof value !== 'string') invalidValue(where, type, value);
      return encodeUtf8(value);
    case 'opaque':
      if (!(value instanceof Uint8Array)) invalidValue(where, type, value);
      return value;
    case 'integer': {
      const n = bigIntFromValue(value);
      if (n === undefined || n < INT64_MIN || n > INT64_MAX) invalidValue(where, type, value);
      return encodeSigned(n);
    }
    case 'unsigned': {
      const n = bigIntFromValue(value);
      if (n === undefined || n < 0n || n > UINT64_MAX) invalidValue(where, type, value);
      return encodeUnsigned(n);
    }
    case 'float':
      if (typeof value !== 'number') invalidValue(where, type, value);
      return encodeFloat(value);
    case 'boolean':
      if (typeof value !== 'boolean') invalidValue(where, type, value);
      return Uint8Array.of(value ? 1 : 0);
    case 'time': {
      const seconds = value instanceof Date ? secondsFromDate(value) : undefined;
      if (seconds === undefined) invalidValue(where, type, value);
      return encodeSigned(seconds);
    }
    case 'objlnk': {
      if (!isObjectLink(value) || !isObjlnkId(value.objectId) || !isObjlnkId(value.instanceId)) invalidValue(where, type, value);
      const view = new DataView(new ArrayBuffer(OBJLNK_BYTES));
      view.setUint16(0, value.objectId);
      view.setUint16(2, value.instanceId);
      return new Uint8Array(view.buffer);
    }
    case 'none':
      return new Uint8Array(0);
  }
}

/** Reads TLV value bytes as a `type`; `where` names the path for error messages. */
export function valueFromTlv(type: ResourceType, bytes: Uint8Array, where: string): ResourceValue {
  switch (type) {
    case 'string':
    case 'corelnk':
      return decodeUtf8(bytes, where);
    case 'opaque':
      return new Uint8Array(bytes);
    case 'integer':
      return integerFromBigInt(decodeSigned(bytes, where, 'integer'));
    case 'unsigned':
      return integerFromBigInt(decodeUnsigned(bytes, where));
    case 'float':
      if (bytes.length === 4) return viewOf(bytes).getFloat32(0);
      if (bytes.length === 8) return viewOf(bytes).getFloat64(0);
      throw invalidInput(`${where}: float needs 4 or 8 bytes, got ${bytes.length}`);
    case 'boolean':
      if (bytes.length !== 1 || (bytes[0] !== 0 && bytes[0] !== 1)) throw invalidInput(`${where}: boolean must be the single byte 0 or 1`);
      return bytes[0] === 1;
    case 'time': {
      const date = dateFromSeconds(decodeSigned(bytes, where, 'time'));
      if (date === undefined) throw invalidInput(`${where}: time is out of range`);
      return date;
    }
    case 'objlnk': {
      if (bytes.length !== OBJLNK_BYTES) throw invalidInput(`${where}: object link needs ${OBJLNK_BYTES} bytes, got ${bytes.length}`);
      const view = viewOf(bytes);
      return { objectId: view.getUint16(0), instanceId: view.getUint16(2) };
    }
    case 'none':
      if (bytes.length !== 0) throw invalidInput(`${where}: resource has no value, got ${bytes.length} bytes`);
      return '';
  }
}
