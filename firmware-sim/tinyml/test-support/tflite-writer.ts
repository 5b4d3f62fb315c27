/**
 * Test support: writes .tflite bytes with flatbuffers' Builder, so tests can make small
 * one-operator models (to check an operator against Arm NN, or to feed the interpreter a
 * model it must refuse) and rewrite real ones (TfliteModel → bytes).
 */
import { Builder } from 'flatbuffers';
import { BUILTIN_OPERATOR_NAMES } from '../builtin-operators.js';
import type { OperatorOptions, TfliteModel } from '../model.js';
import { ACTIVATIONS, BUILTIN_OPTIONS, FIELD, PADDINGS, TFLITE_FILE_IDENTIFIER, TFLITE_SCHEMA_VERSION, TFLITE_TENSOR_TYPES, type TfliteTensorTypeName } from '../schema.js';

export interface TensorToWrite {
  readonly name?: string;
  readonly type: TfliteTensorTypeName;
  readonly shape: readonly number[];
  readonly quantization?: { readonly scale: readonly number[]; readonly zeroPoint: readonly number[]; readonly axis?: number };
  /** Constant data, little-endian. */
  readonly data?: Uint8Array;
}

export interface OperatorToWrite {
  /** Builtin operator name, e.g. "CONV_2D". */
  readonly name: string;
  readonly inputs: readonly number[];
  readonly outputs: readonly number[];
  readonly options?: OperatorOptions;
}

export interface ModelToWrite {
  readonly version?: number;
  readonly description?: string;
  readonly tensors: readonly TensorToWrite[];
  readonly inputs: readonly number[];
  readonly outputs: readonly number[];
  readonly operators: readonly OperatorToWrite[];
}

function vector(b: Builder, elementBytes: number, values: readonly number[], add: (value: number) => void): number {
  b.startVector(elementBytes, values.length, elementBytes);
  for (let i = values.length - 1; i >= 0; i--) add(values[i]!);
  return b.endVector();
}

const int32s = (b: Builder, values: readonly number[]): number => vector(b, 4, values, (v) => b.addInt32(v));
const float32s = (b: Builder, values: readonly number[]): number => vector(b, 4, values, (v) => b.addFloat32(v));
const int64s = (b: Builder, values: readonly number[]): number => vector(b, 8, values, (v) => b.addInt64(BigInt(v)));
const offsets = (b: Builder, values: readonly number[]): number => vector(b, 4, values, (v) => b.addOffset(v));

function table(b: Builder, fields: number, write: () => void): number {
  b.startObject(fields);
  write();
  return b.endObject();
}

