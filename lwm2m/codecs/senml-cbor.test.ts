import { Encoder } from 'cbor-x';
import { describe, expect, it } from 'vitest';
import { expectInvalidInput } from '../../test/support/assertions.js';
import { hex } from '../../test/support/bytes.js';
import { DEVICE_INSTANCE as DEVICE } from '../../test/support/device-models.js';
import { fuzzSenmlCodec } from '../../test/support/senml-fuzz.js';
import { everyTypeInstance, everyTypeObject, roundTripCases, SENML_MODELS as MODELS } from '../../test/support/senml-samples.js';
import type { TimestampedNode } from '../codec.js';
import { CONTENT_FORMAT } from '../content-format.js';
import { EMPTY_MODELS } from '../model.js';
import { lwm2mObject, multipleResource, objectInstance, singleResource } from '../node.js';
import type { LwM2mPath } from '../path.js';
import { senmlCborCodec as codec } from './senml-cbor.js';

// RFC 8428 §6 labels, written out here rather than taken from the codec, so the test checks them.
const LABELS: Record<string, number | string> = { bn: -2, bt: -3, bv: -5, n: 0, v: 2, vs: 3, vb: 4, s: 5, t: 6, ut: 7, vd: 8, vlo: 'vlo' };
const plain = new Encoder({ useRecords: false, mapsAsObjects: false, tagUint8Array: false });

/** SenML CBOR from JSON-like records with field names; a field not in LABELS keeps its name as key. */
function cborOf(records: readonly Record<string, unknown>[]): Uint8Array {
  return plain.encode(records.map((record) => new Map(Object.entries(record).map(([field, value]) => [LABELS[field] ?? field, value]))));
}

// LwM2M 1.1 Core §7.4.4 example (Read /3/0), carried in CBOR as §7.4.5 describes.
const DEVICE_RECORDS = [
  { bn: '/3/0/', n: '0', vs: 'Open Mobile Alliance' }, { n: '1', vs: 'Lightweight M2M Client' }, { n: '2', vs: '345000123' },
  { n: '3', vs: '1.0' }, { n: '6/0', v: 1 }, { n: '6/1', v: 5 }, { n: '7/0', v: 3800 }, { n: '7/1', v: 5000 }, { n: '8/0', v: 125 },
  { n: '8/1', v: 900 }, { n: '9', v: 100 }, { n: '10', v: 15 }, { n: '11/0', v: 0 }, { n: '13', v: 1367491215 },
  { n: '14', vs: '+02:00' }, { n: '16', vs: 'U' },
];

const EVERY_TYPE = everyTypeInstance([[0, 1e300], [1, 2], [2, Number.NaN], [3, -Infinity]]);

const EVERY_TYPE_OBJECT = everyTypeObject(EVERY_TYPE);

describe('SenML CBOR decoding of the LwM2M specification examples', () => {
  it('decodes the Read /3/0 example into the Device object instance with model types', () => {
    expect(codec.decode([3, 0], cborOf(DEVICE_RECORDS), MODELS)).toEqual(DEVICE);
  });

  it('decodes a single resource read written byte by byte with the integer labels', () => {
    // [{-2: "/3/0/0", 3: "Open Mobile Alliance"}]
    const payload = hex('81 a2 21 66 2f332f302f30 03 74 4f70656e204d6f62696c6520416c6c69616e6365');
    expect(codec.decode([3, 0, 0], payload, MODELS)).toEqual(singleResource(0, 'string', 'Open Mobile Alliance'));
  });

  it('decodes absolute names without a base name the same as base name plus relative names', () => {
    const absolute = DEVICE_RECORDS.map(({ bn: _bn, ...record }) => ({ ...record, n: `/3/0/${record.n}` }));
    expect(codec.decode([3, 0], cborOf(absolute), MODELS)).toEqual(DEVICE);
  });

  it('guesses types from the SenML fields when no model is known', () => {
    const node = codec.decode([3, 0], cborOf(DEVICE_RECORDS), EMPTY_MODELS);
    expect(node).toEqual(objectInstance(0, [...DEVICE.resources.values()].map((r) => (r.id === 13 ? singleResource(13, 'integer', 1367491215) : r))));
  });

  it('decodes the Device instance at object level and at root level', () => {
    expect(codec.decode([3], cborOf(DEVICE_RECORDS), MODELS)).toEqual(lwm2mObject(3, [DEVICE]));
    expect(codec.decode([], cborOf(DEVICE_RECORDS), MODELS)).toEqual(lwm2mObject(3, [DEVICE]));
  });
});

