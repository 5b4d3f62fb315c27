/**
 * A .tflite model as the reader hands it over: subgraph 0's tensors (with their constant
 * data, if any) and operators in execution order, options decoded, indices checked.
 */
import type { Activation, Padding, TfliteTensorTypeName } from './schema.js';

export interface TfliteQuantization {
  readonly scale: readonly number[];
  /** As many as `scale` (zeros when the model gives none). */
  readonly zeroPoint: readonly number[];
  /** quantized_dimension as written; only meaningful when there are several scales. */
  readonly axis: number;
}

export interface TfliteTensor {
  readonly index: number;
  readonly name: string;
  readonly type: TfliteTensorTypeName;
  readonly shape: readonly number[];
  readonly elements: number;
  /** elements × element size, or undefined for types without a fixed size (STRING, ...). */
  readonly bytes: number | undefined;
  readonly quantization: TfliteQuantization | undefined;
  /** The constant data (a view into the model bytes), or undefined for an activation. */
  readonly data: Uint8Array | undefined;
  readonly isVariable: boolean;
}

export type OperatorOptions =
  | { readonly kind: 'none' }
  | { readonly kind: 'other'; readonly unionType: number }
  | { readonly kind: 'fullyConnected'; readonly activation: Activation; readonly weightsFormat: number; readonly keepNumDims: boolean }
  | { readonly kind: 'conv2d'; readonly padding: Padding; readonly strideW: number; readonly strideH: number; readonly activation: Activation; readonly dilationW: number; readonly dilationH: number }
  | {
      readonly kind: 'depthwiseConv2d';
      readonly padding: Padding;
      readonly strideW: number;
      readonly strideH: number;
      readonly depthMultiplier: number;
      readonly activation: Activation;
      readonly dilationW: number;
      readonly dilationH: number;
    }
  | { readonly kind: 'pool2d'; readonly padding: Padding; readonly strideW: number; readonly strideH: number; readonly filterWidth: number; readonly filterHeight: number; readonly activation: Activation }
  | { readonly kind: 'reshape'; readonly newShape: readonly number[] | undefined }
  | { readonly kind: 'softmax'; readonly beta: number }
  | { readonly kind: 'add'; readonly activation: Activation }
  | { readonly kind: 'mul'; readonly activation: Activation };

export interface TfliteOperator {
  readonly index: number;
  /** Builtin operator name, e.g. "FULLY_CONNECTED", or "CUSTOM:<code>" for a custom one. */
  readonly name: string;
  readonly builtinCode: number;
  readonly version: number;
  /** Tensor indices; -1 marks an optional input left out. */
  readonly inputs: readonly number[];
  readonly outputs: readonly number[];
  readonly options: OperatorOptions;
}

export interface TfliteModel {
  readonly version: number;
  readonly description: string;
  readonly tensors: readonly TfliteTensor[];
  readonly inputs: readonly number[];
  readonly outputs: readonly number[];
  readonly operators: readonly TfliteOperator[];
}
