/**
 * What the rest of farside sees of the TinyML interpreter: a model loaded from .tflite
 * bytes, its input and output tensors, its planned tensor arena, and invoke. The
 * WebAssembly engine's TinyML SDK calls, the CLI (`farside tinyml`) and the package
 * checks of Software Management all go through this.
 */

export type TensorType = 'float32' | 'int8' | 'uint8' | 'int16' | 'int32' | 'int64' | 'bool';

export interface TensorQuantization {
  /** One scale per tensor, or one per channel along `axis` (per-axis quantization). */
  readonly scale: readonly number[];
  readonly zeroPoint: readonly number[];
  readonly axis: number;
}

export interface TensorSpec {
  readonly index: number;
  readonly name: string;
  readonly type: TensorType;
  readonly shape: readonly number[];
  readonly quantization?: TensorQuantization;
  /** Bytes of its data (elements × element size). */
  readonly bytes: number;
}

export type TensorData = Float32Array | Int8Array | Uint8Array | Int16Array | Int32Array | BigInt64Array;

/** A model ready to run: tensors allocated in its arena, operators resolved. */
export interface LoadedModel {
  readonly inputs: readonly TensorSpec[];
  readonly outputs: readonly TensorSpec[];
  /** Builtin operator names in execution order, e.g. ["FULLY_CONNECTED", ...]. */
  readonly operators: readonly string[];
  /** Bytes of tensor arena the model needs, planned as TFLite Micro plans it. */
  readonly arenaBytes: number;
  /** Sets input `index` from values in the tensor's own type (e.g. int8 numbers); FarsideError INVALID_INPUT on a length or range misfit. */
  setInput(index: number, values: ArrayLike<number>): void;
  invoke(): void;
  /** A copy of output `index` after the last invoke. */
  output(index: number): TensorData;
}
