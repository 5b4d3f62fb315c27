import { describe, expect, it } from 'vitest';
import { fuzzDecoder, inTurn } from '../../test/support/fuzz.js';
import { editText, flipBits, mutate, randomBytes, truncate } from '../../test/support/prng.js';
import { board, server, temperatureService, value } from './test-fixture.js';

const encoder = new TextEncoder();
const SAMPLES = [
  temperatureService(),
  temperatureService({ service: 'AAAA', inputs: [{ key: 'limit', type: 0, data_model_mapping: ['lwm2m:3303/0/5700'] }], model: { tensor_arena_size: 150_000 } }),
  // Just under the RAM workloads get: most edits of the arena size overflow it.
  temperatureService({ service: 'AAAA', model: { tensor_arena_size: 151_400 } }),
  temperatureService({ service: 'AAAA', period_ms: 100, outputs: [{ key: 'h', type: 0, data_model_mapping: ['lwm2m:3304/2/5700', 'lwm2m:3303/x/5601'] }] }),
].map((service) => JSON.stringify(service));

describe('Software Management under fuzzed packages', () => {
  it('never throws on 10,000 spoiled packages and leaves the instance INITIAL with 50, 51, 53 or 54, or DELIVERED', () => {
    const { tree, runtime } = board();
    const id = server.create(tree);
    const bootMemory = runtime.memory.report();
    const seen = new Map<number, number>();
    const interesting = [...'{}[]":,0159xAZaz/=+'].map((char) => char.charCodeAt(0));
    const writeOnce = (bytes: Uint8Array): number => {
      expect(server.writePackage(tree, id, bytes)).toBe('2.04');
      const [state, result] = [value(tree, [9, id, 7]), value(tree, [9, id, 9])] as number[];
      seen.set(result ?? -1, (seen.get(result ?? -1) ?? 0) + 1);
      if (state === 3) {
        expect(result).toBe(3);
        expect(server.execute(tree, id, 6)).toBe('2.04');
        expect(runtime.memory.report()).toEqual(bootMemory);
      } else {
        expect(state).toBe(0);
        expect([50, 51, 53, 54]).toContain(result);
      }
      return state ?? -1;
    };
    fuzzDecoder({
      seed: 0x9a7c,
      runs: 10_000,
      input: (rng, round) => {
        const text = rng.pick(SAMPLES);
        const bytes = encoder.encode(text);
        return inTurn<Uint8Array>(round, [
          () => mutate(rng, bytes, undefined, interesting),
          () => flipBits(rng, bytes),
          () => truncate(rng, bytes),
          () => encoder.encode(editText(rng, text, '{}[]":,0159xAZaz/=+', 2, 4)),
          () => randomBytes(rng, rng.int(120), encoder.encode('{}[]":,01x/')),
        ]);
      },
      decoders: { writeOnce },
      decodesMoreThan: 9_999,
    });
    for (const result of [3, 51, 53, 54]) expect(seen.get(result) ?? 0).toBeGreaterThan(0);
    expect(tree.read([3303]).code).toBe('4.04');
  });
});
