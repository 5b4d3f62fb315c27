/**
 * expf as glibc computes it (sysdeps/ieee754/flt-32/e_expf.c, from Arm's optimized-routines):
 * Arm NN's Softmax and Sigmoid call std::exp/expf on float, and glibc's result is not
 * always the correctly rounded one that Math.fround(Math.exp(x)) gives (about 1 in 1,600
 * inputs differ by an ulp), so a bit-exact emulation needs the same algorithm: a 32-entry
 * table of 2^(i/32) and a cubic, evaluated in double, rounded once to float.
 */

/** 2^(i/32) as IEEE-754 bits minus i << 47 (glibc's __exp2f_data.tab), split in 32-bit halves. */
const TABLE_HIGH = Int32Array.from([
  0x3ff00000, 0x3fefd9b0, 0x3fefb558, 0x3fef9301, 0x3fef72b8, 0x3fef5487, 0x3fef387a, 0x3fef1e9d,
  0x3fef06fe, 0x3feef1a7, 0x3feedea6, 0x3feece08, 0x3feebfda, 0x3feeb42b, 0x3feeab07, 0x3feea47e,
  0x3feea09e, 0x3fee9f75, 0x3feea114, 0x3feea589, 0x3feeace5, 0x3feeb737, 0x3feec491, 0x3feed503,
  0x3feee89f, 0x3feeff76, 0x3fef199b, 0x3fef3720, 0x3fef5818, 0x3fef7c97, 0x3fefa4af, 0x3fefd076,
]);
const TABLE_LOW = Int32Array.from([
  0x00000000, 0xd3158574, 0x6cf9890f, 0xd0125b51, 0x3c7d517b, 0x3168b9aa, 0x6e756238, 0xf51fdee1,
  0x0a31b715, 0x373aa9cb, 0x4c123422, 0x6061892d, 0xd5362a27, 0x569d4f82, 0xdd485429, 0xb03a5585,
  0x667f3bcd, 0xe8ec5f74, 0x73eb0187, 0x994cce13, 0x422aa0db, 0xb0cdc5e5, 0x82a3f090, 0xb23e255d,
  0x995ad3ad, 0xf2fb5e47, 0xdd85529c, 0xdcef9069, 0xdcfba487, 0x337b9b5f, 0xa2a490da, 0x5b6e4540,
]);

const bits = new DataView(new ArrayBuffer(8));

function doubleFromBits(high: number, low: number): number {
  bits.setInt32(0, high);
  bits.setInt32(4, low);
  return bits.getFloat64(0);
}

const TABLE_BITS = 5;
const N = 1 << TABLE_BITS;
/** 0x1.71547652B82FEp+0 (1/ln2) × N. */
const INV_LN2_N = doubleFromBits(0x3ff71547, 0x652b82fe) * N;
/** 0x1.8p+52: adding it rounds a double to an integer (ties to even). */
const SHIFT = 1.5 * 2 ** 52;
/** The cubic's coefficients 0x1.C6AF84B912394p-5/N³, 0x1.EBFCE50FAC4F3p-3/N², 0x1.62E42FF0C52D6p-1/N. */
const C0 = doubleFromBits(0x3fac6af8, 0x4b912394) / N / N / N;
const C1 = doubleFromBits(0x3fcebfce, 0x50fac4f3) / N / N;
const C2 = doubleFromBits(0x3fe62e42, 0xff0c52d6 | 0) / N;
/** Bounds of the special cases, log(0x1p128) and log(0x1p-150): 0x1.62e42ep6f and -0x1.9fe368p6f. */
const OVERFLOW_ABOVE = 0x162e42e * 2 ** -18;
const UNDERFLOW_BELOW = -0x19fe368 * 2 ** -18;

/** glibc's expf(x) for a float32 `x`; the result is a float32 value. */
export function expf(x: number): number {
  if (!(Math.abs(x) < 88)) {
    if (x === -Infinity) return 0;
    if (Number.isNaN(x) || x === Infinity) return x + x;
    if (x > OVERFLOW_ABOVE) return Infinity;
    if (x < UNDERFLOW_BELOW) return 0;
  }
  const z = INV_LN2_N * x;
  const kd = z + SHIFT - SHIFT;
  const k = kd | 0;
  const r = z - kd;
  const i = k & (N - 1);
  // s = 2^(k/N): the table entry with k's integer part added to the exponent bits.
  const s = doubleFromBits((TABLE_HIGH[i]! + (k << (52 - TABLE_BITS - 32))) | 0, TABLE_LOW[i]!);
  const y = (C0 * r + C1) * (r * r) + (C2 * r + 1);
  return Math.fround(y * s);
}
