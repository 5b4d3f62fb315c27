import { describe, expect, it } from 'vitest';
import { expectInvalidInput } from '../../test/support/assertions.js';
import { DEVICE_INSTANCE as DEVICE } from '../../test/support/device-models.js';
import { fuzzSenmlCodec } from '../../test/support/senml-fuzz.js';
import { everyTypeInstance, everyTypeObject, roundTripCases, SENML_MODELS as MODELS } from '../../test/support/senml-samples.js';
import type { TimestampedNode } from '../codec.js';
import { CONTENT_FORMAT } from '../content-format.js';
import { EMPTY_MODELS } from '../model.js';
import { lwm2mObject, multipleResource, objectInstance, resourceInstance, singleResource, type Resource } from '../node.js';
import type { LwM2mPath } from '../path.js';
import { senmlJsonCodec as codec } from './senml-json.js';

const json = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value));
const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

// LwM2M 1.1 Core §7.4.4 example: Read /3/0 answered in SenML JSON.
const DEVICE_JSON = `[{"bn":"/3/0/","n":"0","vs":"Open Mobile Alliance"},{"n":"1","vs":"Lightweight M2M Client"},{"n":"2","vs":"345000123"},{"n":"3","vs":"1.0"},{"n":"6/0","v":1},{"n":"6/1","v":5},{"n":"7/0","v":3800},{"n":"7/1","v":5000},{"n":"8/0","v":125},{"n":"8/1","v":900},{"n":"9","v":100},{"n":"10","v":15},{"n":"11/0","v":0},{"n":"13","v":1367491215},{"n":"14","vs":"+02:00"},{"n":"16","vs":"U"}]`;

const EVERY_TYPE = everyTypeInstance([[0, 1e300], [1, 2], [2, 5e-324]]);

const EVERY_TYPE_OBJECT = everyTypeObject(EVERY_TYPE);

describe('SenML JSON decoding of the LwM2M specification examples', () => {
  it('decodes the Read /3/0 example into the Device object instance with model types', () => {
    expect(codec.decode([3, 0], new TextEncoder().encode(DEVICE_JSON), MODELS)).toEqual(DEVICE);
  });

  it('guesses types from the SenML fields when no model is known, and multiple resources from the 4th segment', () => {
    const node = codec.decode([3, 0], new TextEncoder().encode(DEVICE_JSON), EMPTY_MODELS);
    expect(node).toEqual(
      objectInstance(0, [...DEVICE.resources.values()].map((r) => (r.id === 13 ? singleResource(13, 'integer', 1367491215) : r))),
    );
  });

  it('decodes a single resource read whose base name is the full path and which has no n', () => {
    const payload = json([{ bn: '/3/0/0', vs: 'Open Mobile Alliance' }]);
    expect(codec.decode([3, 0, 0], payload, MODELS)).toEqual(singleResource(0, 'string', 'Open Mobile Alliance'));
  });

  it('decodes absolute names without a base name the same as base name plus relative names', () => {
    const absolute = JSON.parse(DEVICE_JSON).map((record: { bn?: string; n: string }) => ({ ...record, bn: undefined, n: `/3/0/${record.n}` }));
    expect(codec.decode([3, 0], json(absolute), MODELS)).toEqual(DEVICE);
    const objectBase = JSON.parse(DEVICE_JSON).map((record: { n: string }, i: number) => ({ ...record, bn: i === 0 ? '/3/' : undefined, n: `0/${record.n}` }));
    expect(codec.decode([3, 0], json(objectBase), MODELS)).toEqual(DEVICE);
  });

  it('decodes the Device instance at object level and at root level', () => {
    const payload = new TextEncoder().encode(DEVICE_JSON);
    expect(codec.decode([3], payload, MODELS)).toEqual(lwm2mObject(3, [DEVICE]));
    expect(codec.decode([], payload, MODELS)).toEqual(lwm2mObject(3, [DEVICE]));
  });

  it('decodes a multiple resource and one of its instances', () => {
    const payload = json([{ bn: '/3/0/7/', n: '0', v: 3800 }, { n: '1', v: 5000 }]);
    expect(codec.decode([3, 0, 7], payload, MODELS)).toEqual(multipleResource(7, 'integer', [[0, 3800], [1, 5000]]));
    expect(codec.decode([3, 0, 7, 1], json([{ bn: '/3/0/7/1', v: 5000 }]), MODELS)).toEqual(resourceInstance(1, 'integer', 5000));
  });

  it('decodes an empty payload as an empty multiple resource when the model says multiple', () => {
    expect(codec.decode([3, 0, 11], json([]), MODELS)).toEqual(multipleResource(11, 'integer', []));
    expect(codec.decode([3, 0], json([]), MODELS)).toEqual(objectInstance(0, []));
  });
});

