import { Encoder } from 'cbor-x';
import { z } from 'zod';
import { CONTENT_FORMAT } from '../content-format.js';
import { invalidInput } from '../errors.js';
import { rejectMustUnderstand, senmlCodec, SENML_COMMON_FIELDS, shapeError, type SenmlCodec, type SenmlRecord } from './senml-records.js';

const SYNTAX = 'SenML CBOR';

/** RFC 8428 §6: integer labels of the SenML fields in CBOR. */
export const SENML_CBOR_LABEL = {
  bver: -1,
  bn: -2,
  bt: -3,
  bu: -4,
  bv: -5,
  bs: -6,
  n: 0,
  u: 1,
  v: 2,
  vs: 3,
  vb: 4,
  s: 5,
  t: 6,
  ut: 7,
  vd: 8,
} as const;

/** LwM2M 1.1 Core §7.4.5: the object link has no registered label and keeps its JSON name. */
const OBJECT_LINK_KEY = 'vlo';

const FIELD_BY_LABEL: ReadonlyMap<number, string> = new Map(Object.entries(SENML_CBOR_LABEL).map(([field, label]) => [label, field]));

// Plain CBOR for other SenML implementations: no cbor-x record extension, Maps kept as
// maps (integer keys stay integers), byte strings without the typed-array tag 64.
const cbor = new Encoder({ useRecords: false, mapsAsObjects: false, tagUint8Array: false });

// Non-finite floats are legal in CBOR and in an LwM2M float, so `v` takes any number.
const anyNumber = z.custom<number>((value) => typeof value === 'number', { message: 'expected a number' });

const cborPayloadSchema = z.array(
  z.object({
    ...SENML_COMMON_FIELDS,
    v: z.union([anyNumber, z.bigint()]).optional(),
    vd: z.instanceof(Uint8Array, { message: 'expected a byte string' }).optional(),
  }),
);

/** A CBOR map with SenML labels as an object with SenML field names; unknown labels are dropped (RFC 8428 §4.4). */
function fieldsFromMap(entry: unknown, index: number): Record<string, unknown> {
  if (!(entry instanceof Map)) throw invalidInput(`${SYNTAX} record ${index} is not a map`);
  const fields: Record<string, unknown> = {};
  for (const [label, value] of entry as Map<unknown, unknown>) {
    if (typeof label === 'string') rejectMustUnderstand(label, SYNTAX, index);
    const field = typeof label === 'number' ? FIELD_BY_LABEL.get(label) : label === OBJECT_LINK_KEY ? OBJECT_LINK_KEY : undefined;
    if (field !== undefined) fields[field] = value;
  }
  return fields;
}

function parse(payload: Uint8Array): SenmlRecord[] {
  let decoded: unknown;
  try {
    decoded = cbor.decode(payload);
  } catch (err) {
    throw invalidInput(`${SYNTAX} payload is not well-formed CBOR: ${err instanceof Error ? err.message : String(err)}`, err);
  }
  if (!Array.isArray(decoded)) throw invalidInput(`${SYNTAX} payload must be an array of records`);
  const result = cborPayloadSchema.safeParse(decoded.map(fieldsFromMap));
  if (!result.success) throw shapeError(SYNTAX, result.error);
  // A copy, so a node neither pins nor aliases the received datagram.
  return result.data.map(({ vd, ...record }) => (vd === undefined ? record : { ...record, vd: new Uint8Array(vd) }));
}

function serialize(records: readonly SenmlRecord[]): Uint8Array {
  const maps = records.map((record) => {
    const map = new Map<number | string, unknown>();
    for (const [field, value] of Object.entries(record)) {
      if (value === undefined) continue;
      const label = field === OBJECT_LINK_KEY ? OBJECT_LINK_KEY : SENML_CBOR_LABEL[field as keyof typeof SENML_CBOR_LABEL];
      if (label !== undefined) map.set(label, value);
    }
    return map;
  });
  try {
    // A copy: cbor-x may hand out a view of a buffer it reuses for the next encode.
    return new Uint8Array(cbor.encode(maps));
  } catch (err) {
    throw invalidInput(`${SYNTAX} cannot encode these records: ${err instanceof Error ? err.message : String(err)}`, err);
  }
}

/** Content format 112, SenML CBOR (RFC 8428 §6; LwM2M 1.1 Core §7.4.5). */
export const senmlCborCodec: SenmlCodec = senmlCodec(CONTENT_FORMAT.SENML_CBOR, { parse, serialize });
