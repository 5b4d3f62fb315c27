import { describe, expect, it } from 'vitest';
import type { TimestampedNode } from '../codec.js';
import { CONTENT_FORMAT } from '../content-format.js';
import { ERROR_CODES, FarsideError } from '../errors.js';
import { EMPTY_MODELS, type ModelLookup, type ResourceModel, type ResourceType } from '../model.js';
import { lwm2mObject, multipleResource, objectInstance, resourceInstance, singleResource, type LwM2mNode, type Resource } from '../node.js';
import type { LwM2mPath } from '../path.js';
import { senmlJsonCodec as codec } from './senml-json.js';

function modelsOf(objects: Record<number, Record<number, [ResourceType, boolean]>>): ModelLookup {
  const resource = (objectId: number, resourceId: number): ResourceModel | undefined => {
    const def = objects[objectId]?.[resourceId];
    if (def === undefined) return undefined;
    const [type, multiple] = def;
    return { id: resourceId, name: `R${resourceId}`, operations: 'RW', multiple, mandatory: false, type };
  };
  return { object: () => undefined, resource };
}

/** Device (3) as far as the spec examples go, a temperature sensor, and a test object with every type. */
const MODELS = modelsOf({
  3: {
    0: ['string', false], 1: ['string', false], 2: ['string', false], 3: ['string', false], 4: ['none', false],
    6: ['integer', true], 7: ['integer', true], 8: ['integer', true], 9: ['integer', false], 10: ['integer', false],
    11: ['integer', true], 13: ['time', false], 14: ['string', false], 16: ['string', false],
  },
  3303: { 5700: ['float', false] },
  9999: {
    0: ['string', false], 1: ['integer', false], 2: ['unsigned', false], 3: ['float', false], 4: ['boolean', false],
    5: ['opaque', false], 6: ['time', false], 7: ['objlnk', false], 8: ['corelnk', false], 9: ['none', false],
    10: ['integer', true], 11: ['opaque', true], 12: ['float', true], 13: ['objlnk', true], 14: ['unsigned', false],
  },
});

const json = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value));
const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

function expectInvalid(run: () => unknown, message?: RegExp): void {
  let thrown: unknown;
  try {
    run();
  } catch (err) {
    thrown = err;
  }
  expect(thrown).toBeInstanceOf(FarsideError);
  expect((thrown as FarsideError).code).toBe(ERROR_CODES.INVALID_INPUT);
  if (message) expect((thrown as FarsideError).message).toMatch(message);
}

// LwM2M 1.1 Core §7.4.4 example: Read /3/0 answered in SenML JSON.
const DEVICE_JSON = `[{"bn":"/3/0/","n":"0","vs":"Open Mobile Alliance"},{"n":"1","vs":"Lightweight M2M Client"},{"n":"2","vs":"345000123"},{"n":"3","vs":"1.0"},{"n":"6/0","v":1},{"n":"6/1","v":5},{"n":"7/0","v":3800},{"n":"7/1","v":5000},{"n":"8/0","v":125},{"n":"8/1","v":900},{"n":"9","v":100},{"n":"10","v":15},{"n":"11/0","v":0},{"n":"13","v":1367491215},{"n":"14","vs":"+02:00"},{"n":"16","vs":"U"}]`;

const DEVICE = objectInstance(0, [
  singleResource(0, 'string', 'Open Mobile Alliance'),
  singleResource(1, 'string', 'Lightweight M2M Client'),
  singleResource(2, 'string', '345000123'),
  singleResource(3, 'string', '1.0'),
  multipleResource(6, 'integer', [[0, 1], [1, 5]]),
  multipleResource(7, 'integer', [[0, 3800], [1, 5000]]),
  multipleResource(8, 'integer', [[0, 125], [1, 900]]),
  singleResource(9, 'integer', 100),
  singleResource(10, 'integer', 15),
  multipleResource(11, 'integer', [[0, 0]]),
  singleResource(13, 'time', new Date(1367491215 * 1000)),
  singleResource(14, 'string', '+02:00'),
  singleResource(16, 'string', 'U'),
]);

const EVERY_TYPE = objectInstance(0, [
  singleResource(0, 'string', 'héllo "quoted"\n✓'),
  singleResource(1, 'integer', -(2n ** 63n)),
  singleResource(2, 'unsigned', 2n ** 64n - 1n),
  singleResource(3, 'float', -3.25),
  singleResource(4, 'boolean', false),
  singleResource(5, 'opaque', new Uint8Array([0, 1, 0xfb, 0xff])),
  singleResource(6, 'time', new Date(1_700_000_000_000)),
  singleResource(7, 'objlnk', { objectId: 65535, instanceId: 65535 }),
  singleResource(8, 'corelnk', '</3/0>;ct=110'),
  singleResource(14, 'unsigned', 42),
  multipleResource(10, 'integer', [[0, 7], [5, 2n ** 63n - 1n], [65534, -1]]),
  multipleResource(11, 'opaque', [[1, new Uint8Array([])], [2, new Uint8Array([0x3e, 0x3f])]]),
  multipleResource(12, 'float', [[0, 1e300], [1, 2], [2, 5e-324]]),
  multipleResource(13, 'objlnk', [[0, { objectId: 3, instanceId: 0 }]]),
]);

