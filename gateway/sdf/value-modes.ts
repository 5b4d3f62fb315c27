/**
 * How values travel in SDF payloads (sdf-models/CONTRACT.md): `compat` is what
 * FITA's clients parse (every value a string), `typed` uses JSON types, `cbor`
 * native CBOR types with byte strings.
 */
export type ValueMode = 'compat' | 'typed' | 'cbor';
