import { describe, expect, it } from 'vitest';
import { FarsideError, invalidInput } from '../../lwm2m/errors.js';
import { fuzzDecoder, inTurn, MIN_FUZZ_RUNS } from './fuzz.js';

/** Decodes an even number, rejects an odd one as invalid input. */
const evenOnly = (n: number): number => {
  if (n % 2 === 1) throw invalidInput(`${n} is odd`);
  return n;
};

describe('fuzzDecoder', () => {
  it('counts what every decoder decoded and rejected over all the runs', () => {
    const result = fuzzDecoder({
      seed: 1,
      runs: MIN_FUZZ_RUNS,
      input: (_rng, round) => round,
      decoders: { evenOnly, always: (n) => n },
      decodesMoreThan: 14_999,
    });
    expect(result).toEqual({ decoded: 15_000, rejected: 5000 });
  });

  it('fails on any other error, naming the seed, the round, the decoder and the input', () => {
    const run = (): unknown =>
      fuzzDecoder({
        seed: 0x2a,
        runs: MIN_FUZZ_RUNS,
        input: (_rng, round) => `r${round}`,
        decoders: {
          picky: (text) => {
            if (text === 'r7') throw new FarsideError('FARSIDE_ERR_INTERNAL', 'boom');
          },
        },
        decodesMoreThan: 0,
      });
    expect(run).toThrow('seed 0x2a, round 7: picky("r7") threw FarsideError: boom');
  });

  it('fails when a check on a decoded value fails', () => {
    const run = (): unknown =>
      fuzzDecoder({ seed: 1, runs: MIN_FUZZ_RUNS, input: (_rng, round) => round, decoders: { evenOnly }, check: (n) => expect(n).toBeLessThan(100), decodesMoreThan: 0 });
    expect(run).toThrow(/round 100: evenOnly\(100\) decoded, but the check failed/);
  });

  it('fails when too few inputs decode, or when there are fewer than 10,000 runs', () => {
    expect(() => fuzzDecoder({ seed: 1, runs: MIN_FUZZ_RUNS, input: () => 1, decoders: { evenOnly }, decodesMoreThan: 0 })).toThrow();
    expect(() => fuzzDecoder({ seed: 1, runs: MIN_FUZZ_RUNS - 1, input: () => 0, decoders: { evenOnly }, decodesMoreThan: 0 })).toThrow();
  });

  it('draws the same inputs from the same seed', () => {
    const draw = (): number[] => {
      const inputs: number[] = [];
      fuzzDecoder({ seed: 9, runs: MIN_FUZZ_RUNS, input: (rng) => rng.int(1000), decoders: { keep: (n) => inputs.push(n) }, decodesMoreThan: 0 });
      return inputs;
    };
    expect(draw()).toEqual(draw());
  });
});

describe('inTurn', () => {
  it('takes the kinds of input in turn by round', () => {
    expect([0, 1, 2, 3, 4].map((round) => inTurn(round, [() => 'a', () => 'b']))).toEqual(['a', 'b', 'a', 'b', 'a']);
  });
});
