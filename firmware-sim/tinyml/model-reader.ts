/**
 * .tflite bytes → TfliteModel (subgraph 0). Everything is checked: the FlatBuffer's
 * structure (FlatTable), then the references between its parts (tensor, buffer and
 * opcode indices, constant data sizes), so the interpreter can index without fear.
 */
import { invalidInput } from '../../errors/index.js';
import { builtinCodeOf, builtinOperatorName } from './builtin-operators.js';
import { FlatTable } from './flatbuffer-table.js';
import type { TfliteModel, TfliteOperator, TfliteQuantization, TfliteTensor } from './model.js';
import { optionsFromTable } from './operator-options.js';
import { FIELD, TFLITE_FILE_IDENTIFIER, TFLITE_SCHEMA_VERSION, TFLITE_TENSOR_TYPES } from './schema.js';

/** TFLite keeps dims and element counts in 32-bit ints; so do we. */
const MAX_TENSOR_ELEMENTS = 2 ** 31 - 1;
/** Buffer.offset values 0 and 1 both mean "no external data" (TFLite's convention). */
const FIRST_EXTERNAL_OFFSET = 2;
/** The builtin code of CUSTOM operators. */
const CUSTOM_CODE = 32;

export function readModel(bytes: Uint8Array): TfliteModel {
  const model = FlatTable.root(bytes, TFLITE_FILE_IDENTIFIER, 'model');
  const version = model.uint32(FIELD.Model.version, 0);
  if (version !== TFLITE_SCHEMA_VERSION) throw invalidInput(`model: schema version ${version}, only ${TFLITE_SCHEMA_VERSION} is supported`);
  const subgraph = model.tables(FIELD.Model.subgraphs, 'subgraphs')[0];
  if (subgraph === undefined) throw invalidInput('model: it has no subgraph');
  const buffers = model.tables(FIELD.Model.buffers, 'buffers').map((buffer) => bufferData(buffer, bytes));
  const tensors = subgraph.tables(FIELD.SubGraph.tensors, 'tensors').map((table, index) => tensorFromTable(table, index, buffers));
  const opcodes = model.tables(FIELD.Model.operator_codes, 'operator_codes').map(opcodeFromTable);
  const operators = subgraph.tables(FIELD.SubGraph.operators, 'operators').map((table, index) => operatorFromTable(table, index, opcodes, tensors.length));
  return {
    version,
    description: model.string(FIELD.Model.description, ''),
    tensors,
    inputs: tensorIndices(subgraph, FIELD.SubGraph.inputs, tensors.length, 'inputs'),
    outputs: tensorIndices(subgraph, FIELD.SubGraph.outputs, tensors.length, 'outputs'),
    operators,
  };
}

function bufferData(buffer: FlatTable, bytes: Uint8Array): Uint8Array | undefined {
  const offset = buffer.uint64(FIELD.Buffer.offset, 0);
  if (offset < FIRST_EXTERNAL_OFFSET) {
    const data = buffer.bytes(FIELD.Buffer.data);
    return data !== undefined && data.length > 0 ? data : undefined;
  }
  const size = buffer.uint64(FIELD.Buffer.size, 0);
  if (offset + size > bytes.length) throw invalidInput(`${buffer.path}: data at ${offset}+${size} lies outside the ${bytes.length}-byte file`);
  return bytes.subarray(offset, offset + size);
}

