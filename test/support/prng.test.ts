import { describe, expect, it } from 'vitest';
import { editText, flipBits, mutate, randomBytes, randomText, seededRng, truncate } from './prng.js';

describe('seededRng', () => {
  it('gives the same sequence for the same seed and another for another seed', () => {
    const draw = (seed: number): number[] => Array.from({ length: 5 }, seededRng(seed).next);
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });

  it('keeps floats in [0, 1) and integers in [0, below), spread over the whole range', () => {
    const rng = seededRng(7);
    const seen = new Set<number>();
    for (let i = 0; i < 10_000; i++) {
      const f = rng.next();
      expect(f >= 0 && f < 1).toBe(true);
      seen.add(rng.int(10));
    }
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(rng.int(0)).toBe(0);
  });

  it('picks from arrays and strings, and refuses to pick from nothing', () => {
    const rng = seededRng(1);
    expect(['a', 'b']).toContain(rng.pick(['a', 'b']));
    expect('xy').toContain(rng.pick('xy'));
    expect(() => rng.pick([])).toThrow();
  });
});

describe('input spoilers', () => {
  const sample = Uint8Array.from({ length: 32 }, (_, i) => i);

  it('make random bytes and text of the asked length, from the alphabet when given', () => {
    const rng = seededRng(3);
    expect(randomBytes(rng, 17)).toHaveLength(17);
    expect(randomText(rng, 9, 'ab')).toMatch(/^[ab]{9}$/);
    const biased = randomBytes(rng, 1000, Uint8Array.of(0x41));
    expect(biased.filter((b) => b === 0x41).length).toBeGreaterThan(400);
  });

  it('truncate to a strictly shorter prefix', () => {
    const rng = seededRng(4);
    for (let i = 0; i < 100; i++) {
      const cut = truncate(rng, sample);
      expect(cut.length).toBeLessThan(sample.length);
      expect(cut).toEqual(sample.subarray(0, cut.length));
      expect(sample.join()).toContain(truncate(rng, sample.join()));
    }
    expect(truncate(rng, '')).toBe('');
  });

  it('mutate and flip bits on a copy, changing at most the asked number of bytes', () => {
    const rng = seededRng(5);
    const changed = (bytes: Uint8Array): number => bytes.filter((b, i) => b !== sample[i]).length;
    expect(changed(mutate(rng, sample, 3))).toBeLessThanOrEqual(3);
    expect(changed(flipBits(rng, sample, 1))).toBe(1);
    expect(mutate(rng, sample, 50, [0xff]).includes(0xff)).toBe(true);
    expect(sample).toEqual(Uint8Array.from({ length: 32 }, (_, i) => i));
    expect(mutate(rng, new Uint8Array(0))).toHaveLength(0);
  });

  it('edit text with characters from the alphabet only', () => {
    const rng = seededRng(6);
    for (let i = 0; i < 100; i++) expect(editText(rng, 'abcdef', 'XY', 3, 2)).toMatch(/^[a-fXY]*$/);
  });
});
