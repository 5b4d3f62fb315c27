import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expectInvalidInput } from '../../test/support/assertions.js';
import { fuzzDecoder, inTurn } from '../../test/support/fuzz.js';
import { editText, flipBits, mutate, randomBytes, truncate } from '../../test/support/prng.js';
import { parseServiceJson } from './service-json.js';

const encoder = new TextEncoder();
const FIXTURE = readFileSync(new URL('./testdata/service.json', import.meta.url));
const fixtureJson = (): Record<string, unknown> => JSON.parse(FIXTURE.toString('utf8'));
const bytesOf = (value: unknown): Uint8Array => encoder.encode(JSON.stringify(value));

describe('service.json', () => {
  it('reads FITA service.json with its inputs, outputs and data model mappings', () => {
    const service = parseServiceJson(FIXTURE);
    expect(service.name).toBe('temperature-average');
    expect(service.dependencies).toEqual({ sdk_api: 1 });
    expect(service.outputs?.[0]).toEqual({ key: 'average', type: 1, data_model_mapping: ['lwm2m:3303/1/5700'] });
  });

  it('accepts a WebAssembly module and a model in place of FITA’s module, and keeps unknown fields', () => {
    const { service: _service, ...rest } = fixtureJson();
    const parsed = parseServiceJson(bytesOf({ ...rest, wasm: 'AGFzbQEAAAA=', model: { file: 'hello.tflite', tensor_arena_size: 2048 }, extra: true }));
    expect(parsed.wasm).toBe('AGFzbQEAAAA=');
    expect(parsed.model).toEqual({ file: 'hello.tflite', tensor_arena_size: 2048 });
    expect((parsed as Record<string, unknown>).extra).toBe(true);
  });

  it('refuses a service without a module', () => {
    const { service: _service, ...rest } = fixtureJson();
    expectInvalidInput(() => parseServiceJson(bytesOf(rest)), /needs a module/);
  });

  it('refuses a module that is not base64', () => {
    expectInvalidInput(() => parseServiceJson(bytesOf({ ...fixtureJson(), service: 'not base64!' })), /service: not base64/);
  });

  it('refuses an input or output of an unknown value type or without a key', () => {
    expectInvalidInput(() => parseServiceJson(bytesOf({ ...fixtureJson(), inputs: [{ key: 'x', type: 7 }] })), /inputs\.0\.type/);
    expectInvalidInput(() => parseServiceJson(bytesOf({ ...fixtureJson(), outputs: [{ type: 0 }] })), /outputs\.0\.key/);
  });

  it('refuses bytes that are not UTF-8 JSON or not an object', () => {
    expectInvalidInput(() => parseServiceJson(Uint8Array.of(0xc3)), /not JSON/);
    expectInvalidInput(() => parseServiceJson(encoder.encode('[1]')), /invalid service.json/);
    expectInvalidInput(() => parseServiceJson('{}' as unknown as Uint8Array), /bytes/);
  });
});

describe('service.json under fuzzing', () => {
  it('either decodes or throws invalid input for 10,000 spoiled documents', () => {
    const text = FIXTURE.toString('utf8');
    const interesting = [...'{}[]":,01AZaz+/='].map((char) => char.charCodeAt(0));
    fuzzDecoder({
      seed: 0x5e7c,
      runs: 10_000,
      input: (rng, round) =>
        inTurn<Uint8Array>(round, [
          () => mutate(rng, FIXTURE, undefined, interesting),
          () => flipBits(rng, FIXTURE),
          () => truncate(rng, FIXTURE),
          () => encoder.encode(editText(rng, text, '{}[]":,019AZaz=+/', 2, 3)),
          () => randomBytes(rng, rng.int(80), encoder.encode('{}[]":,01')),
        ]),
      decoders: { parseServiceJson },
      decodesMoreThan: 500,
    });
  });
});
