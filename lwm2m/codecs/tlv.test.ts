import { describe, expect, it } from 'vitest';
import { expectInvalidInput } from '../../test/support/assertions.js';
import { hex, toHex } from '../../test/support/bytes.js';
import { DEVICE_INSTANCE as DEVICE, DEVICE_RESOURCES, modelsOf } from '../../test/support/device-models.js';
import { fuzzDecoder, inTurn } from '../../test/support/fuzz.js';
import { flipBits, mutate, randomBytes, truncate } from '../../test/support/prng.js';
import { EMPTY_MODELS, type ModelLookup } from '../model.js';
import { lwm2mObject, multipleResource, objectInstance, resourceInstance, singleResource, type LwM2mNode } from '../node.js';
import type { LwM2mPath } from '../path.js';
import { tlvCodec } from './tlv.js';

function ascii(text: string): string {
  return [...Buffer.from(text, 'utf8')].map((b) => b.toString(16).padStart(2, '0')).join(' ');
}

/** The parts of Device (3) and Access Control (2) the spec examples use, plus a test object with every type. */
const MODELS = modelsOf({
  2: { 0: ['integer', false], 1: ['integer', false], 2: ['integer', true], 3: ['integer', false] },
  3: DEVICE_RESOURCES,
  9999: {
    0: ['string', false], 1: ['integer', false], 2: ['unsigned', false], 3: ['float', false], 4: ['boolean', false],
    5: ['opaque', false], 6: ['time', false], 7: ['objlnk', false], 8: ['corelnk', false], 9: ['none', false],
    10: ['string', true], 11: ['integer', true], 12: ['unsigned', true], 13: ['float', true], 14: ['boolean', true],
    15: ['opaque', true], 16: ['time', true], 17: ['objlnk', true], 18: ['corelnk', true],
    300: ['integer', false], 301: ['opaque', true],
  },
});

// LwM2M Core §7.4.3 example: Read /3/0, the resources without an object-instance wrapper.
const DEVICE_TLV = hex(`
  C8 00 14 ${ascii('Open Mobile Alliance')}
  C8 01 16 ${ascii('Lightweight M2M Client')}
  C8 02 09 ${ascii('345000123')}
  C3 03 ${ascii('1.0')}
  86 06  41 00 01  41 01 05
  88 07 08  42 00 0E D8  42 01 13 88
  87 08  41 00 7D  42 01 03 84
  C1 09 64
  C1 0A 0F
  83 0B  41 00 00
  C4 0D 51 82 42 8F
  C6 0E ${ascii('+02:00')}
  C1 10 ${ascii('U')}
`);

// Core §7.4.3 multiple-instance example: Read /2 (Access Control), with a 16-bit
// resource instance id (ACL for server 310).
const ACCESS_CONTROL_TLV = hex(`
  08 00 0E  C1 00 01  C1 01 00  83 02 41 7F 07  C1 03 7F
  08 02 12  C1 00 03  C1 01 00  87 02 41 7F 07 61 01 36 01  C1 03 7F
`);

const ACCESS_CONTROL = lwm2mObject(2, [
  objectInstance(0, [singleResource(0, 'integer', 1), singleResource(1, 'integer', 0), multipleResource(2, 'integer', [[127, 7]]), singleResource(3, 'integer', 127)]),
  objectInstance(2, [singleResource(0, 'integer', 3), singleResource(1, 'integer', 0), multipleResource(2, 'integer', [[127, 7], [310, 1]]), singleResource(3, 'integer', 127)]),
]);

const EVERYTHING = objectInstance(1, [
  singleResource(0, 'string', 'héllo ✓'),
  singleResource(1, 'integer', -42),
  singleResource(2, 'unsigned', 18446744073709551615n),
  singleResource(3, 'float', 0.1),
  singleResource(4, 'boolean', true),
  singleResource(5, 'opaque', hex('00 FF 10')),
  singleResource(6, 'time', new Date(1_700_000_000_000)),
  singleResource(7, 'objlnk', { objectId: 3303, instanceId: 65535 }),
  singleResource(8, 'corelnk', '</3303/0>;ver=1.1'),
  singleResource(9, 'none', ''),
  multipleResource(10, 'string', [[0, ''], [1, 'b']]),
  multipleResource(11, 'integer', [[0, -(2n ** 63n)], [7, 2n ** 63n - 1n], [9, 0]]),
  multipleResource(12, 'unsigned', [[0, 200], [1, 2n ** 63n]]),
  multipleResource(13, 'float', [[0, 1.5], [1, -1e300], [2, -0]]),
  multipleResource(14, 'boolean', [[0, false], [1, true]]),
  multipleResource(15, 'opaque', [[0, new Uint8Array(0)], [1, new Uint8Array(300).fill(7)]]),
  multipleResource(16, 'time', [[0, new Date(0)], [1, new Date(-86_400_000)]]),
  multipleResource(17, 'objlnk', [[0, { objectId: 0, instanceId: 0 }]]),
  multipleResource(18, 'corelnk', [[0, '</1>']]),
  singleResource(300, 'integer', 300),
  multipleResource(301, 'opaque', [[65534, new Uint8Array(70_000).fill(1)]]),
]);