function tensorFromTable(table: FlatTable, index: number, buffers: readonly (Uint8Array | undefined)[]): TfliteTensor {
  const f = FIELD.Tensor;
  const typeCode = table.int8(f.type, 0);
  const type = TFLITE_TENSOR_TYPES[typeCode];
  if (type === undefined) throw invalidInput(`${table.path}: unknown tensor type ${typeCode}`);
  const shape = table.int32s(f.shape) ?? [];
  let elements = 1;
  for (const dim of shape) {
    if (dim < 0) throw invalidInput(`${table.path}: dimension ${dim} in shape [${shape.join(', ')}]`);
    elements *= dim;
    if (elements > MAX_TENSOR_ELEMENTS) throw invalidInput(`${table.path}: shape [${shape.join(', ')}] has too many elements`);
  }
  const bytes = type.bits === 0 ? undefined : Math.ceil((elements * type.bits) / 8);
  const bufferIndex = table.uint32(f.buffer, 0);
  if (bufferIndex >= buffers.length && bufferIndex !== 0) throw invalidInput(`${table.path}: buffer ${bufferIndex} does not exist`);
  const data = buffers[bufferIndex];
  if (data !== undefined && bytes !== undefined && data.length !== bytes) {
    throw invalidInput(`${table.path}: constant data is ${data.length} bytes, its shape [${shape.join(', ')}] of ${type.name} needs ${bytes}`);
  }
  const quantizationTable = table.table(f.quantization, 'quantization');
  return {
    index,
    name: table.string(f.name, ''),
    type: type.name,
    shape,
    elements,
    bytes,
    quantization: quantizationTable && quantizationFromTable(quantizationTable),
    data,
    isVariable: table.bool(f.is_variable, false),
  };
}

/** Undefined when the table carries no scale (TFLite's "not quantized"). */
function quantizationFromTable(table: FlatTable): TfliteQuantization | undefined {
  const f = FIELD.QuantizationParameters;
  const scale = table.float32s(f.scale) ?? [];
  if (scale.length === 0) return undefined;
  const zeroPoint = table.int64s(f.zero_point) ?? scale.map(() => 0);
  if (zeroPoint.length !== scale.length) throw invalidInput(`${table.path}: ${scale.length} scales but ${zeroPoint.length} zero points`);
  if (zeroPoint.some((zp) => zp < -(2 ** 31) || zp >= 2 ** 31)) throw invalidInput(`${table.path}: a zero point is out of the 32-bit range`);
  if (scale.some((s) => !Number.isFinite(s))) throw invalidInput(`${table.path}: a scale is not finite`);
  return { scale, zeroPoint, axis: table.int32(f.quantized_dimension, 0) };
}

interface Opcode {
  readonly code: number;
  readonly name: string;
  readonly version: number;
}

function opcodeFromTable(table: FlatTable): Opcode {
  const f = FIELD.OperatorCode;
  const code = builtinCodeOf(table.int8(f.deprecated_builtin_code, 0), table.int32(f.builtin_code, 0));
  const name = code === CUSTOM_CODE ? `CUSTOM:${table.string(f.custom_code, '')}` : builtinOperatorName(code);
  return { code, name, version: table.int32(f.version, 1) };
}

function operatorFromTable(table: FlatTable, index: number, opcodes: readonly Opcode[], tensorCount: number): TfliteOperator {
  const f = FIELD.Operator;
  const opcodeIndex = table.uint32(f.opcode_index, 0);
  const opcode = opcodes[opcodeIndex];
  if (opcode === undefined) throw invalidInput(`${table.path}: operator code ${opcodeIndex} does not exist`);
  const inputs = table.int32s(f.inputs) ?? [];
  for (const input of inputs) {
    if (input < -1 || input >= tensorCount) throw invalidInput(`${table.path}: input tensor ${input} does not exist`);
  }
  return {
    index,
    name: opcode.name,
    builtinCode: opcode.code,
    version: opcode.version,
    inputs,
    outputs: tensorIndices(table, f.outputs, tensorCount, 'outputs'),
    options: optionsFromTable(table.uint8(f.builtin_options_type, 0), table.table(f.builtin_options, 'builtin_options')),
  };
}

function tensorIndices(table: FlatTable, id: number, tensorCount: number, what: string): number[] {
  const indices = table.int32s(id) ?? [];
  for (const index of indices) {
    if (index < 0 || index >= tensorCount) throw invalidInput(`${table.path}: ${what} tensor ${index} does not exist`);
  }
  return indices;
}
