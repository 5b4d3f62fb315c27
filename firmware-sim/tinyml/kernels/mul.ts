/** MUL over float32 with broadcasting, as Arm NN's std::multiplies<float>. */
import type { BroadcastIndices } from './broadcast.js';

export function mul(count: number, indices: BroadcastIndices | undefined, first: Float32Array, second: Float32Array, output: Float32Array): void {
  if (indices === undefined) {
    for (let i = 0; i < count; i++) output[i] = Math.fround(first[i]! * second[i]!);
    return;
  }
  for (let i = 0; i < count; i++) output[i] = Math.fround(first[indices.first[i]!]! * second[indices.second[i]!]!);
}
