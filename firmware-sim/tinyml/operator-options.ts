/** Decodes an Operator's builtin_options union into the option kinds the interpreter knows. */
import { invalidInput } from '../../errors/index.js';
import type { FlatTable } from './flatbuffer-table.js';
import type { OperatorOptions } from './model.js';
import { ACTIVATIONS, BUILTIN_OPTIONS, FIELD, PADDINGS, type Activation, type Padding } from './schema.js';

function activationOf(table: FlatTable, id: number): Activation {
  const value = table.int8(id, 0);
  const activation = ACTIVATIONS[value];
  if (activation === undefined) throw invalidInput(`${table.path}: unknown fused activation ${value}`);
  return activation;
}

function paddingOf(table: FlatTable, id: number): Padding {
  const value = table.int8(id, 0);
  const padding = PADDINGS[value];
  if (padding === undefined) throw invalidInput(`${table.path}: unknown padding ${value}`);
  return padding;
}

export function optionsFromTable(unionType: number, table: FlatTable | undefined): OperatorOptions {
  if (unionType === 0) return { kind: 'none' };
  if (table === undefined) throw invalidInput(`builtin options of type ${unionType} are missing their table`);
  switch (unionType) {
    case BUILTIN_OPTIONS.FullyConnectedOptions: {
      const f = FIELD.FullyConnectedOptions;
      return {
        kind: 'fullyConnected',
        activation: activationOf(table, f.fused_activation_function),
        weightsFormat: table.int8(f.weights_format, 0),
        keepNumDims: table.bool(f.keep_num_dims, false),
      };
    }
    case BUILTIN_OPTIONS.Conv2DOptions: {
      const f = FIELD.Conv2DOptions;
      return {
        kind: 'conv2d',
        padding: paddingOf(table, f.padding),
        strideW: table.int32(f.stride_w, 0),
        strideH: table.int32(f.stride_h, 0),
        activation: activationOf(table, f.fused_activation_function),
        dilationW: table.int32(f.dilation_w_factor, 1),
        dilationH: table.int32(f.dilation_h_factor, 1),
      };
    }
    case BUILTIN_OPTIONS.DepthwiseConv2DOptions: {
      const f = FIELD.DepthwiseConv2DOptions;
      return {
        kind: 'depthwiseConv2d',
        padding: paddingOf(table, f.padding),
        strideW: table.int32(f.stride_w, 0),
        strideH: table.int32(f.stride_h, 0),
        depthMultiplier: table.int32(f.depth_multiplier, 0),
        activation: activationOf(table, f.fused_activation_function),
        dilationW: table.int32(f.dilation_w_factor, 1),
        dilationH: table.int32(f.dilation_h_factor, 1),
      };
    }
    case BUILTIN_OPTIONS.Pool2DOptions: {
      const f = FIELD.Pool2DOptions;
      return {
        kind: 'pool2d',
        padding: paddingOf(table, f.padding),
        strideW: table.int32(f.stride_w, 0),
        strideH: table.int32(f.stride_h, 0),
        filterWidth: table.int32(f.filter_width, 0),
        filterHeight: table.int32(f.filter_height, 0),
        activation: activationOf(table, f.fused_activation_function),
      };
    }
    case BUILTIN_OPTIONS.ReshapeOptions:
      return { kind: 'reshape', newShape: table.int32s(FIELD.ReshapeOptions.new_shape) };
    case BUILTIN_OPTIONS.SoftmaxOptions:
      return { kind: 'softmax', beta: table.float32(FIELD.SoftmaxOptions.beta, 0) };
    case BUILTIN_OPTIONS.AddOptions:
      return { kind: 'add', activation: activationOf(table, FIELD.AddOptions.fused_activation_function) };
    case BUILTIN_OPTIONS.MulOptions:
      return { kind: 'mul', activation: activationOf(table, FIELD.MulOptions.fused_activation_function) };
    default:
      return { kind: 'other', unionType };
  }
}
