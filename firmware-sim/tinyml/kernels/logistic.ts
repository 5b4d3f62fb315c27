/** LOGISTIC over float32, as Arm NN's Sigmoid activation: 1.f / (1.f + expf(-x)), with glibc's expf. */
import { expf } from '../expf.js';

export function logistic(count: number, input: Float32Array, output: Float32Array): void {
  for (let i = 0; i < count; i++) output[i] = Math.fround(1 / Math.fround(1 + expf(-input[i]!)));
}