describe('SenML JSON encoding', () => {
  it('encodes a single resource exactly as the specification example', () => {
    const bytes = codec.encode([3, 0, 0], singleResource(0, 'string', 'Open Mobile Alliance'), MODELS);
    expect(text(bytes)).toBe('[{"bn":"/3/0/0","vs":"Open Mobile Alliance"}]');
  });

  it('encodes an object instance with the instance as base name and relative names', () => {
    expect(JSON.parse(text(codec.encode([3, 0], DEVICE, MODELS)))).toEqual(JSON.parse(DEVICE_JSON));
  });

  it('writes 64-bit integers as exact number literals and opaque values as base64url', () => {
    const bytes = codec.encode([9999, 0], EVERY_TYPE, MODELS);
    expect(text(bytes)).toContain('"n":"1","v":-9223372036854775808}');
    expect(text(bytes)).toContain('"n":"2","v":18446744073709551615}');
    expect(text(bytes)).toContain('"n":"5","vd":"AAH7_w"}');
    expect(text(bytes)).toContain('"n":"7","vlo":"65535:65535"}');
  });

  const levels = roundTripCases(EVERY_TYPE, 0.1);

  it.each(levels)('round-trips %s', (_name, path, node) => {
    expect(codec.decode(path, codec.encode(path, node, MODELS), MODELS)).toEqual(node);
  });

  it('refuses a node that does not fit the path, a value that does not fit its type, and a non-finite float', () => {
    expectInvalidInput(() => codec.encode([3, 0], singleResource(0, 'string', 'x'), MODELS), /cannot encode a single node at \/3\/0/);
    expectInvalidInput(() => codec.encode([3, 0, 1], singleResource(0, 'string', 'x'), MODELS), /does not match/);
    expectInvalidInput(() => codec.encode([3, 0, 9], singleResource(9, 'integer', 1.5), MODELS), /as type integer/);
    expectInvalidInput(() => codec.encode([3, 0, 9], singleResource(9, 'unsigned', -1), MODELS), /as type unsigned/);
    expectInvalidInput(() => codec.encode([3, 0, 4], singleResource(4, 'none', ''), MODELS), /as type none/);
    expectInvalidInput(() => codec.encode([9999, 0, 3], singleResource(3, 'float', Number.NaN), MODELS), /cannot carry NaN/);
    expectInvalidInput(() => codec.encode([9999, 0, 7], singleResource(7, 'objlnk', { objectId: 70000, instanceId: 0 }), MODELS));
  });
});

