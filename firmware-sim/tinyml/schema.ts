/**
 * The enums and field numbers of shared/tinyml/tflite-schema.fbs that the reader needs.
 * Field ids count the fields of a table in declaration order, from 0.
 */

/** enum TensorType, by value; sizes in bits per element (0: not a fixed-size type). */
export const TFLITE_TENSOR_TYPES = [
  { name: 'FLOAT32', bits: 32 },
  { name: 'FLOAT16', bits: 16 },
  { name: 'INT32', bits: 32 },
  { name: 'UINT8', bits: 8 },
  { name: 'INT64', bits: 64 },
  { name: 'STRING', bits: 0 },
  { name: 'BOOL', bits: 8 },
  { name: 'INT16', bits: 16 },
  { name: 'COMPLEX64', bits: 64 },
  { name: 'INT8', bits: 8 },
  { name: 'FLOAT64', bits: 64 },
  { name: 'COMPLEX128', bits: 128 },
  { name: 'UINT64', bits: 64 },
  { name: 'RESOURCE', bits: 0 },
  { name: 'VARIANT', bits: 0 },
  { name: 'UINT32', bits: 32 },
  { name: 'UINT16', bits: 16 },
  { name: 'INT4', bits: 4 },
  { name: 'BFLOAT16', bits: 16 },
  { name: 'INT2', bits: 2 },
  { name: 'UINT4', bits: 4 },
  { name: 'FLOAT8_E4M3FN', bits: 8 },
  { name: 'FLOAT8_E5M2', bits: 8 },
] as const;

export type TfliteTensorTypeName = (typeof TFLITE_TENSOR_TYPES)[number]['name'];

/** enum ActivationFunctionType, by value. */
export const ACTIVATIONS = ['NONE', 'RELU', 'RELU_N1_TO_1', 'RELU6', 'TANH', 'SIGN_BIT'] as const;
export type Activation = (typeof ACTIVATIONS)[number];

/** enum Padding, by value. */
export const PADDINGS = ['SAME', 'VALID'] as const;
export type Padding = (typeof PADDINGS)[number];

/** Positions in union BuiltinOptions (0 is NONE) of the option tables the reader decodes. */
export const BUILTIN_OPTIONS = {
  Conv2DOptions: 1,
  DepthwiseConv2DOptions: 2,
  Pool2DOptions: 5,
  FullyConnectedOptions: 8,
  SoftmaxOptions: 9,
  AddOptions: 11,
  ReshapeOptions: 17,
  MulOptions: 21,
} as const;

/** Field ids of the tables read. */
export const FIELD = {
  Model: { version: 0, operator_codes: 1, subgraphs: 2, description: 3, buffers: 4 },
  OperatorCode: { deprecated_builtin_code: 0, custom_code: 1, version: 2, builtin_code: 3 },
  SubGraph: { tensors: 0, inputs: 1, outputs: 2, operators: 3, name: 4 },
  Tensor: { shape: 0, type: 1, buffer: 2, name: 3, quantization: 4, is_variable: 5 },
  QuantizationParameters: { min: 0, max: 1, scale: 2, zero_point: 3, details_type: 4, quantized_dimension: 6 },
  Operator: { opcode_index: 0, inputs: 1, outputs: 2, builtin_options_type: 3, builtin_options: 4 },
  Buffer: { data: 0, offset: 1, size: 2 },
  Conv2DOptions: { padding: 0, stride_w: 1, stride_h: 2, fused_activation_function: 3, dilation_w_factor: 4, dilation_h_factor: 5 },
  DepthwiseConv2DOptions: { padding: 0, stride_w: 1, stride_h: 2, depth_multiplier: 3, fused_activation_function: 4, dilation_w_factor: 5, dilation_h_factor: 6 },
  Pool2DOptions: { padding: 0, stride_w: 1, stride_h: 2, filter_width: 3, filter_height: 4, fused_activation_function: 5 },
  FullyConnectedOptions: { fused_activation_function: 0, weights_format: 1, keep_num_dims: 2 },
  SoftmaxOptions: { beta: 0 },
  AddOptions: { fused_activation_function: 0 },
  MulOptions: { fused_activation_function: 0 },
  ReshapeOptions: { new_shape: 0 },
} as const;

/** The schema version TFLite (and TFLite Micro) accept: Model.version must equal it. */
export const TFLITE_SCHEMA_VERSION = 3;

/** file_identifier of the schema. */
export const TFLITE_FILE_IDENTIFIER = 'TFL3';
