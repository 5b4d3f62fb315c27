import { describe, expect, it } from 'vitest';
import { parseExecuteArguments } from './execute-arguments.js';

/** Mulberry32: a small seeded PRNG so the fuzz run is reproducible. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('parseExecuteArguments', () => {
  it('reads bare digits and quoted values', () => {
    expect(parseExecuteArguments("0,1='x=1',2")).toEqual(new Map([[0, undefined], [1, 'x=1'], [2, undefined]]));
  });

  it('treats an absent or empty payload as no arguments', () => {
    expect(parseExecuteArguments(undefined)).toEqual(new Map());
    expect(parseExecuteArguments('')).toEqual(new Map());
  });

  it('keeps commas inside quoted values', () => {
    expect(parseExecuteArguments("3='a,b,c'")).toEqual(new Map([[3, 'a,b,c']]));
  });

  it('rejects what the grammar does not allow', () => {
    for (const text of ['10', 'a', "0='unterminated", "0='has space'", '0,,1', '0,', ',0', "0=x", '0,0', "0='a\"b'"]) {
      expect(parseExecuteArguments(text), text).toBeUndefined();
    }
  });

  it('returns a map or undefined for 10,000 random and mutated inputs, never throwing', () => {
    const random = prng(0x5eed);
    const alphabet = "0123456789,='ab \\\"\u00e9\u0000";
    const seeds = ["0,1='http://x/y'", "5='abc'", '0,1,2', ''];
    for (let i = 0; i < 10_000; i++) {
      let text: string;
      if (i % 2 === 0) {
        text = Array.from({ length: Math.floor(random() * 24) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      } else {
        const base = seeds[i % seeds.length] ?? '';
        const cut = base.slice(0, Math.floor(random() * (base.length + 1)));
        const at = Math.floor(random() * (cut.length + 1));
        text = cut.slice(0, at) + (alphabet[Math.floor(random() * alphabet.length)] ?? '') + cut.slice(at);
      }
      const result = parseExecuteArguments(text);
      expect(result === undefined || result instanceof Map).toBe(true);
    }
  });
});