describe('SenML JSON multi-path payloads (Send, Read-Composite)', () => {
  const SEND = [
    { bn: '/3303/0/5700', bt: 1_700_000_000, v: 21.5 },
    { t: 60, v: 21.75 },
    { bn: '/3/0/', n: '9', v: 87 },
    { n: '7/0', v: 3800 },
    { n: '7/1', v: 5000 },
    { bn: '/3/0/7/', bt: 1_700_000_060, n: '0', v: 3700 },
    { bn: '/3/0/16', t: 0.25, vs: 'U' },
  ];

  it('groups records into resource nodes, keeping each time and the order of a history', () => {
    const at = (s: number): Date => new Date(s * 1000);
    expect(codec.decodeNodes(json(SEND), MODELS)).toEqual([
      { path: [3303, 0, 5700], node: singleResource(5700, 'float', 21.5), time: at(1_700_000_000) },
      { path: [3303, 0, 5700], node: singleResource(5700, 'float', 21.75), time: at(1_700_000_060) },
      { path: [3, 0, 9], node: singleResource(9, 'integer', 87), time: at(1_700_000_000) },
      { path: [3, 0, 7], node: multipleResource(7, 'integer', [[0, 3800], [1, 5000]]), time: at(1_700_000_000) },
      { path: [3, 0, 7], node: multipleResource(7, 'integer', [[0, 3700]]), time: at(1_700_000_060) },
      { path: [3, 0, 16], node: singleResource(16, 'string', 'U'), time: new Date(1_700_000_060_250) },
    ]);
  });

  it('reads times below 2^28 s as relative to now', () => {
    const before = Date.now();
    const [node] = codec.decodeNodes(json([{ bn: '/3/0/9', t: -10, v: 50 }]), MODELS);
    const after = Date.now();
    expect(node?.time?.getTime()).toBeGreaterThanOrEqual(before - 10_000);
    expect(node?.time?.getTime()).toBeLessThanOrEqual(after - 10_000);
  });

  it('leaves the time out of nodes whose records have none', () => {
    expect(codec.decodeNodes(json([{ n: '/3/0/9', v: 50 }]), MODELS)).toEqual([{ path: [3, 0, 9], node: singleResource(9, 'integer', 50) }]);
  });

  it('round-trips timed and untimed nodes of every level', () => {
    const nodes: TimestampedNode[] = [
      { path: [3303, 0, 5700], node: singleResource(5700, 'float', 21.5), time: new Date(1_700_000_000_123) },
      { path: [3303, 0, 5700], node: singleResource(5700, 'float', 22), time: new Date(1_700_000_060_000) },
      { path: [3, 0, 7], node: multipleResource(7, 'integer', [[0, 3800], [1, 5000]]) },
      { path: [9999, 0, 10, 5], node: resourceInstance(5, 'integer', -5), time: new Date(1_700_000_100_000) },
      ...[...EVERY_TYPE.resources.values()].map((node) => ({ path: [9999, 0, node.id] as const, node })),
    ];
    const roundTripped = codec.decodeNodes(codec.encodeNodes(nodes, MODELS), MODELS);
    // A resource instance comes back as its multiple resource holding that one instance.
    expect(roundTripped).toEqual(nodes.map((n) => (n.node.kind === 'resourceInstance' ? { ...n, path: [9999, 0, 10], node: multipleResource(10, 'integer', [[5, -5]]) } : n)));
  });

  it('decodes instance- and object-level nodes as their resources', () => {
    const nodes = codec.decodeNodes(codec.encodeNodes([{ path: [3], node: lwm2mObject(3, [DEVICE]) }], MODELS), MODELS);
    expect(objectInstance(0, nodes.map((n) => n.node as Resource))).toEqual(DEVICE);
    expect(nodes.every((n) => n.path.length === 3 && n.time === undefined)).toBe(true);
  });

  it('refuses records without a value, as in a composite request, and times that would read as relative', () => {
    expectInvalidInput(() => codec.decodeNodes(json([{ n: '/3/0/9' }]), MODELS), /carries no value/);
    expectInvalidInput(() => codec.encodeNodes([{ path: [3, 0, 9], node: singleResource(9, 'integer', 1), time: new Date(1000) }], MODELS), /absolute SenML time/);
  });

  it('encodes and decodes the path lists of composite requests at any level', () => {
    const paths: LwM2mPath[] = [[], [1], [3, 0], [3, 0, 9], [3, 0, 7, 1]];
    expect(text(codec.encodePaths(paths))).toBe('[{"n":"/"},{"n":"/1"},{"n":"/3/0"},{"n":"/3/0/9"},{"n":"/3/0/7/1"}]');
    expect(codec.decodePaths(codec.encodePaths(paths))).toEqual(paths);
    expect(codec.decodePaths(json([{ bn: '/3/0/', n: '1' }, { n: '7/0' }, { bn: '/5' }]))).toEqual([[3, 0, 1], [3, 0, 7, 0], [5]]);
  });

  it('declares content format 110', () => {
    expect(codec.format).toBe(CONTENT_FORMAT.SENML_JSON);
  });
});

