import { describe, expect, it } from 'vitest';
import { expectInvalidInput } from '../../test/support/assertions.js';
import { toHex } from '../../test/support/bytes.js';
import { fuzzDecoder, inTurn } from '../../test/support/fuzz.js';
import { mutate, randomBytes, truncate } from '../../test/support/prng.js';
import { EMPTY_MODELS, type ModelLookup, type ResourceModel, type ResourceType } from '../model.js';
import { multipleResource, objectInstance, resourceInstance, singleResource, type ResourceValue } from '../node.js';
import type { LwM2mPath } from '../path.js';
import { textCodec } from './text.js';

const TYPES: readonly ResourceType[] = ['string', 'integer', 'unsigned', 'float', 'boolean', 'opaque', 'time', 'objlnk', 'corelnk', 'none'];

/** Object 9999: resource i (0-9) is a single resource of TYPES[i]; resource 10 + i is a multiple one. */
const MODELS: ModelLookup = {
  object: () => undefined,
  resource(objectId, resourceId): ResourceModel | undefined {
    const type = TYPES[resourceId % 10];
    if (objectId !== 9999 || resourceId >= 20 || type === undefined) return undefined;
    return { id: resourceId, name: `R${resourceId}`, operations: 'RW', multiple: resourceId >= 10, mandatory: false, type };
  },
};

function idOf(type: ResourceType): number {
  return TYPES.indexOf(type);
}

function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

function decode(type: ResourceType, text: string | Uint8Array): ResourceValue {
  const node = textCodec.decode([9999, 0, idOf(type)], typeof text === 'string' ? utf8(text) : text, MODELS);
  if (node.kind !== 'single') throw new Error(`expected a single resource, got ${node.kind}`);
  return node.value;
}

function encode(type: ResourceType, value: ResourceValue): string {
  return new TextDecoder().decode(textCodec.encode([9999, 0, idOf(type)], singleResource(idOf(type), type, value), MODELS));
}

