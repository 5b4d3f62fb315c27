/**
 * FULLY_CONNECTED over float32, as Arm NN's reference FullyConnected: for each output,
 * Σ weight × input in input order from 0.0f, then + bias, every step rounded to float32.
 * Weights are [outputDepth, inputDepth] (TFLite's layout, Arm NN's transposed weights).
 */
export interface FullyConnectedShape {
  readonly batches: number;
  readonly inputDepth: number;
  readonly outputDepth: number;
}

export function fullyConnected(shape: FullyConnectedShape, input: Float32Array, weights: Float32Array, bias: Float32Array | undefined, output: Float32Array): void {
  const { batches, inputDepth, outputDepth } = shape;
  for (let n = 0; n < batches; n++) {
    const inputRow = n * inputDepth;
    for (let o = 0; o < outputDepth; o++) {
      const weightRow = o * inputDepth;
      let sum = 0;
      for (let k = 0; k < inputDepth; k++) sum = Math.fround(sum + Math.fround(weights[weightRow + k]! * input[inputRow + k]!));
      if (bias !== undefined) sum = Math.fround(sum + bias[o]!);
      output[n * outputDepth + o] = sum;
    }
  }
}
