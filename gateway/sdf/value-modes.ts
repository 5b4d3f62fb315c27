/**
 * How values travel in SDF payloads (sdf-models/CONTRACT.md): `compat` is what
 * FITA's clients parse (every value a string), `typed` uses JSON types, `cbor`
 * native CBOR types with byte strings.
 */
export type ValueMode = 'compat' | 'typed' | 'cbor';

/** A value as it appears in an SDF payload. */
export type SdfValue = string | number | boolean | bigint | Uint8Array | null | SdfValueMap;
export interface SdfValueMap {
  readonly [key: string]: SdfValue;
}
