import { describe, expect, it } from 'vitest';
import { hex, toHex } from './bytes.js';

describe('hex', () => {
  it('reads bytes with or without white space between them', () => {
    expect(hex('C8 00 14')).toEqual(Uint8Array.of(0xc8, 0x00, 0x14));
    expect(hex(' 2f33\n2F30 ')).toEqual(Uint8Array.of(0x2f, 0x33, 0x2f, 0x30));
    expect(hex('')).toEqual(new Uint8Array(0));
  });

  it('refuses a stray digit or a non-hex character rather than dropping it', () => {
    expect(() => hex('C8 0')).toThrow(/not hex bytes/);
    expect(() => hex('C8 0G')).toThrow(/not hex bytes/);
  });

  it('writes bytes back as lower-case hex', () => {
    expect(toHex(hex('C8 00 14'))).toBe('c80014');
  });
});
