/**
 * The part of the WebAssembly JavaScript API this folder uses, typed here: the project
 * compiles against ES2023 and @types/node only, which do not declare the `WebAssembly`
 * global (it lives in TypeScript's DOM library).
 */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(deltaPages: number): number;
}

/** A compiled module (opaque). */
export type WasmModule = object;

export interface WasmInstance {
  readonly exports: Readonly<Record<string, unknown>>;
}

export type WasmImports = Record<string, Record<string, unknown>>;

interface WebAssemblyApi {
  validate(bytes: Uint8Array): boolean;
  compile(bytes: Uint8Array): Promise<WasmModule>;
  readonly Instance: new (module: WasmModule, imports?: WasmImports) => WasmInstance;
  readonly Memory: new (descriptor: { initial: number; maximum?: number }) => WasmMemory;
  /** What a trap throws: unreachable, out-of-bounds access, division by zero, ... */
  readonly RuntimeError: new (message?: string) => Error;
}

export const webAssembly = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;
