import { invalidInput } from '../errors.js';
import { MAX_ID } from '../path.js';

/**
 * The raw TLV layer (LwM2M 1.1 Core §7.4.3): a flat run of entries, each a type byte,
 * an 8- or 16-bit identifier, an optional 8/16/24-bit length and the value. Nesting is
 * left to the caller, which reads a container's value again as a run of entries.
 */

/** Type byte bits 7-6 (Core §7.4.3, Table 7.4.3-1): what the identifier names. */
export const TLV_IDENTIFIER_TYPE = {
  OBJECT_INSTANCE: 0b00,
  RESOURCE_INSTANCE: 0b01,
  MULTIPLE_RESOURCE: 0b10,
  RESOURCE_WITH_VALUE: 0b11,
} as const;

export type TlvKind = 'objectInstance' | 'resourceInstance' | 'multipleResource' | 'resourceValue';

const KIND_BY_BITS: readonly TlvKind[] = ['objectInstance', 'resourceInstance', 'multipleResource', 'resourceValue'];
const BITS_BY_KIND: Readonly<Record<TlvKind, number>> = {
  objectInstance: TLV_IDENTIFIER_TYPE.OBJECT_INSTANCE,
  resourceInstance: TLV_IDENTIFIER_TYPE.RESOURCE_INSTANCE,
  multipleResource: TLV_IDENTIFIER_TYPE.MULTIPLE_RESOURCE,
  resourceValue: TLV_IDENTIFIER_TYPE.RESOURCE_WITH_VALUE,
};

/** Type byte bit 5: set when the identifier is 16 bits wide. */
const TLV_ID_16_BIT = 0b0010_0000;
/** Type byte bits 4-3: width of the length field in bytes (0 = length is in bits 2-0). */
const TLV_LENGTH_TYPE_SHIFT = 3;
/** Type byte bits 2-0: the value length itself, when it is below 8. */
const TLV_INLINE_LENGTH_MASK = 0b111;
/** The 24-bit length field caps a value at 16 MiB - 1 bytes. */
export const TLV_MAX_VALUE_BYTES = 0xff_ffff;

export interface TlvEntry {
  readonly kind: TlvKind;
  readonly id: number;
  /** The value bytes; for containers, the nested entries still encoded. A view, not a copy. */
  readonly value: Uint8Array;
}

function readUint(bytes: Uint8Array, at: number, width: number): number {
  let n = 0;
  for (let i = 0; i < width; i++) n = n * 256 + (bytes[at + i] ?? 0);
  return n;
}

/** Splits a run of TLV entries; throws FARSIDE_ERR_INVALID_INPUT for anything truncated or out of range. */
export function readTlvEntries(bytes: Uint8Array): TlvEntry[] {
  const entries: TlvEntry[] = [];
  let at = 0;
  while (at < bytes.length) {
    const typeByte = bytes[at] ?? 0;
    const idWidth = typeByte & TLV_ID_16_BIT ? 2 : 1;
    const lengthWidth = (typeByte >> TLV_LENGTH_TYPE_SHIFT) & 0b11;
    const headerEnd = at + 1 + idWidth + lengthWidth;
    if (headerEnd > bytes.length) throw invalidInput(`TLV header at byte ${at} is truncated`);
    const id = readUint(bytes, at + 1, idWidth);
    if (id > MAX_ID) throw invalidInput(`TLV at byte ${at} uses the reserved id ${id}`);
    const length = lengthWidth === 0 ? typeByte & TLV_INLINE_LENGTH_MASK : readUint(bytes, at + 1 + idWidth, lengthWidth);
    if (headerEnd + length > bytes.length) {
      throw invalidInput(`TLV at byte ${at} declares ${length} value bytes but only ${bytes.length - headerEnd} remain`);
    }
    entries.push({ kind: KIND_BY_BITS[typeByte >> 6] ?? 'resourceValue', id, value: bytes.subarray(headerEnd, headerEnd + length) });
    at = headerEnd + length;
  }
  return entries;
}

/** Encodes one entry with the shortest identifier and length fields that fit. */
export function writeTlvEntry(kind: TlvKind, id: number, value: Uint8Array): Uint8Array {
  if (!Number.isInteger(id) || id < 0 || id > MAX_ID) throw invalidInput(`TLV id ${id} is not a valid LwM2M id`);
  const length = value.length;
  if (length > TLV_MAX_VALUE_BYTES) throw invalidInput(`TLV value of ${length} bytes exceeds the 24-bit length limit`);
  const idWidth = id > 0xff ? 2 : 1;
  const lengthWidth = length < 8 ? 0 : length <= 0xff ? 1 : length <= 0xffff ? 2 : 3;
  let typeByte = (BITS_BY_KIND[kind] << 6) | (lengthWidth << TLV_LENGTH_TYPE_SHIFT);
  if (idWidth === 2) typeByte |= TLV_ID_16_BIT;
  if (lengthWidth === 0) typeByte |= length;

  const out = new Uint8Array(1 + idWidth + lengthWidth + length);
  out[0] = typeByte;
  writeUint(out, 1, idWidth, id);
  writeUint(out, 1 + idWidth, lengthWidth, length);
  out.set(value, 1 + idWidth + lengthWidth);
  return out;
}

function writeUint(out: Uint8Array, at: number, width: number, n: number): void {
  for (let i = width - 1; i >= 0; i--) {
    out[at + i] = n & 0xff;
    n >>>= 8;
  }
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