function optionsTable(b: Builder, options: OperatorOptions): { type: number; offset: number } {
  const activation = (name: string): number => ACTIVATIONS.indexOf(name as (typeof ACTIVATIONS)[number]);
  const padding = (name: string): number => PADDINGS.indexOf(name as (typeof PADDINGS)[number]);
  switch (options.kind) {
    case 'fullyConnected': {
      const f = FIELD.FullyConnectedOptions;
      return { type: BUILTIN_OPTIONS.FullyConnectedOptions, offset: table(b, 3, () => b.addFieldInt8(f.fused_activation_function, activation(options.activation), 0)) };
    }
    case 'conv2d': {
      const f = FIELD.Conv2DOptions;
      const offset = table(b, 6, () => {
        b.addFieldInt8(f.padding, padding(options.padding), -1);
        b.addFieldInt32(f.stride_w, options.strideW, null);
        b.addFieldInt32(f.stride_h, options.strideH, null);
        b.addFieldInt8(f.fused_activation_function, activation(options.activation), 0);
        b.addFieldInt32(f.dilation_w_factor, options.dilationW, 1);
        b.addFieldInt32(f.dilation_h_factor, options.dilationH, 1);
      });
      return { type: BUILTIN_OPTIONS.Conv2DOptions, offset };
    }
    case 'depthwiseConv2d': {
      const f = FIELD.DepthwiseConv2DOptions;
      const offset = table(b, 7, () => {
        b.addFieldInt8(f.padding, padding(options.padding), -1);
        b.addFieldInt32(f.stride_w, options.strideW, null);
        b.addFieldInt32(f.stride_h, options.strideH, null);
        b.addFieldInt32(f.depth_multiplier, options.depthMultiplier, null);
        b.addFieldInt8(f.fused_activation_function, activation(options.activation), 0);
        b.addFieldInt32(f.dilation_w_factor, options.dilationW, 1);
        b.addFieldInt32(f.dilation_h_factor, options.dilationH, 1);
      });
      return { type: BUILTIN_OPTIONS.DepthwiseConv2DOptions, offset };
    }
    case 'pool2d': {
      const f = FIELD.Pool2DOptions;
      const offset = table(b, 6, () => {
        b.addFieldInt8(f.padding, padding(options.padding), -1);
        b.addFieldInt32(f.stride_w, options.strideW, null);
        b.addFieldInt32(f.stride_h, options.strideH, null);
        b.addFieldInt32(f.filter_width, options.filterWidth, null);
        b.addFieldInt32(f.filter_height, options.filterHeight, null);
        b.addFieldInt8(f.fused_activation_function, activation(options.activation), 0);
      });
      return { type: BUILTIN_OPTIONS.Pool2DOptions, offset };
    }
    case 'reshape': {
      const shape = options.newShape && int32s(b, options.newShape);
      return { type: BUILTIN_OPTIONS.ReshapeOptions, offset: table(b, 1, () => shape !== undefined && b.addFieldOffset(FIELD.ReshapeOptions.new_shape, shape, 0)) };
    }
    case 'softmax':
      return { type: BUILTIN_OPTIONS.SoftmaxOptions, offset: table(b, 1, () => b.addFieldFloat32(FIELD.SoftmaxOptions.beta, options.beta, null)) };
    case 'add':
      return { type: BUILTIN_OPTIONS.AddOptions, offset: table(b, 2, () => b.addFieldInt8(FIELD.AddOptions.fused_activation_function, activation(options.activation), 0)) };
    case 'mul':
      return { type: BUILTIN_OPTIONS.MulOptions, offset: table(b, 1, () => b.addFieldInt8(FIELD.MulOptions.fused_activation_function, activation(options.activation), 0)) };
    case 'none':
    case 'other':
      return { type: 0, offset: 0 };
  }
}

