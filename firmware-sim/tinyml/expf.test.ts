import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { seededRng } from '../../test/support/prng.js';
import { expf } from './expf.js';

/** glibc's expf through Python's ctypes: the libm Arm NN's Softmax and Sigmoid call. */
const GLIBC_EXPF = `
import ctypes, json, struct, sys
libm = ctypes.CDLL("libm.so.6")
libm.expf.restype = ctypes.c_float
libm.expf.argtypes = [ctypes.c_float]
xs = json.load(sys.stdin)
print(json.dumps([struct.unpack("<I", struct.pack("<f", libm.expf(x)))[0] for x in xs]))
`;

const bitsOf = (value: number): number => new Uint32Array(Float32Array.of(value).buffer)[0]!;

describe('expf', () => {
  it('matches glibc’s expf bit for bit on 20,000 seeded floats across its range', () => {
    const rng = seededRng(0xe4f);
    const xs = Array.from({ length: 20_000 }, (_, i) => Math.fround(i % 2 === 0 ? -20 * rng.next() : -110 + 200 * rng.next()));
    const glibc = spawnSync('/usr/bin/python3', ['-c', GLIBC_EXPF], { input: JSON.stringify(xs), encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
    expect(glibc.status, glibc.stderr).toBe(0);
    const expected = JSON.parse(glibc.stdout) as number[];
    const differing = xs.filter((x, i) => bitsOf(expf(x)) !== expected[i]);
    expect(differing).toEqual([]);
  });

  it('handles the special cases as glibc does', () => {
    expect(expf(0)).toBe(1);
    expect(expf(-Infinity)).toBe(0);
    expect(expf(Infinity)).toBe(Infinity);
    expect(expf(NaN)).toBeNaN();
    expect(expf(89)).toBe(Infinity);
    expect(expf(-104)).toBe(0);
  });

  it('is needed: Math.exp rounded to float32 differs from glibc on some inputs', () => {
    // About 1 input in 1,600 rounds differently; with the test above, these are glibc's own roundings.
    const rng = seededRng(3);
    const xs = Array.from({ length: 20_000 }, () => Math.fround(-20 * rng.next()));
    expect(xs.some((x) => expf(x) !== Math.fround(Math.exp(x)))).toBe(true);
  });
});