function roundTrip(path: LwM2mPath, node: LwM2mNode, models: ModelLookup = MODELS): LwM2mNode {
  return tlvCodec.decode(path, tlvCodec.encode(path, node, models), models);
}

describe('TLV codec: spec examples', () => {
  it('encodes the Device object instance of the spec example to the exact bytes', () => {
    expect(tlvCodec.encode([3, 0], DEVICE, MODELS)).toEqual(DEVICE_TLV);
  });

  it('decodes the Device example into typed values using the model', () => {
    expect(tlvCodec.decode([3, 0], DEVICE_TLV, MODELS)).toEqual(DEVICE);
  });

  it('encodes and decodes the Access Control object example with two instances and a 16-bit resource instance id', () => {
    expect(tlvCodec.encode([2], ACCESS_CONTROL, MODELS)).toEqual(ACCESS_CONTROL_TLV);
    expect(tlvCodec.decode([2], ACCESS_CONTROL_TLV, MODELS)).toEqual(ACCESS_CONTROL);
  });

  it('decodes without a model to raw bytes, keeping single and multiple resources apart, and re-encodes identically', () => {
    const node = tlvCodec.decode([3, 0], DEVICE_TLV, EMPTY_MODELS);
    expect(node.kind).toBe('instance');
    if (node.kind !== 'instance') return;
    expect(node.resources.get(9)).toEqual(singleResource(9, 'opaque', hex('64')));
    expect(node.resources.get(7)).toEqual(multipleResource(7, 'opaque', [[0, hex('0E D8')], [1, hex('13 88')]]));
    expect(tlvCodec.encode([3, 0], node, EMPTY_MODELS)).toEqual(DEVICE_TLV);
  });

  it('accepts an instance payload wrapped in its own object-instance entry, as some clients send', () => {
    expect(DEVICE_TLV.length).toBeLessThan(256);
    const wrapped = new Uint8Array([0x08, 0x00, DEVICE_TLV.length, ...DEVICE_TLV]);
    expect(tlvCodec.decode([3, 0], wrapped, MODELS)).toEqual(DEVICE);
  });

  it('rejects a wrapper entry naming another instance', () => {
    expectInvalidInput(() => tlvCodec.decode([3, 1], new Uint8Array([0x08, 0x00, DEVICE_TLV.length, ...DEVICE_TLV]), MODELS));
  });
});

