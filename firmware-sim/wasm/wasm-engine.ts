/**
 * Runs farside's WebAssembly workloads (service.json `wasm`) on a simulated embServe
 * board, each in a worker thread of its own, linked against an embServe-like SDK of
 * imports (module `embserve`; the ABI is in README.md next to this file and in
 * sdk-abi.ts): sensors, outputs, inputs, time, logs and TinyML.
 *
 * - accepts(): the module validates, links only against the SDK, has one memory and
 *   exports `tick` or `main`; a carried model (`model.data`) loads. Otherwise the package
 *   is unsupported (Update Result 54).
 * - requirements(): RAM = initial linear memory + tensor arena (`tensor_arena_size`, else
 *   the model's plan) + HOST_OVERHEAD_BYTES, so an arena that does not fit is refused with
 *   51 at Package write; flash = module + model + METADATA_FLASH_BYTES.
 * - start(): returns at once; the worker compiles the module, calls init() and main(),
 *   then tick() every `period_ms`. A trap, memory growth past the reservation (51) or a
 *   call outrunning the watchdog ends the workload through `context.fail`.
 *
 * The ABI in short (i32 unless noted, strings and buffers as (ptr, len)):
 *   exports  memory | init() | tick() | main() | on_input(key_ptr, key_len, type, value f64)
 *            | input_key_buffer() -> ptr (64 bytes)
 *   imports  memory? | sensor_find(object, instance) -> handle|-1
 *            | sensor_read(handle, resource) -> f64 | output(key_ptr, key_len, type, value f64) -> 0|-1
 *            | log(ptr, len) | now_ms() -> f64 | sleep_ms(ms)
 *            | model_load() -> handle|-1 | model_input_count(h) | model_output_count(h)
 *            | model_tensor_bytes(h, is_output, index) | model_tensor_type(h, is_output, index)
 *            | model_quant_scale(h, is_output, index) -> f64 | model_quant_zero_point(h, is_output, index)
 *            | model_set_input(h, index, ptr, len) -> status | model_invoke(h) -> status
 *            | model_get_output(h, index, ptr, len) -> bytes | model_unload(h)
 */
import { z } from 'zod';
import { invalidInput, isFarsideError, type FarsideError } from '../../errors/index.js';
import type { ServiceJson } from '../../oci/index.js';
import type { RunningWorkload, WorkloadContext, WorkloadEngine, WorkloadRequirements } from '../embserve/workload-engine.js';
import { loadModel } from '../tinyml/index.js';
import { DEFAULT_CPU_WINDOW_MS } from './cpu-window.js';
import { DEFAULT_LOG_LINES_PER_SECOND } from './log-limiter.js';
import { wasmPackageOf, type ModelLoader, type WasmPackage } from './wasm-package.js';
import { WasmWorkload } from './wasm-workload.js';
import { siblingModuleUrl } from './worker-launch.js';

export const WASM_ENGINE_KIND = 'wasm';
export const DEFAULT_WATCHDOG_MS = 2000;

export interface WasmEngineOptions {
  /** Longest a module may run without returning or sleeping before its thread is terminated, ms. Default 2000. */
  readonly watchdogMs?: number;
  /** Window the reported CPU share is measured over, ms. Default 10 000. */
  readonly cpuWindowMs?: number;
  /** Most log lines per second one workload writes; more are dropped and counted. Default 10. */
  readonly logLinesPerSecond?: number;
  /** Loads .tflite bytes on the device's thread, to plan the tensor arena at package check. Default: firmware-sim/tinyml's loadModel. */
  readonly loadModel?: ModelLoader;
  /** file: URL of a module exporting `loadModel`, which workers import to run models. Default: firmware-sim/tinyml/index. */
  readonly modelLoaderUrl?: URL;
}

const optionsSchema = z.object({
  watchdogMs: z.number().int().min(10).max(3_600_000).optional(),
  cpuWindowMs: z.number().int().min(100).max(3_600_000).optional(),
  logLinesPerSecond: z.number().min(0.1).max(10_000).optional(),
  loadModel: z.custom<ModelLoader>((value) => typeof value === 'function', 'must be a function').optional(),
  modelLoaderUrl: z.instanceof(URL).optional(),
});

export class WasmEngine implements WorkloadEngine {
  readonly kind = WASM_ENGINE_KIND;
  readonly #options: Required<Omit<WasmEngineOptions, 'loadModel'>>;
  readonly #loadModel: ModelLoader;
  /** Each service.json object is decoded and checked once, however often it is asked about. */
  readonly #packages = new WeakMap<ServiceJson, WasmPackage | FarsideError>();

  constructor(options: WasmEngineOptions = {}) {
    const parsed = optionsSchema.safeParse(options);
    if (!parsed.success) throw invalidInput(`wasm engine: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    this.#loadModel = options.loadModel ?? ((bytes) => loadModel(bytes));
    this.#options = {
      watchdogMs: options.watchdogMs ?? DEFAULT_WATCHDOG_MS,
      cpuWindowMs: options.cpuWindowMs ?? DEFAULT_CPU_WINDOW_MS,
      logLinesPerSecond: options.logLinesPerSecond ?? DEFAULT_LOG_LINES_PER_SECOND,
      modelLoaderUrl: options.modelLoaderUrl ?? siblingModuleUrl('../tinyml/index'),
    };
  }

  accepts(service: ServiceJson): boolean {
    return service.wasm !== undefined && this.problem(service) === undefined;
  }

  /** Why this engine cannot run the package's WebAssembly module; undefined when it can, or when the package has none. */
  problem(service: ServiceJson): string | undefined {
    if (service.wasm === undefined) return undefined;
    const pkg = this.#package(service);
    return isFarsideError(pkg) ? pkg.message : undefined;
  }

  requirements(service: ServiceJson): WorkloadRequirements {
    return this.#accepted(service).requirements;
  }

  start(context: WorkloadContext): RunningWorkload {
    return WasmWorkload.start(context, this.#accepted(context.service), this.#options);
  }

  #accepted(service: ServiceJson): WasmPackage {
    const pkg = this.#package(service);
    if (isFarsideError(pkg)) throw pkg;
    return pkg;
  }

  #package(service: ServiceJson): WasmPackage | FarsideError {
    let pkg = this.#packages.get(service);
    if (pkg === undefined) {
      try {
        pkg = wasmPackageOf(service, this.#loadModel);
      } catch (err) {
        pkg = isFarsideError(err) ? err : invalidInput(`the WebAssembly package cannot run: ${(err as Error).message}`, err);
      }
      this.#packages.set(service, pkg);
    }
    return pkg;
  }
}
