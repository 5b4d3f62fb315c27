/**
 * How an operator reads its inputs and writes its output in float32, the way Arm NN's
 * CpuRef wraps every workload in a Decoder and an Encoder: a quantized activation is
 * dequantized into scratch before the kernel runs, the kernel's float result is quantized
 * into the output tensor after it, then the fused activation runs on the encoded output.
 * Scratch is shared by all operators (they run one at a time) and sized at load.
 */
import { activateFloats, activateQuantized, activationBounds, type FusedActivation } from '../kernels/activation.js';
import { dequantizeInto, quantizeInto, type QuantizedArray, type QuantizedRange } from '../quantization.js';

export type ScratchRole = 'first' | 'second' | 'result';

export class FloatScratch {
  private readonly lengths: Record<ScratchRole, number> = { first: 0, second: 0, result: 0 };
  private arrays: Record<ScratchRole, Float32Array> = { first: new Float32Array(0), second: new Float32Array(0), result: new Float32Array(0) };

  reserve(role: ScratchRole, length: number): void {
    this.lengths[role] = Math.max(this.lengths[role], length);
  }

  /** Called once, after every operator has reserved what it needs. */
  allocate(): void {
    this.arrays = { first: new Float32Array(this.lengths.first), second: new Float32Array(this.lengths.second), result: new Float32Array(this.lengths.result) };
  }

  get(role: ScratchRole): Float32Array {
    return this.arrays[role];
  }
}

/** A tensor read as float32: `read()` decodes it if need be and returns the floats. */
export interface FloatSource {
  read(): Float32Array;
}

/** A tensor written as float32: the kernel fills `target()`, then `commit()` encodes and activates. */
export interface FloatSink {
  target(): Float32Array;
  commit(): void;
}

export interface QuantizedTensorParameters {
  readonly scale: number;
  readonly zeroPoint: number;
  readonly range: QuantizedRange;
}

export function floatSource(values: Float32Array): FloatSource {
  return { read: () => values };
}

export function decodingSource(values: QuantizedArray, count: number, parameters: QuantizedTensorParameters, scratch: FloatScratch, role: ScratchRole): FloatSource {
  scratch.reserve(role, count);
  const { scale, zeroPoint } = parameters;
  return {
    read: () => {
      const floats = scratch.get(role);
      dequantizeInto(values, floats, count, scale, zeroPoint);
      return floats;
    },
  };
}

export function floatSink(values: Float32Array, count: number, activation: FusedActivation): FloatSink {
  if (activation === 'NONE') return { target: () => values, commit: () => undefined };
  const bounds = activationBounds(activation);
  return { target: () => values, commit: () => activateFloats(values, count, bounds) };
}

export function encodingSink(values: QuantizedArray, count: number, parameters: QuantizedTensorParameters, activation: FusedActivation, scratch: FloatScratch): FloatSink {
  scratch.reserve('result', count);
  const { scale, zeroPoint, range } = parameters;
  const bounds = activation === 'NONE' ? undefined : activationBounds(activation);
  return {
    target: () => scratch.get('result'),
    commit: () => {
      quantizeInto(scratch.get('result'), values, count, scale, zeroPoint, range);
      if (bounds !== undefined) activateQuantized(values, count, bounds, scale, zeroPoint, range);
    },
  };
}
