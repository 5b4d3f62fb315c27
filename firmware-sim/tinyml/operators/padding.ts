/**
 * Output size and padding of a windowed operator along one axis, as Arm NN's TfLiteParser
 * computes them (CalcPadding): SAME pads (out - 1) × stride + dilated filter - in, the
 * smaller half in front; VALID pads nothing.
 */
import type { Padding } from '../schema.js';

export interface AxisPadding {
  readonly outputSize: number;
  readonly front: number;
  readonly back: number;
}

export function axisPadding(padding: Padding, inputSize: number, filterSize: number, stride: number, dilation: number): AxisPadding {
  const dilatedFilter = filterSize + (dilation - 1) * (filterSize - 1);
  if (padding === 'VALID') return { outputSize: Math.floor((inputSize - dilatedFilter) / stride) + 1, front: 0, back: 0 };
  const outputSize = Math.ceil(inputSize / stride);
  const total = Math.max((outputSize - 1) * stride + dilatedFilter - inputSize, 0);
  const front = Math.floor(total / 2);
  return { outputSize, front, back: total - front };
}
