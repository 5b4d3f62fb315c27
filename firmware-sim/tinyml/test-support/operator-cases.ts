/**
 * Test support: one-operator models covering each operator the interpreter runs, with
 * seeded random weights, and seeded random inputs for them, to be compared with Arm NN.
 */
import type { TfliteTensorTypeName } from '../schema.js';
import { float32Data, int32Data, int8Data, type ModelToWrite, type TensorToWrite } from './tflite-writer.js';

/** The part of test/support/prng.ts's Rng used here (kept local so the build needs no test code). */
export interface Rng {
  next(): number;
  int(below: number): number;
}

export interface OperatorCase {
  readonly name: string;
  readonly model: ModelToWrite;
  /** One run's inputs (one flat array per model input). */
  input(rng: Rng): number[][];
}

const count = (shape: readonly number[]): number => shape.reduce((product, dim) => product * dim, 1);
const int8s = (rng: Rng, n: number): number[] => Array.from({ length: n }, () => rng.int(256) - 128);
const floats = (rng: Rng, n: number, span = 3): number[] => Array.from({ length: n }, () => Math.fround((rng.next() * 2 - 1) * span));

function activation(name: string, type: TfliteTensorTypeName, shape: number[], scale?: number, zeroPoint?: number): TensorToWrite {
  return { name, type, shape, ...(scale !== undefined && { quantization: { scale: [scale], zeroPoint: [zeroPoint ?? 0] } }) };
}

/** A per-axis int8 filter (axis `axis`) and its int32 bias, scales as TFLite's converter would set them. */
function perAxisWeights(rng: Rng, shape: number[], axis: number, inputScale: number): [TensorToWrite, TensorToWrite] {
  const channels = shape[axis]!;
  const scales = Array.from({ length: channels }, () => Math.fround(0.002 + rng.next() * 0.01));
  const filter = { name: 'filter', type: 'INT8' as const, shape, quantization: { scale: scales, zeroPoint: scales.map(() => 0), axis }, data: int8Data(int8s(rng, count(shape))) };
  const biasScales = scales.map((scale) => Math.fround(scale * inputScale));
  const bias = { name: 'bias', type: 'INT32' as const, shape: [channels], quantization: { scale: biasScales, zeroPoint: scales.map(() => 0) }, data: int32Data(Array.from({ length: channels }, () => rng.int(4001) - 2000)) };
  return [filter, bias];
}

function single(name: string, operator: ModelToWrite['operators'][number]['name'], options: ModelToWrite['operators'][number]['options'], tensors: TensorToWrite[], input: (rng: Rng) => number[][]): OperatorCase {
  const constants = tensors.map((tensor, i) => (tensor.data === undefined ? -1 : i));
  const inputs = tensors.map((_, i) => i).filter((i) => constants[i] === -1 && i < tensors.length - 1);
  return {
    name,
    model: { tensors, inputs, outputs: [tensors.length - 1], operators: [{ name: operator, inputs: tensors.slice(0, -1).map((_, i) => i), outputs: [tensors.length - 1], options }] },
    input,
  };
}

