/**
 * The embServe-like SDK a WebAssembly workload is linked against (README.md in this
 * folder is the guide for module authors). Everything crossing the boundary is an i32 or
 * an f64; text and buffers are (ptr, len) pairs in the module's linear memory. The
 * package check and the worker both read these tables, so a module that links is a
 * module that runs.
 */
import type { TensorType } from '../tinyml/contracts.js';
import { UPDATE_RESULT } from '../embserve/contracts.js';

/** The import module every SDK function (and an imported memory) comes from. */
export const SDK_MODULE = 'embserve';

/** WebAssembly page size (WebAssembly Core §2.5.5), bytes. */
export const WASM_PAGE_BYTES = 65_536;

/** Size of the buffer `input_key_buffer()` points at: the longest input key, UTF-8 bytes. */
export const INPUT_KEY_BUFFER_BYTES = 64;

export type ValueType = 'i32' | 'i64' | 'f32' | 'f64' | 'v128' | 'funcref' | 'externref';

export interface FunctionSignature {
  readonly params: readonly ValueType[];
  readonly results: readonly ValueType[];
}

const fn = (params: readonly ValueType[], results: readonly ValueType[] = []): FunctionSignature => ({ params, results });

/** Functions a module may import from `embserve`, with the only signature each links with. */
export const SDK_FUNCTIONS = {
  /** (object_id, instance) → sensor handle, or -1 when the board has no such sensor. */
  sensor_find: fn(['i32', 'i32'], ['i32']),
  /** (handle, resource_id) → current value; NaN for an unknown handle or resource. */
  sensor_read: fn(['i32', 'i32'], ['f64']),
  /** (key_ptr, key_len, type 0 int | 1 float, value) → 0 sent, -1 not a declared output of that type. */
  output: fn(['i32', 'i32', 'i32', 'f64'], ['i32']),
  /** (ptr, len): one line to the device log (rate-limited). */
  log: fn(['i32', 'i32']),
  /** Wall-clock time, ms since the Unix epoch (fractional). */
  now_ms: fn([], ['f64']),
  /** Blocks the workload for `ms`, delivering inputs that arrive meanwhile. */
  sleep_ms: fn(['i32']),
  model_load: fn([], ['i32']),
  model_input_count: fn(['i32'], ['i32']),
  model_output_count: fn(['i32'], ['i32']),
  /** (handle, is_output, index) → bytes of the tensor's data, or -1. */
  model_tensor_bytes: fn(['i32', 'i32', 'i32'], ['i32']),
  /** (handle, is_output, index) → TENSOR_TYPE_CODE, or -1. */
  model_tensor_type: fn(['i32', 'i32', 'i32'], ['i32']),
  /** (handle, is_output, index) → quantization scale (first channel), 0 when not quantized. */
  model_quant_scale: fn(['i32', 'i32', 'i32'], ['f64']),
  /** (handle, is_output, index) → quantization zero point (first channel), 0 when not quantized. */
  model_quant_zero_point: fn(['i32', 'i32', 'i32'], ['i32']),
  /** (handle, index, ptr, len) → MODEL_STATUS; len must be the tensor's bytes. */
  model_set_input: fn(['i32', 'i32', 'i32', 'i32'], ['i32']),
  model_invoke: fn(['i32'], ['i32']),
  /** (handle, index, ptr, len) → bytes written (at most len), or a negative MODEL_STATUS. */
  model_get_output: fn(['i32', 'i32', 'i32', 'i32'], ['i32']),
  model_unload: fn(['i32']),
} as const satisfies Record<string, FunctionSignature>;

export type SdkFunctionName = keyof typeof SDK_FUNCTIONS;

/** The name of the memory, imported from `embserve` or exported by the module. */
export const MEMORY_NAME = 'memory';

/** Functions the runtime calls; `tick` or `main` must be there, `on_input` needs `input_key_buffer`. */
export const MODULE_EXPORTS = {
  init: fn([]),
  tick: fn([]),
  main: fn([]),
  on_input: fn(['i32', 'i32', 'i32', 'f64']),
  input_key_buffer: fn([], ['i32']),
} as const satisfies Record<string, FunctionSignature>;

export type ModuleExportName = keyof typeof MODULE_EXPORTS;

/** What `model_tensor_type` answers for each tensor type. */
export const TENSOR_TYPE_CODE: Readonly<Record<TensorType, number>> = {
  float32: 0,
  int8: 1,
  uint8: 2,
  int16: 3,
  int32: 4,
  int64: 5,
  bool: 6,
};

/** Results of the model calls; every failure is negative. */
export const MODEL_STATUS = {
  OK: 0,
  /** No such model handle, tensor index or model in the package. */
  BAD_HANDLE: -1,
  /** A buffer length that is not the tensor's size. */
  BAD_LENGTH: -2,
  /** The interpreter refused the values (e.g. out of the tensor type's range). */
  REFUSED: -3,
  INVOKE_FAILED: -4,
} as const;

/**
 * The error codes a failed WebAssembly workload reports (its monitoring Error and the
 * shell's `services` error column). Running out of memory keeps Software Management's
 * Update Result for it.
 */
export const WASM_FAILURE = {
  /** unreachable, an out-of-bounds access, a bad SDK argument, ... */
  TRAP: 1,
  /** A call ran longer than the watchdog without returning or sleeping. */
  WATCHDOG: 2,
  /** The worker thread died on its own. */
  WORKER_LOST: 3,
  /** Instantiation failed (a data segment out of bounds, a start function trapped, ...). */
  START_FAILED: 4,
  /** Linear memory grew past what was reserved for it. */
  OUT_OF_MEMORY: UPDATE_RESULT.OUT_OF_MEMORY,
} as const;
