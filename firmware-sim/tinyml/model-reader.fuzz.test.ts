import { describe, expect, it } from 'vitest';
import { fuzzDecoder, inTurn } from '../../test/support/fuzz.js';
import { flipBits, mutate, truncate, type Rng } from '../../test/support/prng.js';
import { loadModel } from './interpreter.js';
import { readModel } from './model-reader.js';
import { modelBytes, type ModelName } from './test-support/models.js';

/** Small enough to run after every successful load without slowing the run down. */
const RUNNABLE = ['hello_world_int8', 'hello_world_float', 'micro_speech_quantized'] as const satisfies readonly ModelName[];
const ARENA_LIMIT_BYTES = 256 * 1024;
const SMALL_MODEL_BYTES = 4096;
/** Bytes that mean something in a FlatBuffer: small offsets, lengths, type and opcode values. */
const INTERESTING = [0x00, 0x01, 0x02, 0x03, 0x04, 0x08, 0x09, 0x10, 0x19, 0x7f, 0x80, 0xff];

const SOURCES = Object.fromEntries(RUNNABLE.map((name) => [name, modelBytes(name)])) as Record<(typeof RUNNABLE)[number], Uint8Array>;

function spoiled(rng: Rng, round: number): Uint8Array {
  const source = SOURCES[RUNNABLE[round % RUNNABLE.length]!];
  // The FlatBuffer's tables sit after the weights in these files: aim a third of the hits there.
  const tail = (bytes: Uint8Array): Uint8Array => {
    const out = bytes.slice();
    const from = Math.floor(out.length * 0.6);
    for (let k = 1 + rng.int(3); k > 0; k--) out[from + rng.int(out.length - from)] = rng.pick(INTERESTING);
    return out;
  };
  return inTurn(Math.floor(round / RUNNABLE.length), [
    () => mutate(rng, source, 1 + rng.int(4), INTERESTING),
    () => flipBits(rng, source),
    () => tail(source),
    () => truncate(rng, source),
  ]);
}

describe('the model reader and loader on damaged models', () => {
  it('never throw anything but FarsideError INVALID_INPUT on 10,000 mutations of the real models, and loaded ones run', () => {
    const result = fuzzDecoder({
      seed: 0x7f1e,
      runs: 10_000,
      input: spoiled,
      decoders: {
        readModel: (bytes: Uint8Array) => readModel(bytes),
        loadAndInvoke: (bytes: Uint8Array, rng: Rng) => {
          const model = loadModel(bytes, { maxArenaBytes: ARENA_LIMIT_BYTES });
          // Every small model runs; a quarter of the micro_speech ones (a millisecond each) do.
          if (bytes.length < SMALL_MODEL_BYTES || rng.int(4) === 0) model.invoke();
          return model.output(0);
        },
      },
      decodesMoreThan: 5_000,
    });
    // Enough damaged models must also be refused, or the mutations never reached the structure.
    expect(result.rejected).toBeGreaterThan(2_000);
  });
});