describe('SenML CBOR encoding', () => {
  it('encodes a single resource with the integer labels, byte for byte', () => {
    const bytes = codec.encode([3, 0, 0], singleResource(0, 'string', 'Open Mobile Alliance'), MODELS);
    expect(Buffer.from(bytes).toString('hex')).toBe('81a2216' + '62f332f302f3003744f70656e204d6f62696c6520416c6c69616e6365');
  });

  it('writes opaque values as byte strings, strings as text, 64-bit integers as CBOR integers and links under "vlo"', () => {
    const records = plain.decode(codec.encode([9999, 0], EVERY_TYPE, MODELS)) as Map<number | string, unknown>[];
    const byName = new Map(records.map((record) => [record.get(0) ?? record.get(-2), record]));
    expect(byName.get('5')?.get(8)).toEqual(new Uint8Array([0, 1, 0xfb, 0xff]));
    expect(byName.get('0')?.get(3)).toBe('héllo "quoted"\n✓');
    expect(byName.get('1')?.get(2)).toBe(-(2n ** 63n));
    expect(byName.get('2')?.get(2)).toBe(2n ** 64n - 1n);
    expect(byName.get('14')?.get(2)).toBe(42);
    expect(byName.get('7')?.get('vlo')).toBe('65535:65535');
    expect(byName.get('6')?.get(2)).toBe(1_700_000_000);
    // Small integers take the short CBOR forms, not cbor-x's 9-byte bigint form.
    expect(Buffer.from(codec.encode([9999, 0, 14], singleResource(14, 'unsigned', 42n), MODELS)).toString('hex')).toMatch(/02182a$/);
  });

  const levels = roundTripCases(EVERY_TYPE, Number.POSITIVE_INFINITY);

  it.each(levels)('round-trips %s', (_name, path, node) => {
    expect(codec.decode(path, codec.encode(path, node, MODELS), MODELS)).toEqual(node);
  });

  it('refuses a node that does not fit the path or a value that does not fit its type', () => {
    expectInvalidInput(() => codec.encode([3, 0], singleResource(0, 'string', 'x'), MODELS), /cannot encode a single node/);
    expectInvalidInput(() => codec.encode([9999, 0, 5], singleResource(5, 'opaque', 'not bytes'), MODELS), /as type opaque/);
    expectInvalidInput(() => codec.encode([9999, 0, 1], singleResource(1, 'integer', 2n ** 63n), MODELS), /as type integer/);
  });

  it('declares content format 112', () => {
    expect(codec.format).toBe(CONTENT_FORMAT.SENML_CBOR);
  });
});

describe('SenML CBOR multi-path payloads (Send, Read-Composite)', () => {
  it('groups records into resource nodes, keeping each time and the order of a history', () => {
    const payload = cborOf([
      { bn: '/3303/0/5700', bt: 1_700_000_000, v: 21.5 },
      { t: 60, v: 21.75 },
      { bn: '/3/0/', n: '7/0', v: 3800 },
      { n: '7/1', v: 5000 },
    ]);
    const at = (s: number): Date => new Date(s * 1000);
    expect(codec.decodeNodes(payload, MODELS)).toEqual([
      { path: [3303, 0, 5700], node: singleResource(5700, 'float', 21.5), time: at(1_700_000_000) },
      { path: [3303, 0, 5700], node: singleResource(5700, 'float', 21.75), time: at(1_700_000_060) },
      { path: [3, 0, 7], node: multipleResource(7, 'integer', [[0, 3800], [1, 5000]]), time: at(1_700_000_000) },
    ]);
  });

  it('round-trips timed and untimed nodes', () => {
    const nodes: TimestampedNode[] = [
      { path: [3303, 0, 5700], node: singleResource(5700, 'float', 21.5), time: new Date(1_700_000_000_123) },
      { path: [3303, 0, 5700], node: singleResource(5700, 'float', 22), time: new Date(1_700_000_060_000) },
      { path: [3, 0, 7], node: multipleResource(7, 'integer', [[0, 3800], [1, 5000]]) },
      ...[...EVERY_TYPE.resources.values()].map((node) => ({ path: [9999, 0, node.id] as const, node })),
    ];
    expect(codec.decodeNodes(codec.encodeNodes(nodes, MODELS), MODELS)).toEqual(nodes);
  });

  it('encodes and decodes the path lists of composite requests', () => {
    const paths: LwM2mPath[] = [[], [1], [3, 0], [3, 0, 9], [3, 0, 7, 1]];
    expect(codec.decodePaths(codec.encodePaths(paths))).toEqual(paths);
    expect(codec.decodePaths(cborOf([{ bn: '/3/0/', n: '1' }, { n: '7/0' }]))).toEqual([[3, 0, 1], [3, 0, 7, 0]]);
  });

  it('refuses records without a value in a multi-path payload', () => {
    expectInvalidInput(() => codec.decodeNodes(cborOf([{ n: '/3/0/9' }]), MODELS), /carries no value/);
  });
});