describe('text codec', () => {
  it('decodes the spec example: Manufacturer of /3/0 as plain text', () => {
    expect(textCodec.decode([3, 0, 0], utf8('Open Mobile Alliance'), EMPTY_MODELS)).toEqual(singleResource(0, 'string', 'Open Mobile Alliance'));
  });

  it.each([
    ['string', 'héllo, wörld ✓', 'héllo, wörld ✓'],
    ['string', '', ''],
    ['integer', -42, '-42'],
    ['integer', 2n ** 63n - 1n, '9223372036854775807'],
    ['integer', -(2n ** 63n), '-9223372036854775808'],
    ['unsigned', 2n ** 64n - 1n, '18446744073709551615'],
    ['unsigned', 7, '7'],
    ['float', 3.14, '3.14'],
    ['float', -0.5, '-0.5'],
    ['float', 1e21, '1e+21'],
    ['float', 12, '12'],
    ['boolean', true, '1'],
    ['boolean', false, '0'],
    ['time', new Date(1_367_491_215_000), '1367491215'],
    ['time', new Date(-60_000), '-60'],
    ['objlnk', { objectId: 3, instanceId: 0 }, '3:0'],
    ['objlnk', { objectId: 65535, instanceId: 65535 }, '65535:65535'],
    ['corelnk', '</3/0>;ver=1.1', '</3/0>;ver=1.1'],
    ['none', '', ''],
  ] as const)('writes %s %s as "%s" and reads it back', (type, value, text) => {
    expect(encode(type, value)).toBe(text);
    expect(decode(type, text)).toEqual(value);
  });

  it.each([
    ['integer', '+5', 5],
    ['integer', '007', 7],
    ['integer', '9007199254740993', 9007199254740993n],
    ['float', '1.5e3', 1500],
    ['float', '2E-2', 0.02],
    ['float', '.5', 0.5],
    ['float', '5.', 5],
    ['float', '-7', -7],
    ['unsigned', '+9', 9],
  ] as const)('reads %s "%s" as %s', (type, text, value) => {
    expect(decode(type, text)).toEqual(value);
  });

  it.each([
    ['integer', ''],
    ['integer', '1.0'],
    ['integer', ' 1'],
    ['integer', '0x10'],
    ['integer', '9223372036854775808'],
    ['integer', '1'.repeat(100)],
    ['unsigned', '-1'],
    ['unsigned', '18446744073709551616'],
    ['float', ''],
    ['float', 'NaN'],
    ['float', 'Infinity'],
    ['float', '1e999'],
    ['float', '1,5'],
    ['float', 'e5'],
    ['boolean', 'true'],
    ['boolean', '2'],
    ['time', '1.5'],
    ['time', '99999999999999'],
    ['objlnk', '3'],
    ['objlnk', '3:65536'],
    ['objlnk', '3:0:1'],
    ['none', 'x'],
    ['opaque', 'AAEC'],
  ] as const)('rejects %s "%s"', (type, text) => {
    expectInvalidInput(() => decode(type, text));
  });

  it('rejects invalid UTF-8', () => {
    expectInvalidInput(() => decode('string', Uint8Array.of(0x61, 0xc3, 0x28)));
    expectInvalidInput(() => decode('string', Uint8Array.of(0xff)));
  });

  it('keeps a leading byte-order mark as part of a string', () => {
    expect(decode('string', Uint8Array.of(0xef, 0xbb, 0xbf, 0x41))).toBe('\ufeffA');
  });

  it('treats a resource no model knows as a string', () => {
    expect(textCodec.decode([42, 0, 1], utf8('12'), EMPTY_MODELS)).toEqual(singleResource(1, 'string', '12'));
  });

  it('reads and writes a resource instance of a multiple resource', () => {
    const node = resourceInstance(3, 'integer', 25);
    expect(new TextDecoder().decode(textCodec.encode([9999, 0, 11, 3], node, MODELS))).toBe('25');
    expect(textCodec.decode([9999, 0, 11, 3], utf8('25'), MODELS)).toEqual(node);
  });

  it('refuses opaque values, which belong in content format 42', () => {
    expectInvalidInput(() => encode('opaque', new Uint8Array([1])));
  });

  it.each([
    ['integer', 1.5],
    ['integer', 2n ** 63n],
    ['unsigned', -1],
    ['float', NaN],
    ['float', Infinity],
    ['float', 1n],
    ['boolean', 1],
    ['time', 5],
    ['time', new Date(NaN)],
    ['objlnk', { objectId: -1, instanceId: 0 }],
    ['string', 5],
    ['corelnk', true],
  ] as const)('refuses to write %s %s', (type, value) => {
    expectInvalidInput(() => encode(type, value));
  });

  it.each<[string, LwM2mPath, 'instance' | 'multiple']>([
    ['an object', [9999], 'instance'],
    ['an instance', [9999, 0], 'instance'],
    ['a multiple resource', [9999, 0, 11], 'multiple'],
    ['the root', [], 'instance'],
  ])('refuses %s, which text cannot carry', (_name, path, kind) => {
    const node = kind === 'multiple' ? multipleResource(11, 'integer', [[0, 1]]) : objectInstance(0, []);
    expectInvalidInput(() => textCodec.encode(path, node, MODELS));
    expectInvalidInput(() => textCodec.decode(path, utf8('1'), MODELS));
  });

  it('refuses a resource instance of a single resource and a node whose id differs from the path', () => {
    expectInvalidInput(() => textCodec.decode([9999, 0, 1, 0], utf8('1'), MODELS));
    expectInvalidInput(() => textCodec.encode([9999, 0, 1], singleResource(2, 'integer', 1), MODELS));
    expectInvalidInput(() => textCodec.encode([9999, 0, 11, 0], singleResource(11, 'integer', 1), MODELS));
  });
});

describe('text codec: fuzz', () => {
  it('only ever throws FARSIDE_ERR_INVALID_INPUT on 10,000 random and mutated payloads of every type', () => {
    const samples = ['1367491215', '-3.25e-7', '3:0', '1', '0', '18446744073709551615', '-9223372036854775808', 'héllo', '</1/0>'].map(utf8);
    const alphabet = utf8('0123456789+-.eE: ,;<>/x');
    fuzzDecoder({
      seed: 0x7e47,
      runs: 10_000,
      input: (rng, round): { bytes: Uint8Array; path: LwM2mPath; models: ModelLookup } => {
        const sample = rng.pick(samples);
        const bytes = inTurn(round, [
          () => randomBytes(rng, rng.int(24), alphabet),
          () => truncate(rng, sample),
          () => mutate(rng, sample),
        ]);
        const path: LwM2mPath = rng.int(5) === 0 ? [9999, 0, 10 + rng.int(10), rng.int(3)] : [9999, 0, rng.int(12)];
        return { bytes, path, models: rng.int(8) === 0 ? EMPTY_MODELS : MODELS };
      },
      decoders: { decode: ({ bytes, path, models }) => textCodec.decode(path, bytes, models) },
      decodesMoreThan: 1000,
      show: ({ bytes, path }) => `${toHex(bytes)} at /${path.join('/')}`,
    });
  });
});
