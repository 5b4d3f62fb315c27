import { describe, expect, it } from 'vitest';
import { dequantizeValue, QUANTIZED_RANGE, quantizeValue } from './quantization.js';

const { min, max } = QUANTIZED_RANGE.INT8;

describe("Arm NN's quantize and dequantize", () => {
  it('rounds halves away from zero, as C++ round does', () => {
    expect(quantizeValue(2.5, 1, 0, min, max)).toBe(3);
    expect(quantizeValue(-2.5, 1, 0, min, max)).toBe(-3);
    expect(quantizeValue(0.49999997, 1, 0, min, max)).toBe(0);
    expect(quantizeValue(-0.5, 1, 10, min, max)).toBe(9);
  });

  it('divides in float32 before rounding', () => {
    // 0.25 / float32(0.1) is 2.49999996 in double, exactly 2.5 once rounded to float32.
    expect(quantizeValue(0.25, Math.fround(0.1), 0, min, max)).toBe(3);
    expect(quantizeValue(-0.25, Math.fround(0.1), 0, min, max)).toBe(-3);
  });

  it('clamps to the type and sends NaN to 0 as x86-64 does', () => {
    expect(quantizeValue(1000, 1, 0, min, max)).toBe(127);
    expect(quantizeValue(-Infinity, 1, 0, min, max)).toBe(-128);
    expect(quantizeValue(NaN, 1, 5, min, max)).toBe(0);
  });

  it('dequantizes as float(q - zero point) × scale in float32', () => {
    expect(dequantizeValue(-128, Math.fround(0.1), -128)).toBe(0);
    expect(dequantizeValue(3, Math.fround(0.1), 0)).toBe(Math.fround(3 * Math.fround(0.1)));
  });
});