describe('SenML JSON bad input', () => {
  const cases: [string, string, LwM2mPath, RegExp][] = [
    ['text that is not JSON', '[{"n":', [3, 0], /not JSON/],
    ['a JSON object instead of an array', '{"n":"/3/0/1","vs":"a"}', [3, 0], /wrong shape/],
    ['a record that is not an object', '[1]', [3, 0], /record 0/],
    ['a field of the wrong type', '[{"n":5,"vs":"a"}]', [3, 0], /record 0, field "n"/],
    ['a record with two values', '[{"n":"/3/0/1","vs":"a","v":1}]', [3, 0], /more than one value/],
    ['a name that is not a path', '[{"n":"/3/zero/1","vs":"a"}]', [3, 0], /not an LwM2M path/],
    ['a base name missing its trailing slash', '[{"bn":"/3/0","n":"1","vs":"a"}]', [3, 0], /not an LwM2M path/],
    ['a name with five segments', '[{"n":"/3/0/1/2/3","v":1}]', [3, 0], /not an LwM2M path/],
    ['an id above 65534', '[{"n":"/3/0/70000","v":1}]', [3, 0], /out of range/],
    ['no name at all', '[{"v":1}]', [3, 0], /no name/],
    ['a value on an object instance', '[{"n":"/3/0","v":1}]', [3, 0], /does not name a resource/],
    ['a string for an integer resource', '[{"n":"/3/0/9","vs":"100"}]', [3, 0], /type integer but its SenML record carries "vs"/],
    ['a fraction for an integer resource', '[{"n":"/3/0/9","v":1.5}]', [3, 0], /type integer but carries 1.5/],
    ['a negative unsigned', '[{"n":"/9999/0/14","v":-1}]', [9999, 0], /out of range for type unsigned/],
    ['an integer beyond 64 bits', '[{"n":"/3/0/9","v":9223372036854775808}]', [3, 0], /out of range for type integer/],
    ['a bad object link', '[{"n":"/9999/0/7","vlo":"3-0"}]', [9999, 0], /not an object link/],
    ['an object link id above 65535', '[{"n":"/9999/0/7","vlo":"3:65536"}]', [9999, 0], /not an object link/],
    ['bad base64url', '[{"n":"/9999/0/5","vd":"AA$"}]', [9999, 0], /not base64url/],
    ['base64 of impossible length', '[{"n":"/9999/0/5","vd":"AAAAA"}]', [9999, 0], /not base64url/],
    ['a must-understand field', '[{"n":"/3/0/9","v":1,"new_":1}]', [3, 0], /must-understand/],
    ['a record outside the target', '[{"n":"/3/1/9","v":1}]', [3, 0], /outside the target/],
    ['the same resource twice', '[{"n":"/3/0/9","v":1},{"n":"/3/0/9","v":2}]', [3, 0], /more than once/],
    ['an instance of a single resource', '[{"n":"/3/0/9/0","v":1}]', [3, 0], /single-instance/],
    ['a multiple resource without instance id', '[{"n":"/3/0/7","v":1}]', [3, 0], /multiple-instance/],
    ['a value for an executable resource', '[{"n":"/3/0/4","vs":""}]', [3, 0], /type none/],
    ['no value for the requested resource', '[]', [3, 0, 9], /no value for \/3\/0\/9/],
    ['a single and an instance value for one resource', '[{"n":"/8/0/1","v":1},{"n":"/8/0/1/0","v":1}]', [8, 0], /both/],
    ['strings and numbers in one multiple resource', '[{"n":"/8/0/1/0","v":1},{"n":"/8/0/1/1","vs":"a"}]', [8, 0], /mixes/],
    ['two objects for the root', '[{"n":"/3/0/9","v":1},{"n":"/4/0/1","v":1}]', [], /exactly one object/],
    ['a time out of range', '[{"n":"/3/0/9","v":1,"t":1e300}]', [3, 0], /out of range/],
    ['a Time resource beyond what Date holds', '[{"n":"/3/0/13","v":9e15}]', [3, 0], /out of range/],
  ];

  it.each(cases)('refuses %s', (_name, payload, path, message) => {
    expectInvalidInput(() => codec.decode(path, new TextEncoder().encode(payload), MODELS), message);
  });

  it('refuses bytes that are not UTF-8', () => {
    expectInvalidInput(() => codec.decode([3, 0], new Uint8Array([0x5b, 0xff, 0x5d]), MODELS), /UTF-8/);
  });

  it('reads 64-bit integer literals exactly, and ignores big-number look-alikes inside strings', () => {
    const payload = '[{"n":"/9999/0/10/0","v":-9223372036854775807},{"n":"/9999/0/10/1","v":9007199254740993},{"n":"/9999/0/0","vs":"12345678901234567890"}]';
    expect(codec.decode([9999, 0], new TextEncoder().encode(payload), MODELS)).toEqual(
      objectInstance(0, [multipleResource(10, 'integer', [[0, -(2n ** 63n) + 1n], [1, 2n ** 53n + 1n]]), singleResource(0, 'string', '12345678901234567890')]),
    );
  });

  it('accepts padded and standard-alphabet base64 in vd', () => {
    const payload = '[{"n":"/9999/0/11/0","vd":"+/8="},{"n":"/9999/0/11/1","vd":"-_8"}]';
    expect(codec.decode([9999, 0, 11], new TextEncoder().encode(payload), MODELS)).toEqual(
      multipleResource(11, 'opaque', [[0, new Uint8Array([0xfb, 0xff])], [1, new Uint8Array([0xfb, 0xff])]]),
    );
  });

  it('ignores unknown fields that are not must-understand, and adds a base value to v', () => {
    const payload = '[{"bn":"/3/0/","bv":10,"n":"9","v":5,"u":"%","future":{"x":1}}]';
    expect(codec.decode([3, 0, 9], new TextEncoder().encode(payload), MODELS)).toEqual(singleResource(9, 'integer', 15));
  });
});