describe('TLV codec: every level and every type', () => {
  it('round-trips an object with several instances of every type', () => {
    const object = lwm2mObject(9999, [EVERYTHING, objectInstance(7, [singleResource(1, 'integer', 1)]), objectInstance(8, [])]);
    expect(roundTrip([9999], object)).toEqual(object);
  });

  it('round-trips an object instance of every type, single and multiple', () => {
    expect(roundTrip([9999, 1], EVERYTHING)).toEqual(EVERYTHING);
  });

  it('round-trips each resource on its own', () => {
    for (const resource of EVERYTHING.resources.values()) {
      expect(roundTrip([9999, 1, resource.id], resource)).toEqual(resource);
    }
  });

  it('round-trips each resource instance on its own', () => {
    for (const resource of EVERYTHING.resources.values()) {
      if (resource.kind !== 'multiple') continue;
      for (const [id, value] of resource.instances) {
        const node = resourceInstance(id, resource.type, value);
        expect(roundTrip([9999, 1, resource.id, id], node)).toEqual(node);
      }
    }
  });

  it('encodes a single resource as one resource-with-value entry', () => {
    expect(tlvCodec.encode([3, 0, 9], singleResource(9, 'integer', 100), MODELS)).toEqual(hex('C1 09 64'));
  });

  it('encodes a multiple resource as one entry wrapping resource-instance entries', () => {
    expect(tlvCodec.encode([3, 0, 6], multipleResource(6, 'integer', [[0, 1], [1, 5]]), MODELS)).toEqual(hex('86 06 41 00 01 41 01 05'));
  });

  it('encodes a resource instance as one resource-instance entry', () => {
    expect(tlvCodec.encode([3, 0, 7, 1], resourceInstance(1, 'integer', 5000), MODELS)).toEqual(hex('42 01 13 88'));
  });

  it('decodes a multiple resource sent as bare resource-instance entries', () => {
    expect(tlvCodec.decode([3, 0, 6], hex('41 00 01 41 01 05'), MODELS)).toEqual(multipleResource(6, 'integer', [[0, 1], [1, 5]]));
  });

  it('decodes an empty object and an empty instance from an empty payload', () => {
    expect(tlvCodec.decode([3], new Uint8Array(0), MODELS)).toEqual(lwm2mObject(3, []));
    expect(tlvCodec.decode([3, 0], new Uint8Array(0), MODELS)).toEqual(objectInstance(0, []));
  });

  it('rejects an empty payload for a resource or resource instance', () => {
    expectInvalidInput(() => tlvCodec.decode([3, 0, 9], new Uint8Array(0), MODELS));
    expectInvalidInput(() => tlvCodec.decode([3, 0, 6, 0], new Uint8Array(0), MODELS));
  });

  it('encodes zero-length values with the length in the type byte', () => {
    expect(tlvCodec.encode([9999, 1, 0], singleResource(0, 'string', ''), MODELS)).toEqual(hex('C0 00'));
    expect(tlvCodec.encode([9999, 1, 9], singleResource(9, 'none', ''), MODELS)).toEqual(hex('C0 09'));
    expect(tlvCodec.encode([9999, 1, 10], multipleResource(10, 'string', []), MODELS)).toEqual(hex('80 0A'));
    expect(tlvCodec.decode([9999, 1, 10], hex('80 0A'), MODELS)).toEqual(multipleResource(10, 'string', []));
  });

  it('uses 16-bit identifiers above 255', () => {
    expect(tlvCodec.encode([9999, 1, 300], singleResource(300, 'integer', 1), MODELS)).toEqual(hex('E1 01 2C 01'));
    expect(tlvCodec.encode([9999], lwm2mObject(9999, [objectInstance(256, [])]), MODELS)).toEqual(hex('20 01 00'));
    expect(tlvCodec.decode([9999, 1, 300], hex('E1 01 2C 01'), MODELS)).toEqual(singleResource(300, 'integer', 1));
  });

  it('accepts identifiers and lengths written wider than needed', () => {
    expect(tlvCodec.decode([3, 0, 9], hex('E8 00 09 01 64'), MODELS)).toEqual(singleResource(9, 'integer', 100));
  });

  it('uses 8, 16 and 24-bit length fields as the value grows', () => {
    const header = (length: number): Uint8Array => tlvCodec.encode([9999, 1, 5], singleResource(5, 'opaque', new Uint8Array(length)), MODELS).subarray(0, 5);
    expect(header(7).subarray(0, 2)).toEqual(hex('C7 05'));
    expect(header(8).subarray(0, 3)).toEqual(hex('C8 05 08'));
    expect(header(255).subarray(0, 3)).toEqual(hex('C8 05 FF'));
    expect(header(256).subarray(0, 4)).toEqual(hex('D0 05 01 00'));
    expect(header(65535).subarray(0, 4)).toEqual(hex('D0 05 FF FF'));
    expect(header(65536)).toEqual(hex('D8 05 01 00 00'));
  });

  it('round-trips a value with a 24-bit length', () => {
    const big = new Uint8Array(100_000).map((_, i) => i % 251);
    const node = singleResource(5, 'opaque', big);
    const bytes = tlvCodec.encode([9999, 1, 5], node, MODELS);
    expect(bytes.subarray(0, 5)).toEqual(hex('D8 05 01 86 A0'));
    expect(tlvCodec.decode([9999, 1, 5], bytes, MODELS)).toEqual(node);
  });

  it('returns decoded opaque values as copies that do not share the payload buffer', () => {
    const payload = hex('C3 05 01 02 03');
    const node = tlvCodec.decode([9999, 1, 5], payload, MODELS);
    payload[2] = 0xff;
    expect(node).toEqual(singleResource(5, 'opaque', hex('01 02 03')));
  });
});

