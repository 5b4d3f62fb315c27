import { describe, expect, it } from 'vitest';
import { ERROR_CODES, isFarsideError } from '../../errors/index.js';
import { board, bytesOf, server, value } from '../embserve/test-fixture.js';
import type { LoadedModel } from '../tinyml/contracts.js';
import { checkWasmModule } from './module-check.js';
import { wasmOf, wasmService } from './test-support.js';
import { WasmEngine } from './wasm-engine.js';
import { HOST_OVERHEAD_BYTES, METADATA_FLASH_BYTES } from './wasm-package.js';

const TICKING = `(module (memory (export "memory") 2) (func (export "tick")))`;

function problemOf(bytes: Uint8Array): string {
  try {
    checkWasmModule(bytes);
  } catch (err) {
    if (isFarsideError(err, ERROR_CODES.INVALID_INPUT)) return err.message;
    throw err;
  }
  return 'accepted';
}

const fakeModel = (arenaBytes: number): LoadedModel => ({
  inputs: [],
  outputs: [],
  operators: [],
  arenaBytes,
  setInput: () => {},
  invoke: () => {},
  output: () => new Int8Array(0),
});

describe('the WebAssembly module check', () => {
  it('accepts a module that exports its memory and tick, and reports its pages and entry points', async () => {
    const shape = checkWasmModule(await wasmOf(TICKING));
    expect(shape).toMatchObject({ initialPages: 2, memoryImported: false, entryPoints: { tick: true, main: false, init: false, on_input: false } });
  });

  it('accepts a module that imports its memory from the SDK', async () => {
    const shape = checkWasmModule(await wasmOf(`(module (import "embserve" "memory" (memory 1 4)) (func (export "main")))`));
    expect(shape).toMatchObject({ initialPages: 1, maximumPages: 4, memoryImported: true });
  });

  it.each([
    ['bytes that are not WebAssembly', async () => new TextEncoder().encode('not wasm'), /not valid WebAssembly/],
    ['a module without tick or main', () => wasmOf(`(module (memory (export "memory") 1) (func (export "init")))`), /"tick".*"main"/],
    ['a module whose memory is not exported', () => wasmOf(`(module (memory 1) (func (export "tick")))`), /export its memory/],
    ['a module without memory', () => wasmOf(`(module (func (export "tick")))`), /exactly one memory/],
    ['an import from another module', () => wasmOf(`(module (import "wasi" "fd_write" (func)) (memory (export "memory") 1) (func (export "tick")))`), /only "embserve"/],
    ['an SDK function the SDK does not have', () => wasmOf(`(module (import "embserve" "reboot" (func)) (memory (export "memory") 1) (func (export "tick")))`), /no function of that name/],
    ['an SDK function with the wrong signature', () => wasmOf(`(module (import "embserve" "log" (func (param i32))) (memory (export "memory") 1) (func (export "tick")))`), /signature \(i32, i32\)/],
    ['a tick that takes arguments', () => wasmOf(`(module (memory (export "memory") 1) (func (export "tick") (param i32)))`), /"tick" must have the signature/],
    ['on_input without input_key_buffer', () => wasmOf(`(module (memory (export "memory") 1) (func (export "tick")) (func (export "on_input") (param i32 i32 i32 f64)))`), /input_key_buffer/],
  ])('refuses %s, saying why', async (_name, bytes, reason) => {
    expect(problemOf(await bytes())).toMatch(reason);
  });
});

describe('the WebAssembly engine on a board', () => {
  it('asks for the linear memory, the model’s planned arena and the host overhead in RAM, and what is stored in flash', async () => {
    const wasm = await wasmOf(TICKING);
    const model = new Uint8Array([1, 2, 3, 4, 5, 6]);
    const engine = new WasmEngine({ loadModel: () => fakeModel(3000) });
    const service = wasmService(wasm, { model: { data: Buffer.from(model).toString('base64') } });
    expect(engine.accepts(service)).toBe(true);
    expect(engine.requirements(service)).toEqual({ ramBytes: 2 * 65_536 + 3000 + HOST_OVERHEAD_BYTES, flashBytes: wasm.length + model.length + METADATA_FLASH_BYTES });
    const declared = wasmService(wasm, { model: { tensor_arena_size: 5000 } });
    expect(engine.requirements(declared).ramBytes).toBe(2 * 65_536 + 5000 + HOST_OVERHEAD_BYTES);
  });

  it('does not accept a package whose model does not load, or that has no module of its own', async () => {
    const wasm = await wasmOf(TICKING);
    const engine = new WasmEngine({
      loadModel: () => {
        throw new Error('not a tflite file');
      },
    });
    const service = wasmService(wasm, { model: { data: 'AAAA' } });
    expect(engine.accepts(service)).toBe(false);
    expect(engine.problem(service)).toMatch(/model does not load: not a tflite file/);
    const native = wasmService(wasm, { wasm: undefined, service: 'AAAA' });
    expect(engine.accepts(native)).toBe(false);
    // A native package is not this engine's to explain: another engine may run it.
    expect(engine.problem(native)).toBeUndefined();
  });

  it('gives Update Result 54 to a module that does not compile or lacks tick and main, and changes nothing', async () => {
    const { tree, runtime } = board({ engines: [new WasmEngine()] });
    const id = server.create(tree);
    const before = runtime.memory.report();
    for (const wasm of [new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 0xff]), await wasmOf(`(module (memory (export "memory") 1))`)]) {
      expect(server.writePackage(tree, id, bytesOf({ name: 'bad', version: '1', wasm: Buffer.from(wasm).toString('base64') }))).toBe('2.04');
      expect(value(tree, [9, id, 9])).toBe(54);
      expect(value(tree, [9, id, 7])).toBe(0);
    }
    expect(runtime.memory.report()).toEqual(before);
  });

  it('gives Update Result 51 at Package write when the memory and arena do not fit the board', async () => {
    const { tree } = board({ engines: [new WasmEngine()] });
    const id = server.create(tree);
    const wasm = Buffer.from(await wasmOf(TICKING)).toString('base64');
    expect(server.writePackage(tree, id, bytesOf({ name: 'big', version: '1', wasm, model: { tensor_arena_size: 100 * 1024 } }))).toBe('2.04');
    expect(value(tree, [9, id, 9])).toBe(51);
    expect(server.writePackage(tree, id, bytesOf({ name: 'small', version: '1', wasm, model: { tensor_arena_size: 1024 } }))).toBe('2.04');
    expect(value(tree, [9, id, 7])).toBe(3);
  });

  it('refuses options out of range', () => {
    expect(() => new WasmEngine({ watchdogMs: 0 })).toThrow(/watchdogMs/);
  });
});
