import { beforeAll, describe, expect, it } from 'vitest';
import { fuzzDecoder } from '../../test/support/fuzz.js';
import { flipBits, mutate, randomBytes, truncate } from '../../test/support/prng.js';
import { checkWasmModule } from './module-check.js';
import { readModuleLayout } from './module-reader.js';
import { wasmOf } from './test-support.js';

const SAMPLES = [
  `(module (memory (export "memory") 1) (func (export "tick")))`,
  `(module
     (import "embserve" "memory" (memory 1 2))
     (import "embserve" "output" (func (param i32 i32 i32 f64) (result i32)))
     (import "embserve" "sensor_read" (func (param i32 i32) (result f64)))
     (func (export "init")) (func (export "main"))
     (func (export "on_input") (param i32 i32 i32 f64)) (func (export "input_key_buffer") (result i32) i32.const 0))`,
  `(module (import "embserve" "log" (func (param i32 i32))) (memory (export "memory") 1 3) (data (i32.const 0) "hello")
     (global (mut i32) (i32.const 0)) (table 1 funcref) (func (export "tick")) (export "g" (global 0)))`,
];

describe('reading WebAssembly modules from packages', () => {
  let modules: Uint8Array[] = [];
  beforeAll(async () => {
    modules = await Promise.all(SAMPLES.map((wat) => wasmOf(wat)));
  });

  it('reads the imports, memories and exports of a module', () => {
    const layout = readModuleLayout(modules[1]!);
    expect(layout.imports.map((i) => `${i.module}.${i.name}:${i.kind}`)).toEqual(['embserve.memory:memory', 'embserve.output:function', 'embserve.sensor_read:function']);
    expect(layout.exports.map((e) => e.name)).toEqual(['init', 'main', 'on_input', 'input_key_buffer']);
    expect(layout.imports[0]).toMatchObject({ limits: { initial: 1, maximum: 2, shared: false } });
  });

  it('never throws anything but FARSIDE_ERR_INVALID_INPUT on 10,000 spoiled modules', () => {
    const interesting = [0x00, 0x01, 0x02, 0x03, 0x05, 0x07, 0x60, 0x7f, 0x7c, 0x80, 0xff];
    fuzzDecoder({
      seed: 0x3a5d,
      runs: 10_000,
      input: (rng, round) => {
        const sample = rng.pick(modules);
        switch (round % 4) {
          case 0:
            return mutate(rng, sample, undefined, interesting);
          case 1:
            return flipBits(rng, sample);
          case 2:
            return truncate(rng, sample);
          default:
            return new Uint8Array([...sample.subarray(0, 8 + rng.int(24)), ...randomBytes(rng, rng.int(40))]);
        }
      },
      decoders: { readModuleLayout, checkWasmModule },
      decodesMoreThan: 1_000,
    });
  });
});
