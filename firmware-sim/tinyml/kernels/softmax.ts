/**
 * SOFTMAX over float32 along the last axis, as Arm NN's reference Softmax: subtract the
 * row's max, scale by beta, exp with glibc's expf, sum in order, divide; each float32-rounded.
 */
import { expf } from '../expf.js';

/** std::numeric_limits<float>::lowest(). */
const LOWEST_FLOAT32 = -3.4028234663852886e38;

export function softmax(rows: number, rowLength: number, beta: number, input: Float32Array, output: Float32Array): void {
  for (let row = 0; row < rows; row++) {
    const start = row * rowLength;
    const end = start + rowLength;
    let max = LOWEST_FLOAT32;
    for (let i = start; i < end; i++) max = max < input[i]! ? input[i]! : max;
    let sum = 0;
    for (let i = start; i < end; i++) sum = Math.fround(sum + expf(Math.fround(Math.fround(input[i]! - max) * beta)));
    for (let i = start; i < end; i++) output[i] = Math.fround(expf(Math.fround(Math.fround(input[i]! - max) * beta)) / sum);
  }
}