// ---------------------------------------------------------------------------------------
// Fuzzing: random bytes, truncations and mutations of valid payloads, and random records.

describe('SenML JSON decoder fuzzing', () => {
  it('returns a value or throws invalid input for 10,000 random, truncated and mutated inputs', () => {
    const names = ['/3/0/', '/3/0/9', '7/1', '/9999/0/', '5', '10/3', '/', '', '/3/00', '3//0', '/65535'];
    fuzzSenmlCodec({
      codec,
      seed: 0x5e1111,
      models: MODELS,
      samples: [new TextEncoder().encode(DEVICE_JSON), codec.encode([9999], EVERY_TYPE_OBJECT, MODELS), json(SEND_FOR_FUZZ), codec.encodePaths([[3, 0, 1], [5]])],
      syntax: [...new TextEncoder().encode('[]{}":,0129-.e/ntvsb')],
      fields: ['bn', 'n', 'bt', 't', 'v', 'vs', 'vb', 'vd', 'vlo', 'bv', 'x_', 'u'],
      values: [0, -1, 1.5, 2 ** 63, 1e300, 'a', '', true, null, [], {}, 'AAH7_w', '3:0', '65536:0', ...names],
      encodeRecords: (records) => json(records.map((record) => Object.fromEntries(record))),
      show: (bytes) => JSON.stringify(text(bytes)),
    });
  });
});

const SEND_FOR_FUZZ = [
  { bn: '/3303/0/5700', bt: 1_700_000_000, v: 21.5 },
  { t: 60, v: 21.75 },
  { bn: '/3/0/', n: '7/0', v: 3800 },
  { n: '13', v: 1367491215 },
];
