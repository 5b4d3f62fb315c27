/**
 * Decides whether a WebAssembly module can run on the device's SDK, before anything runs:
 * it must validate, import only SDK functions with their exact signatures (and at most a
 * memory) from `embserve`, have exactly one unshared memory, and export `tick` or `main`.
 * What it reports (memory pages, which entry points exist) sizes the RAM reservation and
 * tells the worker what to call.
 */
import { invalidInput } from '../../errors/index.js';
import { readModuleLayout, type MemoryLimits, type ModuleLayout } from './module-reader.js';
import { MEMORY_NAME, MODULE_EXPORTS, SDK_FUNCTIONS, SDK_MODULE, type FunctionSignature, type ModuleExportName } from './sdk-abi.js';
import { webAssembly } from './webassembly-api.js';

export interface WasmModuleShape {
  /** Linear memory at instantiation, pages of 64 KiB. */
  readonly initialPages: number;
  /** The module's own declared maximum, pages, if any. */
  readonly maximumPages: number | undefined;
  /** True when the memory is imported from `embserve` (the host creates it), false when the module exports it. */
  readonly memoryImported: boolean;
  /** Which runtime entry points the module exports. */
  readonly entryPoints: Readonly<Record<ModuleExportName, boolean>>;
}

/** The module's shape; FARSIDE_ERR_INVALID_INPUT with the first reason it cannot run. */
export function checkWasmModule(bytes: Uint8Array): WasmModuleShape {
  if (!webAssembly.validate(bytes)) throw invalidInput('the module is not valid WebAssembly');
  const layout = readModuleLayout(bytes);
  let importedFunctions = 0;
  let importedMemory: MemoryLimits | undefined;
  for (const entry of layout.imports) {
    const where = `import "${entry.module}"."${entry.name}"`;
    if (entry.module !== SDK_MODULE) throw invalidInput(`${where}: only "${SDK_MODULE}" imports are provided`);
    if (entry.kind === 'memory' && entry.name === MEMORY_NAME) {
      importedMemory = entry.limits;
    } else if (entry.kind === 'function' && Object.hasOwn(SDK_FUNCTIONS, entry.name)) {
      importedFunctions += 1;
      const expected = SDK_FUNCTIONS[entry.name as keyof typeof SDK_FUNCTIONS];
      const actual = layout.types[entry.typeIndex];
      if (actual === undefined || !sameSignature(actual, expected)) {
        throw invalidInput(`${where} must have the signature ${show(expected)}, not ${actual === undefined ? 'an unknown type' : show(actual)}`);
      }
    } else {
      throw invalidInput(`${where}: the SDK has no ${entry.kind} of that name`);
    }
  }
  const memory = importedMemory ?? exportedMemory(layout);
  if (memory.shared) throw invalidInput('a shared memory is not supported');
  const entryPoints = checkExports(layout, importedFunctions);
  return { initialPages: memory.initial, maximumPages: memory.maximum, memoryImported: importedMemory !== undefined, entryPoints };
}

function exportedMemory(layout: ModuleLayout): MemoryLimits {
  const memory = layout.memories[0];
  if (memory === undefined || layout.memories.length > 1) throw invalidInput(`the module needs exactly one memory (defined and exported as "${MEMORY_NAME}", or imported from "${SDK_MODULE}")`);
  if (!layout.exports.some((e) => e.kind === 'memory' && e.name === MEMORY_NAME && e.index === 0)) {
    throw invalidInput(`the module must export its memory as "${MEMORY_NAME}"`);
  }
  return memory;
}

function checkExports(layout: ModuleLayout, importedFunctions: number): Record<ModuleExportName, boolean> {
  const found: Record<ModuleExportName, boolean> = { init: false, tick: false, main: false, on_input: false, input_key_buffer: false };
  for (const entry of layout.exports) {
    if (!Object.hasOwn(MODULE_EXPORTS, entry.name)) continue;
    const name = entry.name as ModuleExportName;
    if (entry.kind !== 'function') throw invalidInput(`export "${name}" must be a function`);
    const typeIndex = entry.index < importedFunctions ? undefined : layout.functions[entry.index - importedFunctions];
    const actual = typeIndex === undefined ? undefined : layout.types[typeIndex];
    if (actual === undefined || !sameSignature(actual, MODULE_EXPORTS[name])) {
      throw invalidInput(`export "${name}" must have the signature ${show(MODULE_EXPORTS[name])}`);
    }
    found[name] = true;
  }
  if (!found.tick && !found.main) throw invalidInput('the module must export "tick" (called every period) or "main" (run once)');
  if (found.on_input && !found.input_key_buffer) throw invalidInput('a module exporting "on_input" must export "input_key_buffer"');
  return found;
}

function sameSignature(a: FunctionSignature, b: FunctionSignature): boolean {
  return a.params.length === b.params.length && a.results.length === b.results.length && a.params.every((t, i) => t === b.params[i]) && a.results.every((t, i) => t === b.results[i]);
}

function show(signature: FunctionSignature): string {
  return `(${signature.params.join(', ')}) -> (${signature.results.join(', ')})`;
}