const EVERY_TYPE_OBJECT = lwm2mObject(9999, [EVERY_TYPE, objectInstance(7, [singleResource(4, 'boolean', true)])]);

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

  const levels: [string, LwM2mPath, LwM2mNode][] = [
    ['the root', [], EVERY_TYPE_OBJECT],
    ['an object', [9999], EVERY_TYPE_OBJECT],
    ['an object instance', [9999, 0], EVERY_TYPE],
    ...[...EVERY_TYPE.resources.values()].map((r): [string, LwM2mPath, LwM2mNode] => [`resource ${r.id} (${r.kind} ${r.type})`, [9999, 0, r.id], r]),
    ['an integer resource instance', [9999, 0, 10, 5], resourceInstance(5, 'integer', 2n ** 63n - 1n)],
    ['an opaque resource instance', [9999, 0, 11, 2], resourceInstance(2, 'opaque', new Uint8Array([1, 2, 3]))],
    ['a float resource instance', [9999, 0, 12, 0], resourceInstance(0, 'float', 0.1)],
    ['an object link resource instance', [9999, 0, 13, 9], resourceInstance(9, 'objlnk', { objectId: 1, instanceId: 2 })],
  ];

  it.each(levels)('round-trips %s', (_name, path, node) => {
    expect(codec.decode(path, codec.encode(path, node, MODELS), MODELS)).toEqual(node);
  });

  it('refuses a node that does not fit the path, a value that does not fit its type, and a non-finite float', () => {
    expectInvalid(() => codec.encode([3, 0], singleResource(0, 'string', 'x'), MODELS), /cannot encode a single node at \/3\/0/);
    expectInvalid(() => codec.encode([3, 0, 1], singleResource(0, 'string', 'x'), MODELS), /does not match/);
    expectInvalid(() => codec.encode([3, 0, 9], singleResource(9, 'integer', 1.5), MODELS), /as type integer/);
    expectInvalid(() => codec.encode([3, 0, 9], singleResource(9, 'unsigned', -1), MODELS), /as type unsigned/);
    expectInvalid(() => codec.encode([3, 0, 4], singleResource(4, 'none', ''), MODELS), /as type none/);
    expectInvalid(() => codec.encode([9999, 0, 3], singleResource(3, 'float', Number.NaN), MODELS), /cannot carry NaN/);
    expectInvalid(() => codec.encode([9999, 0, 7], singleResource(7, 'objlnk', { objectId: 70000, instanceId: 0 }), MODELS));
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
    expectInvalid(() => codec.decodeNodes(json([{ n: '/3/0/9' }]), MODELS), /carries no value/);
    expectInvalid(() => codec.encodeNodes([{ path: [3, 0, 9], node: singleResource(9, 'integer', 1), time: new Date(1000) }], MODELS), /absolute SenML time/);
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
    expectInvalid(() => codec.decode(path, new TextEncoder().encode(payload), MODELS), message);
  });

  it('refuses bytes that are not UTF-8', () => {
    expectInvalid(() => codec.decode([3, 0], new Uint8Array([0x5b, 0xff, 0x5d]), MODELS), /UTF-8/);
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

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('SenML JSON decoder fuzzing', () => {
  it('returns a value or throws invalid input for 10,000 random, truncated and mutated inputs', () => {
    const random = mulberry32(0x5e1111);
    const int = (n: number): number => Math.floor(random() * n);
    const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;
    const seeds = [
      new TextEncoder().encode(DEVICE_JSON),
      codec.encode([9999], EVERY_TYPE_OBJECT, MODELS),
      json(SEND_FOR_FUZZ),
      codec.encodePaths([[3, 0, 1], [5]]),
    ];
    const names = ['/3/0/', '/3/0/9', '7/1', '/9999/0/', '5', '10/3', '/', '', '/3/00', '3//0', '/65535'];
    const values: unknown[] = [0, -1, 1.5, 2 ** 63, 1e300, 'a', '', true, null, [], {}, 'AAH7_w', '3:0', '65536:0'];
    const fields = ['bn', 'n', 'bt', 't', 'v', 'vs', 'vb', 'vd', 'vlo', 'bv', 'x_', 'u'];
    const randomRecords = (): Uint8Array =>
      json(Array.from({ length: int(5) }, () => Object.fromEntries(Array.from({ length: 1 + int(4) }, () => [pick(fields), pick([...values, ...names])]))));
    const mutate = (bytes: Uint8Array): Uint8Array => {
      const out = Uint8Array.from(bytes);
      for (let k = 0; k <= int(4); k++) out[int(out.length)] = pick([int(256), ...new TextEncoder().encode('[]{}":,0129-.e/ntvsb')]);
      return out;
    };
    const paths: LwM2mPath[] = [[], [3], [3, 0], [3, 0, 9], [3, 0, 7], [3, 0, 7, 1], [9999, 0], [9999, 0, 5]];
    let decoded = 0;
    for (let i = 0; i < 10_000; i++) {
      const seed = pick(seeds);
      const kind = i % 4;
      const input =
        kind === 0 ? Uint8Array.from({ length: int(40) }, () => int(256)) : kind === 1 ? seed.subarray(0, int(seed.length)) : kind === 2 ? mutate(seed) : randomRecords();
      const models = random() < 0.5 ? MODELS : EMPTY_MODELS;
      for (const decode of [() => codec.decode(pick(paths), input, models), () => codec.decodeNodes(input, models), () => codec.decodePaths(input)]) {
        try {
          decode();
          decoded++;
        } catch (err) {
          if (!(err instanceof FarsideError) || err.code !== ERROR_CODES.INVALID_INPUT) {
            throw new Error(`input ${i} (${JSON.stringify(text(input))}) threw ${String(err)}`, { cause: err });
          }
        }
      }
    }
    // Guards the generator itself: inputs that all fail early would test nothing past the parser.
    expect(decoded).toBeGreaterThan(1000);
  });
});

const SEND_FOR_FUZZ = [
  { bn: '/3303/0/5700', bt: 1_700_000_000, v: 21.5 },
  { t: 60, v: 21.75 },
  { bn: '/3/0/', n: '7/0', v: 3800 },
  { n: '13', v: 1367491215 },
];