describe('TLV codec: malformed input and impossible nodes', () => {
  it.each<[string, LwM2mPath, string]>([
    ['a truncated header', [9999, 1], 'C8'],
    ['a truncated 16-bit id', [9999, 1], 'E1 01'],
    ['a truncated length field', [9999, 1], 'D0 05 01'],
    ['a value shorter than its length', [9999, 1], 'C4 01 00 00'],
    ['a value past the end of its container', [9999, 1], '82 0B 41 00 01'],
    ['the reserved id 65535', [9999, 1], 'E1 FF FF 01'],
    ['a resource instance at instance level', [9999, 1], '41 00 01'],
    ['a resource at object level', [9999], 'C1 01 01'],
    ['a repeated resource', [9999, 1], 'C1 01 01 C1 01 02'],
    ['a repeated instance', [9999], '00 01 00 01'],
    ['a repeated resource instance', [9999, 1, 11], '86 0B 41 00 01 41 00 02'],
    ['an object instance inside a multiple resource', [9999, 1, 11], '83 0B 01 00 00'],
    ['a resource with another id', [9999, 1, 1], 'C1 02 01'],
    ['two resources at resource level', [9999, 1, 1], 'C1 01 01 C1 01 02'],
    ['a resource instance with another id', [9999, 1, 11, 0], '41 01 05'],
    ['a resource value at resource-instance level', [9999, 1, 11, 0], 'C1 00 05'],
    ['an integer of 3 bytes', [9999, 1, 1], 'C3 01 00 00 01'],
    ['a float of 2 bytes', [9999, 1, 3], 'C2 03 00 00'],
    ['a boolean of 2', [9999, 1, 4], 'C1 04 02'],
    ['an object link of 3 bytes', [9999, 1, 7], 'C3 07 00 00 00'],
    ['invalid UTF-8 in a string', [9999, 1, 0], 'C2 00 C3 28'],
    ['a value for a none resource', [9999, 1, 9], 'C1 09 00'],
    ['the root path', [], 'C1 00 00'],
  ])('rejects %s', (_name, path, bytes) => {
    expectInvalidInput(() => tlvCodec.decode(path, hex(bytes), MODELS));
  });

  it('rejects a node that does not match the path level or id', () => {
    expectInvalidInput(() => tlvCodec.encode([3, 0], lwm2mObject(3, []), MODELS));
    expectInvalidInput(() => tlvCodec.encode([3, 1], objectInstance(0, []), MODELS));
    expectInvalidInput(() => tlvCodec.encode([3, 0, 9], singleResource(10, 'integer', 1), MODELS));
    expectInvalidInput(() => tlvCodec.encode([3, 0, 6, 0], singleResource(6, 'integer', 1), MODELS));
    expectInvalidInput(() => tlvCodec.encode([], objectInstance(0, []), MODELS));
  });

  it.each([
    ['integer', 2n ** 63n],
    ['integer', 1.5],
    ['integer', '1'],
    ['unsigned', -1],
    ['unsigned', 2n ** 64n],
    ['float', 1n],
    ['boolean', 1],
    ['time', 0],
    ['time', new Date(NaN)],
    ['objlnk', { objectId: 65536, instanceId: 0 }],
    ['objlnk', 'x'],
    ['string', 5],
    ['opaque', 'abc'],
  ] as const)('rejects encoding a %s resource holding %s', (type, value) => {
    expectInvalidInput(() => tlvCodec.encode([9999, 1, 1], singleResource(1, type, value), MODELS));
  });

  it('rejects encoding an id above 65534', () => {
    expectInvalidInput(() => tlvCodec.encode([9999, 1, 11], multipleResource(11, 'integer', [[65535, 1]]), MODELS));
  });
});

describe('TLV codec: fuzz', () => {
  it('only ever throws FARSIDE_ERR_INVALID_INPUT on 10,000 random, truncated and mutated payloads', () => {
    const everything = objectInstance(1, [...EVERYTHING.resources.values()].filter((r) => r.id < 300));
    const samples: [LwM2mPath, Uint8Array][] = [
      [[3, 0], DEVICE_TLV],
      [[2], ACCESS_CONTROL_TLV],
      [[9999, 1], tlvCodec.encode([9999, 1], everything, MODELS)],
      [[9999, 1, 13], tlvCodec.encode([9999, 1, 13], everything.resources.get(13) ?? DEVICE, MODELS)],
    ];
    const paths: LwM2mPath[] = [[], [3], [3, 0], [3, 0, 6], [3, 0, 6, 1], [3, 0, 13], [2], [9999, 1], [9999, 1, 3], [9999, 1, 13, 0], [9999, 1, 7], [9999, 1, 0]];
    fuzzDecoder({
      seed: 0x7e57,
      runs: 10_000,
      input: (rng, round) => {
        const [samplePath, sample] = rng.pick(samples);
        const bytes = inTurn(round, [
          () => randomBytes(rng, rng.int(48)),
          () => truncate(rng, sample),
          () => flipBits(rng, sample),
          () => mutate(rng, sample),
        ]);
        // Mostly the sample's own path, so mutations reach the value decoders, not just the shape checks.
        const path = rng.int(4) > 0 ? samplePath : rng.pick(paths);
        return { bytes, path, models: rng.int(2) === 0 ? MODELS : EMPTY_MODELS };
      },
      decoders: { decode: ({ bytes, path, models }) => tlvCodec.decode(path, bytes, models) },
      decodesMoreThan: 1000,
      show: ({ bytes, path }) => `${toHex(bytes)} at /${path.join('/')}`,
    });
  });
});
