/**
 * Typed-array views of tensors: the element types the interpreter holds, their sizes, and
 * views into the arena or over copied constant data.
 */
import type { TensorData, TensorType } from './contracts.js';
import type { TfliteTensor } from './model.js';
import type { TfliteTensorTypeName } from './schema.js';

const CONTRACT_TYPE_OF: Partial<Record<TfliteTensorTypeName, TensorType>> = {
  FLOAT32: 'float32',
  INT8: 'int8',
  UINT8: 'uint8',
  INT16: 'int16',
  INT32: 'int32',
  INT64: 'int64',
  BOOL: 'bool',
};

/** The contract's name for a TFLite tensor type, or undefined when the interpreter cannot hold it. */
export function contractTypeOf(type: TfliteTensorTypeName): TensorType | undefined {
  return CONTRACT_TYPE_OF[type];
}

export const ELEMENT_BYTES: Readonly<Record<TensorType, number>> = { float32: 4, int8: 1, uint8: 1, int16: 2, int32: 4, int64: 8, bool: 1 };

/** A view of `elements` values of `type` at `byteOffset` (aligned to the element size by the caller). */
export function viewOf(type: TensorType, buffer: ArrayBuffer, byteOffset: number, elements: number): TensorData {
  switch (type) {
    case 'float32':
      return new Float32Array(buffer, byteOffset, elements);
    case 'int8':
      return new Int8Array(buffer, byteOffset, elements);
    case 'uint8':
    case 'bool':
      return new Uint8Array(buffer, byteOffset, elements);
    case 'int16':
      return new Int16Array(buffer, byteOffset, elements);
    case 'int32':
      return new Int32Array(buffer, byteOffset, elements);
    case 'int64':
      return new BigInt64Array(buffer, byteOffset, elements);
  }
}

/** A fresh, aligned copy of a constant tensor's little-endian data (the model bytes may be unaligned). */
export function constantView(tensor: TfliteTensor, type: TensorType, data: Uint8Array): TensorData {
  const buffer = new ArrayBuffer(data.length);
  new Uint8Array(buffer).set(data);
  return viewOf(type, buffer, 0, tensor.elements);
}
