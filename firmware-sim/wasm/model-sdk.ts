/**
 * The TinyML calls of the SDK, in the worker: the package's model behind handle 1,
 * loaded into the arena the device reserved for it. Tensor data crosses as the raw bytes
 * of the tensor's own type (little-endian, as WebAssembly memory is), so a C module can
 * hand over an int8_t[] or a float[] as it is.
 */
import type { LoadedModel, TensorData, TensorSpec, TensorType } from '../tinyml/contracts.js';
import { SdkTrap, type GuestMemory } from './guest-memory.js';
import { MODEL_STATUS, TENSOR_TYPE_CODE } from './sdk-abi.js';
import type { ModelLoader } from './wasm-package.js';

export interface ModelSdkOptions {
  readonly model: Uint8Array | undefined;
  readonly loadModel: ModelLoader | undefined;
  /** Tensor arena the device reserved, bytes: a model planning more does not load. */
  readonly arenaBudgetBytes: number;
  readonly memory: GuestMemory;
  readonly log: (line: string) => void;
  /** Arena now held, bytes (for memory reporting). */
  readonly arenaChanged: (bytes: number) => void;
}

/** The one model a package carries answers to this handle. */
const MODEL_HANDLE = 1;

export function modelSdk(options: ModelSdkOptions) {
  const { memory, log } = options;
  let loaded: LoadedModel | undefined;
  const model = (handle: number): LoadedModel | undefined => (handle === MODEL_HANDLE ? loaded : undefined);
  const tensor = (handle: number, isOutput: number, index: number): TensorSpec | undefined => {
    const m = model(handle);
    return (isOutput !== 0 ? m?.outputs : m?.inputs)?.[index];
  };
  return {
    model_load(): number {
      if (loaded !== undefined) return MODEL_HANDLE;
      const failed = (why: string): number => {
        log(`model_load: ${why}`);
        return MODEL_STATUS.BAD_HANDLE;
      };
      if (options.model === undefined) return failed('the package carries no model (model.data)');
      if (options.loadModel === undefined) return failed('no TinyML interpreter on this device');
      let candidate: LoadedModel;
      try {
        candidate = options.loadModel(options.model);
      } catch (err) {
        return failed(`the model does not load: ${err instanceof Error ? err.message : String(err)}`);
      }
      if (candidate.arenaBytes > options.arenaBudgetBytes) {
        return failed(`the model needs ${candidate.arenaBytes} B of tensor arena, the package reserves ${options.arenaBudgetBytes} B (tensor_arena_size)`);
      }
      loaded = candidate;
      options.arenaChanged(candidate.arenaBytes);
      return MODEL_HANDLE;
    },
    model_input_count: (handle: number): number => model(handle)?.inputs.length ?? MODEL_STATUS.BAD_HANDLE,
    model_output_count: (handle: number): number => model(handle)?.outputs.length ?? MODEL_STATUS.BAD_HANDLE,
    model_tensor_bytes: (handle: number, isOutput: number, index: number): number => tensor(handle, isOutput, index)?.bytes ?? MODEL_STATUS.BAD_HANDLE,
    model_tensor_type(handle: number, isOutput: number, index: number): number {
      const spec = tensor(handle, isOutput, index);
      return spec === undefined ? MODEL_STATUS.BAD_HANDLE : TENSOR_TYPE_CODE[spec.type];
    },
    model_quant_scale: (handle: number, isOutput: number, index: number): number => tensor(handle, isOutput, index)?.quantization?.scale[0] ?? 0,
    model_quant_zero_point: (handle: number, isOutput: number, index: number): number => tensor(handle, isOutput, index)?.quantization?.zeroPoint[0] ?? 0,
    model_set_input(handle: number, index: number, ptr: number, len: number): number {
      const spec = tensor(handle, 0, index);
      if (spec === undefined) return MODEL_STATUS.BAD_HANDLE;
      // Checked before the length, so a wild pointer traps whatever length it comes with.
      const bytes = memory.bytes(ptr, len, 'model_set_input');
      if (len !== spec.bytes) return MODEL_STATUS.BAD_LENGTH;
      try {
        model(handle)?.setInput(index, valuesOf(spec.type, bytes.slice()));
        return MODEL_STATUS.OK;
      } catch {
        return MODEL_STATUS.REFUSED;
      }
    },
    model_invoke(handle: number): number {
      const m = model(handle);
      if (m === undefined) return MODEL_STATUS.BAD_HANDLE;
      try {
        m.invoke();
        return MODEL_STATUS.OK;
      } catch (err) {
        log(`model_invoke: ${err instanceof Error ? err.message : String(err)}`);
        return MODEL_STATUS.INVOKE_FAILED;
      }
    },
    model_get_output(handle: number, index: number, ptr: number, len: number): number {
      const m = model(handle);
      if (m === undefined || tensor(handle, 1, index) === undefined) return MODEL_STATUS.BAD_HANDLE;
      memory.bytes(ptr, len, 'model_get_output');
      let data: TensorData;
      try {
        data = m.output(index);
      } catch {
        return MODEL_STATUS.REFUSED;
      }
      const raw = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
      const count = Math.min(len, raw.length);
      memory.write(ptr, raw.subarray(0, count), 'model_get_output');
      return count;
    },
    model_unload(handle: number): void {
      if (model(handle) === undefined) return;
      loaded = undefined;
      options.arenaChanged(0);
    },
  };
}

/** The tensor's values from its raw bytes (a fresh, aligned copy). */
function valuesOf(type: TensorType, bytes: Uint8Array): ArrayLike<number> {
  const buffer = bytes.buffer as ArrayBuffer;
  switch (type) {
    case 'float32':
      return new Float32Array(buffer);
    case 'int8':
      return new Int8Array(buffer);
    case 'uint8':
    case 'bool':
      return new Uint8Array(buffer);
    case 'int16':
      return new Int16Array(buffer);
    case 'int32':
      return new Int32Array(buffer);
    case 'int64':
      return Array.from(new BigInt64Array(buffer), Number);
    default: {
      const unknown: never = type;
      throw new SdkTrap(`tensor type ${String(unknown)} is not supported`);
    }
  }
}
