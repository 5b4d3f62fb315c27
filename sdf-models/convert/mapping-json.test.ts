import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expectInvalidInput } from '../../test/support/assertions.js';
import { fuzzDecoder, inTurn, MIN_FUZZ_RUNS } from '../../test/support/fuzz.js';
import { editText, randomText, truncate, type Rng } from '../../test/support/prng.js';
import { sdfModelWithMapping } from './augment.js';
import { sdfMappingFromJson, sdfMappingFromText } from './mapping-json.js';
import { SdfNameIndex } from './name-index.js';
import type { SdfModel } from './sdf-model.js';

const MODELS = new URL('../models/', import.meta.url);
const DEVICE_MAPPING = readFileSync(new URL('Device.mapping.json', MODELS), 'utf8');
const DEVICE_MODEL = JSON.parse(readFileSync(new URL('Device.sdf.json', MODELS), 'utf8')) as SdfModel;

describe('sdfMappingFromText', () => {
  it('reads a shipped mapping file as it was written', () => {
    expect(sdfMappingFromText(DEVICE_MAPPING)).toEqual(JSON.parse(DEVICE_MAPPING));
  });

  it('keeps a key named __proto__ as a key', () => {
    const mapping = sdfMappingFromText('{"map":{"__proto__":{"oma:id":1}}}');
    expect(Object.keys(mapping.map)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(mapping.map)).toBe(Object.prototype);
  });

  it('refuses text that is not JSON, or JSON that is not a mapping file, saying what is wrong', () => {
    expectInvalidInput(() => sdfMappingFromText('{"map":'), /not JSON/);
    expectInvalidInput(() => sdfMappingFromJson([]), /must be a JSON object/);
    expectInvalidInput(() => sdfMappingFromJson({}), /needs a 'map' object/);
    expectInvalidInput(() => sdfMappingFromJson({ map: { '#/sdfObject/D': 3 } }), /must be an object of qualities/);
    expectInvalidInput(() => sdfMappingFromJson({ map: {}, namespace: { oma: 1 } }), /URI strings/);
    expectInvalidInput(() => sdfMappingFromJson({ map: {}, namespace: { oma: 'urn:oma:lwm2m' }, defaultNamespace: 'x' }), /must name an entry/);
    expectInvalidInput(() => sdfMappingFromJson({ map: {}, info: { title: 3 } }), /info.title must be a string/);
  });
});

const JSON_ALPHABET = '{}[]":,#/~%01239 abcoma:idsdfObjectPropertyAction_-\\u';
const VALUES: readonly unknown[] = [null, 0, -1, 1.5, 70000, '', 'x', true, [], {}, { 'oma:id': 1 }];

/** A random JSON-ish value: what a file read by someone else might hold. */
function randomValue(rng: Rng, depth = 0): unknown {
  if (depth > 3 || rng.int(3) === 0) return rng.pick(VALUES);
  if (rng.int(4) === 0) return Array.from({ length: rng.int(3) }, () => randomValue(rng, depth + 1));
  const keys = ['map', 'info', 'namespace', 'defaultNamespace', 'oma:id', '#/sdfObject/D', '#/sdfObject/D/sdfProperty/P', 'oma:#/sdfObject/D', '#/%zz', 'oma'];
  return Object.fromEntries(Array.from({ length: rng.int(4) }, () => [rng.pick(keys), randomValue(rng, depth + 1)]));
}

/** The Device mapping with one entry's key or qualities spoiled: still JSON, so the checks past parsing run. */
function spoiledEntry(rng: Rng): string {
  const mapping = JSON.parse(DEVICE_MAPPING) as { map: Record<string, unknown> };
  const entries = Object.entries(mapping.map);
  const at = rng.int(entries.length);
  const [key, qualities] = entries[at] ?? ['', {}];
  entries[at] = rng.int(2) === 0 ? [editText(rng, key, JSON_ALPHABET), qualities] : [key, randomValue(rng)];
  return JSON.stringify({ ...mapping, map: Object.fromEntries(entries) });
}

describe('mapping decoding under fuzzing', () => {
  it('only ever returns a mapping or throws invalid input, through parsing, indexing and merging', () => {
    fuzzDecoder({
      seed: 0x5df,
      runs: MIN_FUZZ_RUNS,
      input: (rng, round) =>
        inTurn(round, [
          () => editText(rng, DEVICE_MAPPING, JSON_ALPHABET, 1, 1),
          () => truncate(rng, DEVICE_MAPPING),
          () => JSON.stringify(randomValue(rng)),
          () => spoiledEntry(rng),
          () => randomText(rng, rng.int(40), JSON_ALPHABET),
        ]),
      decoders: {
        parse: (text: string) => sdfMappingFromText(text),
        index: (text: string) => SdfNameIndex.fromMappings([sdfMappingFromText(text)]),
        merge: (text: string) => sdfModelWithMapping(DEVICE_MODEL, sdfMappingFromText(text)),
      },
      decodesMoreThan: 5000,
    });
  });
});
