/**
 * A seeded pseudo-random source for fuzz tests, and the usual ways to spoil a valid
 * input with it. Seeded so that a failing input can be replayed from the seed and round.
 */
import { seededRandom } from '../../firmware-sim/index.js';

export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, below); 0 when `below` is 0. */
  int(below: number): number;
  /** One of `items`, chosen uniformly. */
  pick<T>(items: ArrayLike<T>): T;
}

/** Built on the simulator's seeded source, so fuzz runs and fleets replay the same way. */
export function seededRng(seed: number): Rng {
  const next = seededRandom(seed);
  const int = (below: number): number => Math.floor(next() * below);
  return {
    next,
    int,
    pick<T>(items: ArrayLike<T>): T {
      // A test that hands over nothing to pick from is wrong, not unlucky.
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[int(items.length)] as T;
    },
  };
}

/** `length` random bytes; with `alphabet`, about half of them come from it, so more inputs get past a first syntax check. */
export function randomBytes(rng: Rng, length: number, alphabet?: Uint8Array): Uint8Array {
  if (alphabet === undefined) return Uint8Array.from({ length }, () => rng.int(256));
  return Uint8Array.from({ length }, () => (rng.int(2) === 0 ? rng.int(256) : rng.pick(alphabet)));
}

/** `length` characters drawn from `alphabet`. */
export function randomText(rng: Rng, length: number, alphabet: string): string {
  return Array.from({ length }, () => rng.pick(alphabet)).join('');
}

/** A strictly shorter prefix of `input` (empty stays empty). */
export function truncate(rng: Rng, input: Uint8Array): Uint8Array;
export function truncate(rng: Rng, input: string): string;
export function truncate(rng: Rng, input: Uint8Array | string): Uint8Array | string {
  return input.slice(0, rng.int(input.length));
}

/**
 * A copy of `bytes` with `count` bytes, at random places, overwritten by a random byte or,
 * as often as each of them, by one of `interesting` (bytes that mean something to the format).
 */
export function mutate(rng: Rng, bytes: Uint8Array, count = 1 + rng.int(4), interesting: readonly number[] = []): Uint8Array {
  const out = Uint8Array.from(bytes);
  if (out.length === 0) return out;
  for (let k = 0; k < count; k++) {
    const at = rng.int(out.length);
    // Index `interesting.length` is past the end: a random byte.
    const special = interesting.length > 0 ? interesting[rng.int(interesting.length + 1)] : undefined;
    out[at] = special ?? rng.int(256);
  }
  return out;
}

/** A copy of `bytes` with `count` single bits flipped at random places. */
export function flipBits(rng: Rng, bytes: Uint8Array, count = 1 + rng.int(4)): Uint8Array {
  const out = Uint8Array.from(bytes);
  if (out.length === 0) return out;
  for (let k = 0; k < count; k++) {
    const at = rng.int(out.length);
    out[at] = (out[at] ?? 0) ^ (1 << rng.int(8));
  }
  return out;
}

/**
 * `text` after `count` edits, each at a random place, replacing up to `longest` characters
 * (maybe none) with 1 to `longest` characters from `alphabet`.
 */
export function editText(rng: Rng, text: string, alphabet: string, count = 1 + rng.int(3), longest = 1): string {
  const chars = [...text];
  for (let k = 0; k < count; k++) {
    const at = rng.int(chars.length);
    const removed = rng.int(longest + 1);
    chars.splice(at, removed, ...randomText(rng, 1 + rng.int(longest), alphabet));
  }
  return chars.join('');
}