export function operatorCases(rng: Rng): OperatorCase[] {
  const [convFilter, convBias] = perAxisWeights(rng, [4, 3, 3, 3], 0, 0.05);
  const [depthFilter, depthBias] = perAxisWeights(rng, [1, 2, 3, 6], 3, 0.04);
  const conv = { padding: 'SAME', strideW: 2, strideH: 2, dilationW: 1, dilationH: 1 } as const;
  return [
    single('CONV_2D int8 per-axis, SAME, stride 2, RELU6', 'CONV_2D', { kind: 'conv2d', ...conv, activation: 'RELU6' },
      [activation('x', 'INT8', [1, 7, 9, 3], 0.05, -3), convFilter, convBias, activation('y', 'INT8', [1, 4, 5, 4], 0.02, 5)], (r) => [int8s(r, 189)]),
    single('CONV_2D float32, VALID, dilation 2, RELU', 'CONV_2D', { kind: 'conv2d', padding: 'VALID', strideW: 1, strideH: 1, dilationW: 2, dilationH: 2, activation: 'RELU' },
      [activation('x', 'FLOAT32', [1, 8, 8, 2]), { name: 'w', type: 'FLOAT32', shape: [3, 3, 3, 2], data: float32Data(floats(rng, 54, 1)) }, { name: 'b', type: 'FLOAT32', shape: [3], data: float32Data(floats(rng, 3, 1)) }, activation('y', 'FLOAT32', [1, 4, 4, 3])],
      (r) => [floats(r, 128)]),
    single('DEPTHWISE_CONV_2D int8 per-axis, multiplier 2, VALID', 'DEPTHWISE_CONV_2D', { kind: 'depthwiseConv2d', padding: 'VALID', strideW: 1, strideH: 1, depthMultiplier: 2, dilationW: 1, dilationH: 1, activation: 'NONE' },
      [activation('x', 'INT8', [1, 5, 6, 3], 0.04, 10), depthFilter, depthBias, activation('y', 'INT8', [1, 4, 4, 6], 0.03, -7)], (r) => [int8s(r, 90)]),
    single('AVERAGE_POOL_2D int8, SAME 3x3, stride 2', 'AVERAGE_POOL_2D', { kind: 'pool2d', padding: 'SAME', strideW: 2, strideH: 2, filterWidth: 3, filterHeight: 3, activation: 'NONE' },
      [activation('x', 'INT8', [1, 7, 8, 3], 0.1, -20), activation('y', 'INT8', [1, 4, 4, 3], 0.1, -20)], (r) => [int8s(r, 168)]),
    single('AVERAGE_POOL_2D float32, VALID 2x2, stride 1', 'AVERAGE_POOL_2D', { kind: 'pool2d', padding: 'VALID', strideW: 1, strideH: 1, filterWidth: 2, filterHeight: 2, activation: 'NONE' },
      [activation('x', 'FLOAT32', [1, 4, 5, 2]), activation('y', 'FLOAT32', [1, 3, 4, 2])], (r) => [floats(r, 40)]),
    single('MAX_POOL_2D float32, SAME 2x2, stride 2, RELU', 'MAX_POOL_2D', { kind: 'pool2d', padding: 'SAME', strideW: 2, strideH: 2, filterWidth: 2, filterHeight: 2, activation: 'RELU' },
      [activation('x', 'FLOAT32', [1, 5, 5, 2]), activation('y', 'FLOAT32', [1, 3, 3, 2])], (r) => [floats(r, 50)]),
    single('MAX_POOL_2D int8, VALID 2x3, strides 1 and 2', 'MAX_POOL_2D', { kind: 'pool2d', padding: 'VALID', strideW: 2, strideH: 1, filterWidth: 3, filterHeight: 2, activation: 'NONE' },
      [activation('x', 'INT8', [1, 4, 7, 2], 0.05, 3), activation('y', 'INT8', [1, 3, 3, 2], 0.05, 3)], (r) => [int8s(r, 56)]),
    single('ADD int8, broadcast [1,3,4,2] + [1,1,1,2], RELU', 'ADD', { kind: 'add', activation: 'RELU' },
      [activation('a', 'INT8', [1, 3, 4, 2], 0.07, -5), activation('b', 'INT8', [1, 1, 1, 2], 0.11, 9), activation('y', 'INT8', [1, 3, 4, 2], 0.09, -12)], (r) => [int8s(r, 24), int8s(r, 2)]),
    single('ADD float32', 'ADD', { kind: 'add', activation: 'NONE' },
      [activation('a', 'FLOAT32', [2, 3]), activation('b', 'FLOAT32', [2, 3]), activation('y', 'FLOAT32', [2, 3])], (r) => [floats(r, 6), floats(r, 6)]),
    single('MUL int8, broadcast [1,3,4,2] × [1,1,4,1]', 'MUL', { kind: 'mul', activation: 'NONE' },
      [activation('a', 'INT8', [1, 3, 4, 2], 0.05, 0), activation('b', 'INT8', [1, 1, 4, 1], 0.03, -2), activation('y', 'INT8', [1, 3, 4, 2], 0.02, 1)], (r) => [int8s(r, 24), int8s(r, 4)]),
    single('MUL float32, RELU6', 'MUL', { kind: 'mul', activation: 'RELU6' },
      [activation('a', 'FLOAT32', [4]), activation('b', 'FLOAT32', [4]), activation('y', 'FLOAT32', [4])], (r) => [floats(r, 4), floats(r, 4)]),
    single('LOGISTIC int8', 'LOGISTIC', { kind: 'none' },
      [activation('x', 'INT8', [1, 16], 0.06, -4), activation('y', 'INT8', [1, 16], 1 / 256, -128)], (r) => [int8s(r, 16)]),
    single('LOGISTIC float32', 'LOGISTIC', { kind: 'none' }, [activation('x', 'FLOAT32', [1, 16]), activation('y', 'FLOAT32', [1, 16])], (r) => [floats(r, 16, 8)]),
    single('SOFTMAX float32, beta 0.7', 'SOFTMAX', { kind: 'softmax', beta: 0.7 }, [activation('x', 'FLOAT32', [2, 5]), activation('y', 'FLOAT32', [2, 5])], (r) => [floats(r, 10, 6)]),
    single('QUANTIZE float32 → int8', 'QUANTIZE', { kind: 'none' }, [activation('x', 'FLOAT32', [1, 12]), activation('y', 'INT8', [1, 12], 0.013, 4)], (r) => [floats(r, 12, 2)]),
    single('DEQUANTIZE int8 → float32', 'DEQUANTIZE', { kind: 'none' }, [activation('x', 'INT8', [1, 12], 0.013, 4), activation('y', 'FLOAT32', [1, 12])], (r) => [int8s(r, 12)]),
    single('FULLY_CONNECTED float32 on a 4-D input, RELU', 'FULLY_CONNECTED', { kind: 'fullyConnected', activation: 'RELU', weightsFormat: 0, keepNumDims: false },
      [activation('x', 'FLOAT32', [1, 2, 2, 3]), { name: 'w', type: 'FLOAT32', shape: [5, 12], data: float32Data(floats(rng, 60, 1)) }, { name: 'b', type: 'FLOAT32', shape: [5], data: float32Data(floats(rng, 5, 1)) }, activation('y', 'FLOAT32', [1, 5])],
      (r) => [floats(r, 12)]),
    single('RESHAPE int8', 'RESHAPE', { kind: 'reshape', newShape: [2, 6] }, [activation('x', 'INT8', [1, 12], 0.5, 1), activation('y', 'INT8', [2, 6], 0.5, 1)], (r) => [int8s(r, 12)]),
  ];
}