export function writeModel(model: ModelToWrite): Uint8Array {
  const b = new Builder(1024);
  // Buffer 0 is the empty sentinel, as the TFLite converter writes it.
  const constants = model.tensors.filter((tensor) => tensor.data !== undefined);
  const bufferTables = [table(b, 1, () => undefined), ...constants.map((tensor) => {
    const data = b.createByteVector(tensor.data!);
    return table(b, 1, () => b.addFieldOffset(FIELD.Buffer.data, data, 0));
  })];
  const tensors = model.tensors.map((tensor) => {
    const f = FIELD.Tensor;
    const name = b.createString(tensor.name ?? '');
    const shape = int32s(b, tensor.shape);
    const q = tensor.quantization;
    const quantization = q && [float32s(b, q.scale), int64s(b, q.zeroPoint)];
    const quantizationTable = quantization && table(b, 7, () => {
      b.addFieldOffset(FIELD.QuantizationParameters.scale, quantization[0]!, 0);
      b.addFieldOffset(FIELD.QuantizationParameters.zero_point, quantization[1]!, 0);
      b.addFieldInt32(FIELD.QuantizationParameters.quantized_dimension, q.axis ?? 0, 0);
    });
    const buffer = tensor.data === undefined ? 0 : constants.indexOf(tensor) + 1;
    return table(b, 6, () => {
      b.addFieldOffset(f.shape, shape, 0);
      b.addFieldInt8(f.type, TFLITE_TENSOR_TYPES.findIndex((type) => type.name === tensor.type), 0);
      b.addFieldInt32(f.buffer, buffer, 0);
      b.addFieldOffset(f.name, name, 0);
      if (quantizationTable !== undefined) b.addFieldOffset(f.quantization, quantizationTable, 0);
    });
  });
  const names = [...new Set(model.operators.map((operator) => operator.name))];
  const opcodes = names.map((name) => {
    const code = BUILTIN_OPERATOR_NAMES.indexOf(name);
    return table(b, 4, () => {
      b.addFieldInt8(FIELD.OperatorCode.deprecated_builtin_code, Math.min(code, 127), null);
      b.addFieldInt32(FIELD.OperatorCode.builtin_code, code, null);
    });
  });
  const operators = model.operators.map((operator) => {
    const f = FIELD.Operator;
    const [inputs, outputs] = [int32s(b, operator.inputs), int32s(b, operator.outputs)];
    const options = optionsTable(b, operator.options ?? { kind: 'none' });
    return table(b, 5, () => {
      b.addFieldInt32(f.opcode_index, names.indexOf(operator.name), null);
      b.addFieldOffset(f.inputs, inputs, 0);
      b.addFieldOffset(f.outputs, outputs, 0);
      if (options.type !== 0) {
        b.addFieldInt8(f.builtin_options_type, options.type, 0);
        b.addFieldOffset(f.builtin_options, options.offset, 0);
      }
    });
  });
  const [tensorVector, inputs, outputs, operatorVector] = [offsets(b, tensors), int32s(b, model.inputs), int32s(b, model.outputs), offsets(b, operators)];
  const subgraph = table(b, 5, () => {
    b.addFieldOffset(FIELD.SubGraph.tensors, tensorVector, 0);
    b.addFieldOffset(FIELD.SubGraph.inputs, inputs, 0);
    b.addFieldOffset(FIELD.SubGraph.outputs, outputs, 0);
    b.addFieldOffset(FIELD.SubGraph.operators, operatorVector, 0);
  });
  const [opcodeVector, subgraphs, description, buffers] = [offsets(b, opcodes), offsets(b, [subgraph]), b.createString(model.description ?? 'farside test model'), offsets(b, bufferTables)];
  const root = table(b, 5, () => {
    b.addFieldInt32(FIELD.Model.version, model.version ?? TFLITE_SCHEMA_VERSION, null);
    b.addFieldOffset(FIELD.Model.operator_codes, opcodeVector, 0);
    b.addFieldOffset(FIELD.Model.subgraphs, subgraphs, 0);
    b.addFieldOffset(FIELD.Model.description, description, 0);
    b.addFieldOffset(FIELD.Model.buffers, buffers, 0);
  });
  b.finish(root, TFLITE_FILE_IDENTIFIER);
  return b.asUint8Array().slice();
}

/** A model read by readModel, in the form writeModel takes (to rewrite a real model). */
export function modelToWrite(model: TfliteModel): ModelToWrite {
  return {
    version: model.version,
    description: model.description,
    tensors: model.tensors.map((tensor) => ({
      name: tensor.name,
      type: tensor.type,
      shape: tensor.shape,
      ...(tensor.quantization && { quantization: tensor.quantization }),
      ...(tensor.data && { data: tensor.data }),
    })),
    inputs: model.inputs,
    outputs: model.outputs,
    operators: model.operators.map((operator) => ({ name: operator.name, inputs: operator.inputs, outputs: operator.outputs, options: operator.options })),
  };
}

/** Little-endian bytes of constant data, for TensorToWrite.data. */
export const float32Data = (values: readonly number[]): Uint8Array => new Uint8Array(Float32Array.from(values).buffer);
export const int32Data = (values: readonly number[]): Uint8Array => new Uint8Array(Int32Array.from(values).buffer);
export const int8Data = (values: readonly number[]): Uint8Array => new Uint8Array(Int8Array.from(values).buffer);
