/**
 * Where each output element of a broadcasting binary operator reads its two inputs:
 * shapes are right-aligned (Arm NN's parser reshapes the lower-rank input by prepending
 * 1s) and a dimension of 1 repeats. Undefined when both inputs already match the output.
 */
export interface BroadcastIndices {
  readonly first: Int32Array;
  readonly second: Int32Array;
}

function strides(shape: readonly number[], rank: number): number[] {
  const aligned = [...Array<number>(rank - shape.length).fill(1), ...shape];
  const result = Array<number>(rank).fill(0);
  let stride = 1;
  for (let d = rank - 1; d >= 0; d--) {
    result[d] = aligned[d] === 1 ? 0 : stride;
    stride *= aligned[d]!;
  }
  return result;
}

export function broadcastIndices(first: readonly number[], second: readonly number[], output: readonly number[]): BroadcastIndices | undefined {
  const same = (shape: readonly number[]): boolean => shape.length === output.length && shape.every((dim, d) => dim === output[d]);
  if (same(first) && same(second)) return undefined;
  const rank = output.length;
  const firstStrides = strides(first, rank);
  const secondStrides = strides(second, rank);
  const count = output.reduce((product, dim) => product * dim, 1);
  const indices = { first: new Int32Array(count), second: new Int32Array(count) };
  const position = Array<number>(rank).fill(0);
  for (let i = 0; i < count; i++) {
    let a = 0;
    let b = 0;
    for (let d = 0; d < rank; d++) {
      a += position[d]! * firstStrides[d]!;
      b += position[d]! * secondStrides[d]!;
    }
    indices.first[i] = a;
    indices.second[i] = b;
    for (let d = rank - 1; d >= 0; d--) {
      position[d] = position[d]! + 1;
      if (position[d]! < output[d]!) break;
      position[d] = 0;
    }
  }
  return indices;
}
