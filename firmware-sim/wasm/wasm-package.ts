/**
 * A service.json with a `wasm` module, as the device sees it: the module's bytes and
 * shape, the TinyML model it carries (farside's `model.data`, base64 .tflite, next to
 * `model.tensor_arena_size`), and what running it costs. RAM is the module's initial
 * linear memory, the tensor arena and the host's share; flash is what is stored.
 */
import { z } from 'zod';
import { invalidInput } from '../../errors/index.js';
import type { ServiceJson } from '../../oci/index.js';
import type { WorkloadRequirements } from '../embserve/workload-engine.js';
import type { LoadedModel } from '../tinyml/contracts.js';
import { checkWasmModule, type WasmModuleShape } from './module-check.js';
import { WASM_PAGE_BYTES } from './sdk-abi.js';

/** Turns .tflite bytes into a loaded model; throws when they are not a model it can run. */
export type ModelLoader = (bytes: Uint8Array) => LoadedModel;

/** SDK call frames, the input queue and the key buffer copy the host keeps per workload, bytes. */
export const HOST_OVERHEAD_BYTES = 2048;
/** Name, version and value table stored next to the module, bytes. */
export const METADATA_FLASH_BYTES = 512;

export interface WasmPackage {
  readonly module: Uint8Array;
  readonly shape: WasmModuleShape;
  /** The .tflite the package carries, if any. */
  readonly model: Uint8Array | undefined;
  /** Tensor arena reserved for the model: `tensor_arena_size`, else what the model plans; 0 without a model. */
  readonly arenaBytes: number;
  /** Linear memory reserved: the module's initial pages. */
  readonly linearMemoryBytes: number;
  readonly requirements: WorkloadRequirements;
}

const base64 = z.string().regex(/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/, 'not base64');
const modelDataSchema = z.object({ data: base64.min(4).optional() });

/** The package's WebAssembly view; FARSIDE_ERR_INVALID_INPUT with the reason it cannot run here. */
export function wasmPackageOf(service: ServiceJson, loadModel: ModelLoader | undefined): WasmPackage {
  if (service.wasm === undefined) throw invalidInput('the package has no "wasm" module');
  const module = new Uint8Array(Buffer.from(service.wasm, 'base64'));
  const shape = checkWasmModule(module);
  const model = modelBytes(service);
  const declaredArena = service.model?.tensor_arena_size;
  let arenaBytes = declaredArena ?? 0;
  if (model !== undefined) {
    if (loadModel === undefined) throw invalidInput('this device has no TinyML interpreter to load the model with');
    const planned = plannedArena(loadModel, model);
    arenaBytes = declaredArena ?? planned;
  }
  const linearMemoryBytes = shape.initialPages * WASM_PAGE_BYTES;
  return {
    module,
    shape,
    model,
    arenaBytes,
    linearMemoryBytes,
    requirements: {
      ramBytes: linearMemoryBytes + arenaBytes + HOST_OVERHEAD_BYTES,
      flashBytes: module.length + (model?.length ?? 0) + METADATA_FLASH_BYTES,
    },
  };
}

function modelBytes(service: ServiceJson): Uint8Array | undefined {
  if (service.model === undefined) return undefined;
  const parsed = modelDataSchema.safeParse(service.model);
  if (!parsed.success) throw invalidInput(`model.data: ${parsed.error.issues[0]?.message ?? 'not base64'}`);
  return parsed.data.data === undefined ? undefined : new Uint8Array(Buffer.from(parsed.data.data, 'base64'));
}

function plannedArena(loadModel: ModelLoader, model: Uint8Array): number {
  try {
    return loadModel(model).arenaBytes;
  } catch (err) {
    throw invalidInput(`the model does not load: ${err instanceof Error ? err.message : String(err)}`, err);
  }
}
