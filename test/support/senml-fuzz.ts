/**
 * The fuzz run both SenML codecs get: the same mix of inputs and the same three decoders,
 * so JSON and CBOR differ only in what is specific to the encoding.
 */
import type { MultiNodeCodec } from '../../lwm2m/codec.js';
import { EMPTY_MODELS, type ModelLookup } from '../../lwm2m/model.js';
import type { LwM2mPath } from '../../lwm2m/path.js';
import { toHex } from './bytes.js';
import { fuzzDecoder, inTurn } from './fuzz.js';
import { mutate, randomBytes, truncate } from './prng.js';

/** What of a SenML codec is fuzzed: single-path and multi-path decoding, and path lists. */
export type FuzzedSenmlCodec = Pick<MultiNodeCodec, 'decode' | 'decodeNodes'> & { decodePaths(payload: Uint8Array): unknown };

/** A random record as [field, value] pairs; the field is a name or a label, as the encoding writes it. */
export type RandomRecord = [string | number, unknown][];

export interface SenmlFuzzOptions {
  readonly codec: FuzzedSenmlCodec;
  readonly seed: number;
  /** Models for about half the inputs; the other half decode without any. */
  readonly models: ModelLookup;
  /** Valid payloads to truncate and mutate. */
  readonly samples: readonly Uint8Array[];
  /** Bytes that mean something in the encoding, written into samples as often as each random byte. */
  readonly syntax: readonly number[];
  /** Fields of random records, as the encoding writes them. */
  readonly fields: readonly (string | number)[];
  /** Values of random records, names among them. */
  readonly values: readonly unknown[];
  /** Encodes random records: well-formed, so they reach past the parser into the SenML checks. */
  encodeRecords(records: RandomRecord[]): Uint8Array;
  /** How a payload reads in a failure message; hex by default. */
  show?(bytes: Uint8Array): string;
}

const PATHS: LwM2mPath[] = [[], [3], [3, 0], [3, 0, 9], [3, 0, 7], [3, 0, 7, 1], [9999, 0], [9999, 0, 5]];

/** Decodes 10,000 random, truncated and mutated payloads and random records three ways, asserting the fuzz contract. */
export function fuzzSenmlCodec(options: SenmlFuzzOptions): void {
  const { codec, show = toHex } = options;
  fuzzDecoder({
    seed: options.seed,
    runs: 10_000,
    input: (rng, round) => {
      const sample = rng.pick(options.samples);
      const bytes = inTurn(round, [
        () => randomBytes(rng, rng.int(40)),
        () => truncate(rng, sample),
        () => mutate(rng, sample, 1 + rng.int(5), options.syntax),
        () => options.encodeRecords(Array.from({ length: rng.int(5) }, () => Array.from({ length: 1 + rng.int(4) }, () => [rng.pick(options.fields), rng.pick(options.values)]))),
      ]);
      return { bytes, models: rng.int(2) === 0 ? options.models : EMPTY_MODELS };
    },
    decoders: {
      decode: ({ bytes, models }, rng) => codec.decode(rng.pick(PATHS), bytes, models),
      decodeNodes: ({ bytes, models }) => codec.decodeNodes(bytes, models),
      decodePaths: ({ bytes }) => codec.decodePaths(bytes),
    },
    // Guards the generator itself: inputs that all fail early would test nothing past the parser.
    decodesMoreThan: 1000,
    show: ({ bytes }) => show(bytes),
  });
}
