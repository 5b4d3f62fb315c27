import { describe, expect, it } from 'vitest';
import { randomText, seededRng } from '../../test/support/prng.js';
import { parseExecuteArguments } from './execute-arguments.js';

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
    const rng = seededRng(0x5eed);
    const alphabet = "0123456789,='ab \\\"\u00e9\u0000";
    const seeds = ["0,1='http://x/y'", "5='abc'", '0,1,2', ''];
    for (let i = 0; i < 10_000; i++) {
      let text: string;
      if (i % 2 === 0) {
        text = randomText(rng, rng.int(24), alphabet);
      } else {
        // A prefix, maybe the whole seed, with one character put in somewhere.
        const base = seeds[i % seeds.length] ?? '';
        const cut = base.slice(0, rng.int(base.length + 1));
        const at = rng.int(cut.length + 1);
        text = cut.slice(0, at) + rng.pick(alphabet) + cut.slice(at);
      }
      const result = parseExecuteArguments(text);
      expect(result === undefined || result instanceof Map).toBe(true);
    }
  });
});
