/**
 * WebAssembly workloads for simulated embServe boards: the engine, its options and the
 * SDK's ABI (see README.md in this folder).
 */
export { WasmEngine, WASM_ENGINE_KIND, DEFAULT_WATCHDOG_MS, type WasmEngineOptions } from './wasm-engine.js';
export type { ModelLoader } from './wasm-package.js';
export { HOST_OVERHEAD_BYTES, METADATA_FLASH_BYTES } from './wasm-package.js';
export { SDK_MODULE, SDK_FUNCTIONS, MODULE_EXPORTS, MEMORY_NAME, WASM_PAGE_BYTES, INPUT_KEY_BUFFER_BYTES, TENSOR_TYPE_CODE, MODEL_STATUS, WASM_FAILURE } from './sdk-abi.js';
export { DEFAULT_CPU_WINDOW_MS } from './cpu-window.js';
export { DEFAULT_LOG_LINES_PER_SECOND } from './log-limiter.js';
export { checkWasmModule, type WasmModuleShape } from './module-check.js';