describe('SenML CBOR bad input', () => {
  const cases: [string, Uint8Array, LwM2mPath, RegExp][] = [
    ['an empty payload', new Uint8Array(), [3, 0], /not well-formed CBOR/],
    ['truncated CBOR', hex('82 a1 00'), [3, 0], /not well-formed CBOR/],
    ['bytes after the array', hex('80 00'), [3, 0], /not well-formed CBOR/],
    ['a map instead of an array', plain.encode(new Map([[0, '/3/0/9']])), [3, 0], /array of records/],
    ['a record that is not a map', plain.encode([[0, '/3/0/9']]), [3, 0], /record 0 is not a map/],
    ['a text string for vd', cborOf([{ n: '/9999/0/5', vd: 'AAH7_w' }]), [9999, 0], /record 0, field "vd": expected a byte string/],
    ['an integer name', cborOf([{ n: 3, v: 1 }]), [3, 0], /field "n"/],
    ['a tagged date for v', cborOf([{ n: '/3/0/13', v: new Date(0) }]), [3, 0], /field "v"/],
    ['standard field names as text keys, which SenML CBOR does not use', plain.encode([new Map<string, unknown>([['n', '/3/0/9'], ['v', 1]])]), [3, 0], /no name/],
    ['a must-understand field', cborOf([{ n: '/3/0/9', v: 1, ext_: 1 }]), [3, 0], /must-understand/],
    ['a byte string for an integer resource', cborOf([{ n: '/3/0/9', vd: new Uint8Array([1]) }]), [3, 0], /carries "vd"/],
    ['a negative unsigned', cborOf([{ n: '/9999/0/14', v: -1 }]), [9999, 0], /out of range for type unsigned/],
    // 2^64 as a tag-2 bignum
    ['an integer beyond 64 bits', hex('81 a2 00 6a 2f393939392f302f3134 02 c2 49 010000000000000000'), [9999, 0], /out of range for type unsigned/],
    ['a non-finite time', cborOf([{ n: '/3/0/9', v: 1, t: Number.POSITIVE_INFINITY }]), [3, 0], /field "t"/],
  ];

  it.each(cases)('refuses %s', (_name, payload, path, message) => {
    expectInvalidInput(() => codec.decode(path, payload, MODELS), message);
  });

  it('ignores unknown integer labels (RFC 8428 §4.4)', () => {
    const payload = plain.encode([new Map<number | string, unknown>([[-2, '/3/0/9'], [2, 7], [99, 'x'], [-99, 1]])]);
    expect(codec.decode([3, 0, 9], payload, MODELS)).toEqual(singleResource(9, 'integer', 7));
  });

  it('accepts a 64-bit integer encoding of a small value', () => {
    expect(codec.decode([3, 0, 9], hex('81 a2 00 66 2f332f302f39 02 1b 0000000000000064'), MODELS)).toEqual(singleResource(9, 'integer', 100));
  });
});

// ---------------------------------------------------------------------------------------
// Fuzzing: random bytes, truncations and mutations of valid payloads, and random records.

describe('SenML CBOR decoder fuzzing', () => {
  it('returns a value or throws invalid input for 10,000 random, truncated and mutated inputs', () => {
    const names = ['/3/0/', '/3/0/9', '7/1', '/9999/0/', '5', '10/3', '/', '', '/3/00', '/65535'];
    const send = cborOf([{ bn: '/3303/0/5700', bt: 1_700_000_000, v: 21.5 }, { t: 60, v: 21.75 }, { bn: '/3/0/', n: '7/0', v: 3800 }]);
    fuzzSenmlCodec({
      codec,
      seed: 0xcb0112,
      models: MODELS,
      samples: [cborOf(DEVICE_RECORDS), codec.encode([9999], EVERY_TYPE_OBJECT, MODELS), send, codec.encodePaths([[3, 0, 1], [5]])],
      // Initial bytes of CBOR's major types, indefinite lengths, breaks, 64-bit lengths and tags.
      syntax: [0x80, 0xa0, 0x9f, 0xbf, 0xff, 0x1b, 0xc1, 0xd8, 0x40, 0x60, 0xf9],
      fields: [-2, -3, -5, 0, 2, 3, 4, 6, 8, 'vlo', 'x_', 1, 77],
      values: [0, -1, 1.5, 2n ** 63n, -(2n ** 64n), Number.NaN, 'a', true, null, [], new Map(), new Uint8Array([1]), '3:0', new Date(0), ...names],
      encodeRecords: (records) => plain.encode(records.map((record) => new Map(record))),
    });
  });
});
