/**
 * Arm NN's reference conversions between quantized integers and float32 (armnn/TypesUtils.cpp
 * Quantize/Dequantize, as the CpuRef backend's Decoders and Encoders use them), emulated
 * bit for bit: every float operation is rounded to float32 with Math.fround.
 *
 * Arm NN differs from TFLite Micro here on purpose: TFLM requantizes with fixed-point
 * multipliers, Arm NN CpuRef dequantizes to float, computes in float and quantizes the
 * result. The interpreter matches Arm NN, the reference its outputs are checked against.
 */

export type QuantizedArray = Int8Array | Uint8Array | Int16Array;

/** The integer range of a quantized element type. */
export interface QuantizedRange {
  readonly min: number;
  readonly max: number;
}

export const QUANTIZED_RANGE = {
  INT8: { min: -128, max: 127 },
  UINT8: { min: 0, max: 255 },
  INT16: { min: -32768, max: 32767 },
} as const satisfies Record<string, QuantizedRange>;

/** `(float)(value - offset) * scale`, as Arm NN's Dequantize. */
export function dequantizeValue(value: number, scale: number, zeroPoint: number): number {
  return Math.fround(Math.fround(value - zeroPoint) * scale);
}

/**
 * Arm NN's Quantize: round(value / scale) half away from zero, plus the offset, clamped to
 * the type's range. A NaN is UB in C++; on x86-64 its float→int conversion lands on 0.
 */
export function quantizeValue(value: number, scale: number, zeroPoint: number, min: number, max: number): number {
  const scaled = Math.fround(value / scale);
  if (Number.isNaN(scaled)) return 0;
  const rounded = scaled >= 0 ? Math.floor(scaled + 0.5) : Math.ceil(scaled - 0.5);
  const shifted = rounded + zeroPoint;
  return shifted < min ? min : shifted > max ? max : shifted;
}

/** Decodes the first `count` values of `source` into `target`. */
export function dequantizeInto(source: QuantizedArray, target: Float32Array, count: number, scale: number, zeroPoint: number): void {
  for (let i = 0; i < count; i++) target[i] = Math.fround(Math.fround(source[i]! - zeroPoint) * scale);
}

/** Encodes the first `count` values of `source` into `target`. */
export function quantizeInto(source: Float32Array, target: QuantizedArray, count: number, scale: number, zeroPoint: number, range: QuantizedRange): void {
  const { min, max } = range;
  for (let i = 0; i < count; i++) target[i] = quantizeValue(source[i]!, scale, zeroPoint, min, max);
}
