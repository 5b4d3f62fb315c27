/**
 * Fused activations the way Arm NN's TfLiteParser runs them: as a separate Activation
 * layer after the operator, on the operator's already-encoded output (decode, clamp in
 * float, encode again), with ReLu = std::max(0.f, x) and BoundedReLu = std::min(a,
 * std::max(b, x)), so a NaN becomes the lower bound.
 *
 * Arm NN 20.08 refuses RELU_N1_TO_1; it is run here as BoundedReLu(1, -1), what TFLite means.
 */
import { dequantizeValue, quantizeValue, type QuantizedArray, type QuantizedRange } from '../quantization.js';

export type FusedActivation = 'NONE' | 'RELU' | 'RELU6' | 'RELU_N1_TO_1';

export interface ActivationBounds {
  readonly lower: number;
  readonly upper: number;
}

export function activationBounds(activation: Exclude<FusedActivation, 'NONE'>): ActivationBounds {
  switch (activation) {
    case 'RELU':
      return { lower: 0, upper: Infinity };
    case 'RELU6':
      return { lower: 0, upper: 6 };
    case 'RELU_N1_TO_1':
      return { lower: -1, upper: 1 };
  }
}

function clamp(value: number, lower: number, upper: number): number {
  const raised = lower < value ? value : lower;
  return raised < upper ? raised : upper;
}

/** Clamps the first `count` floats in place. */
export function activateFloats(values: Float32Array, count: number, bounds: ActivationBounds): void {
  const { lower, upper } = bounds;
  for (let i = 0; i < count; i++) values[i] = clamp(values[i]!, lower, upper);
}

/** Clamps the first `count` quantized values in place, through float as Arm NN does. */
export function activateQuantized(values: QuantizedArray, count: number, bounds: ActivationBounds, scale: number, zeroPoint: number, range: QuantizedRange): void {
  const { lower, upper } = bounds;
  for (let i = 0; i < count; i++) {
    const decoded = dequantizeValue(values[i]!, scale, zeroPoint);
    values[i] = quantizeValue(clamp(decoded, lower, upper), scale, zeroPoint, range.min, range.max);
  }
}
