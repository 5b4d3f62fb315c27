/**
 * The decoder fuzz contract every decoder's tests check: on each of at least 10,000 seeded
 * inputs a decoder either returns a value or throws FarsideError FARSIDE_ERR_INVALID_INPUT,
 * nothing else; and enough inputs decode that the run reached past the first checks.
 */
import { expect } from 'vitest';
import { ERROR_CODES, isFarsideError } from '../../lwm2m/errors.js';
import { toHex } from './bytes.js';
import { seededRng, type Rng } from './prng.js';

/** The fewest inputs a decoder's fuzz test may try. */
export const MIN_FUZZ_RUNS = 10_000;

/** A decoder under test, given the input and the run's PRNG for any choice of its own (a path, say). */
export type FuzzedDecoder<Input> = (input: Input, rng: Rng) => unknown;

/** Decoders by name; the name appears in failure messages. */
export type FuzzedDecoders<Input> = Readonly<Record<string, FuzzedDecoder<Input>>>;

/** What any of `Decoders` returns. */
type Decoded<Decoders> = Decoders extends Readonly<Record<string, (...args: never[]) => infer Output>> ? Output : never;

// `Decoders` is bounded without `Input`: bounding it by FuzzedDecoders<Input> would fix
// `Input` to unknown before the `input` function is seen, whenever a decoder is a named function.
export interface FuzzDecoderOptions<Input, Decoders extends FuzzedDecoders<never>> {
  /** Seed of the PRNG that every input, and every choice a decoder makes, is drawn from. */
  readonly seed: number;
  /** How many inputs to draw; at least MIN_FUZZ_RUNS. */
  readonly runs: number;
  /** Draws input number `round`. */
  input(rng: Rng, round: number): Input;
  /** The decoders tried on every input, in this order. */
  readonly decoders: Decoders & FuzzedDecoders<Input>;
  /** More checks on a value a decoder returned, e.g. a round trip; any error it throws fails the test. */
  check?(output: Decoded<Decoders>, input: Input): void;
  /**
   * Successful decodes (every decoder counted) must exceed this: a generator whose inputs
   * all fail early would prove little.
   */
  readonly decodesMoreThan: number;
  /** How an input reads in a failure message; bytes are shown as hex and text as JSON by default. */
  show?(input: Input): string;
}

export interface FuzzResult {
  readonly decoded: number;
  readonly rejected: number;
}

/** Runs the decoders over the drawn inputs and asserts the contract; call it inside a test. */
export function fuzzDecoder<Input, Decoders extends FuzzedDecoders<never>>(options: FuzzDecoderOptions<Input, Decoders>): FuzzResult {
  expect(options.runs).toBeGreaterThanOrEqual(MIN_FUZZ_RUNS);
  const rng = seededRng(options.seed);
  const show = options.show ?? showInput;
  let decoded = 0;
  let rejected = 0;
  for (let round = 0; round < options.runs; round++) {
    const input = options.input(rng, round);
    for (const [name, decode] of Object.entries(options.decoders)) {
      // Enough to replay a failure: the seed, the round and what was fed in.
      const where = (): string => `seed 0x${options.seed.toString(16)}, round ${round}: ${name}(${show(input)})`;
      let output: Decoded<Decoders>;
      try {
        output = decode(input, rng) as Decoded<Decoders>;
      } catch (err) {
        if (!isFarsideError(err, ERROR_CODES.INVALID_INPUT)) throw new Error(`${where()} threw ${String(err)}`, { cause: err });
        rejected++;
        continue;
      }
      decoded++;
      try {
        options.check?.(output, input);
      } catch (err) {
        throw new Error(`${where()} decoded, but the check failed: ${String(err)}`, { cause: err });
      }
    }
  }
  expect(decoded).toBeGreaterThan(options.decodesMoreThan);
  return { decoded, rejected };
}

/** One of `kinds`, taken in turn by `round`, so each kind of input gets an equal share of the run. */
export function inTurn<T>(round: number, kinds: readonly (() => T)[]): T {
  const kind = kinds[round % kinds.length];
  if (kind === undefined) throw new Error('no kinds of input to take in turn');
  return kind();
}

function showInput(input: unknown): string {
  if (input instanceof Uint8Array) return toHex(input);
  return typeof input === 'string' ? JSON.stringify(input) : String(input);
}
