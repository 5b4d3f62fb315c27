/**
 * What an operator's preparation sees: its tensors (checked to exist), their arena views,
 * float readers and writers over them, and `fail`, which names the operator in the error.
 */
import { FarsideError, invalidInput } from '../../../errors/index.js';
import type { TensorData } from '../contracts.js';
import type { FusedActivation } from '../kernels/activation.js';
import type { TfliteModel, TfliteOperator, TfliteTensor } from '../model.js';
import { QUANTIZED_RANGE, type QuantizedArray } from '../quantization.js';
import type { TensorArena } from '../tensor-arena.js';
import { constantFloats, type ChannelIndexing } from './constant-floats.js';
import { decodingSource, encodingSink, floatSink, floatSource, type FloatScratch, type FloatSink, type FloatSource, type QuantizedTensorParameters, type ScratchRole } from './float-io.js';

/** A prepared operator: runs its kernel over the arena, allocation-free. */
export type Step = () => void;

export class OperatorContext {
  readonly where: string;

  constructor(
    readonly model: TfliteModel,
    readonly operator: TfliteOperator,
    private readonly arena: TensorArena,
    private readonly scratch: FloatScratch,
  ) {
    this.where = `operator ${operator.index} (${operator.name})`;
  }

  fail(problem: string): FarsideError {
    return invalidInput(`${this.where}: ${problem}`);
  }

  /** Refuses an operator whose input count is outside [min, max] or whose output count is not `outputs`. */
  expectArity(min: number, max: number, outputs = 1): void {
    const count = this.operator.inputs.length;
    if (count < min || count > max) throw this.fail(`takes ${min === max ? min : `${min} to ${max}`} inputs, not ${count}`);
    if (this.operator.outputs.length !== outputs) throw this.fail(`has ${this.operator.outputs.length} outputs, not ${outputs}`);
  }

  input(position: number): TfliteTensor {
    const tensor = this.optionalInput(position);
    if (tensor === undefined) throw this.fail(`input ${position} is missing`);
    return tensor;
  }

  optionalInput(position: number): TfliteTensor | undefined {
    return this.model.tensors[this.operator.inputs[position] ?? -1];
  }

  output(position = 0): TfliteTensor {
    const tensor = this.model.tensors[this.operator.outputs[position] ?? -1];
    if (tensor === undefined) throw this.fail(`output ${position} is missing`);
    return tensor;
  }

  view(tensor: TfliteTensor): TensorData {
    const view = this.arena.views[tensor.index];
    if (view === undefined) throw this.fail(`tensor ${tensor.index} has no storage`);
    return view;
  }

  /** Scale and zero point of a per-tensor quantized int8/uint8/int16 activation. */
  quantized(tensor: TfliteTensor): QuantizedTensorParameters {
    const range = tensor.type === 'INT8' || tensor.type === 'UINT8' || tensor.type === 'INT16' ? QUANTIZED_RANGE[tensor.type] : undefined;
    const quantization = tensor.quantization;
    if (range === undefined || quantization === undefined || quantization.scale.length !== 1) {
      throw this.fail(`tensor ${tensor.index} (${tensor.name}) must be float32 or per-tensor quantized int8, uint8 or int16, not ${tensor.type}${quantization ? ` with ${quantization.scale.length} scales` : ' without quantization'}`);
    }
    const scale = quantization.scale[0]!;
    if (!(scale > 0)) throw this.fail(`tensor ${tensor.index} (${tensor.name}) has scale ${scale}`);
    return { scale, zeroPoint: quantization.zeroPoint[0]!, range };
  }

  /** Reads `tensor` as floats: constants decoded once now, activations decoded into scratch `role` on each run. */
  source(tensor: TfliteTensor, role: ScratchRole): FloatSource {
    const view = this.view(tensor);
    if (view instanceof Float32Array) return floatSource(view);
    if (tensor.data !== undefined) return floatSource(this.constant(tensor));
    return decodingSource(view as QuantizedArray, tensor.elements, this.quantized(tensor), this.scratch, role);
  }

  /** Writes `tensor` from floats, encoding and applying the fused activation after the kernel. */
  sink(tensor: TfliteTensor, activation: FusedActivation): FloatSink {
    const view = this.view(tensor);
    if (tensor.data !== undefined) throw this.fail(`output tensor ${tensor.index} is a constant`);
    if (view instanceof Float32Array) return floatSink(view, tensor.elements, activation);
    return encodingSink(view as QuantizedArray, tensor.elements, this.quantized(tensor), activation, this.scratch);
  }

  /** A constant input decoded to floats (per-axis scales picked by `channels`). */
  constant(tensor: TfliteTensor, channels?: ChannelIndexing): Float32Array {
    if (tensor.data === undefined) throw this.fail(`tensor ${tensor.index} (${tensor.name}) must be constant`);
    return constantFloats(tensor, this.view(tensor), channels, this.where);
  }

  /** The fused activation, refused when the interpreter has none of that name. */
  activation(name: string): FusedActivation {
    if (name === 'NONE' || name === 'RELU' || name === 'RELU6' || name === 'RELU_N1_TO_1') return name;
    throw this.fail(`fused activation ${name} is not supported`);
  }
}
