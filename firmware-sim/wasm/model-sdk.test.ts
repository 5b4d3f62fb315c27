import { describe, expect, it } from 'vitest';
import { GuestMemory, SdkTrap } from './guest-memory.js';
import { modelSdk } from './model-sdk.js';
import { MODEL_STATUS, TENSOR_TYPE_CODE } from './sdk-abi.js';
import { recordingContext, wasmOf, wasmService } from './test-support.js';
import { FAKE_SCALE, FAKE_ZERO_POINT, fakeModelBytes, loadModel } from './test-fake-model.js';
import { WasmEngine } from './wasm-engine.js';
import { webAssembly } from './webassembly-api.js';

function sdk(options: { model?: Uint8Array; arenaBudgetBytes?: number } = {}) {
  const memory = new webAssembly.Memory({ initial: 1 });
  const logs: string[] = [];
  const arena: number[] = [];
  const calls = modelSdk({
    model: 'model' in options ? options.model : fakeModelBytes(4),
    loadModel,
    arenaBudgetBytes: options.arenaBudgetBytes ?? 1024,
    memory: new GuestMemory(() => memory),
    log: (line) => logs.push(line),
    arenaChanged: (bytes) => arena.push(bytes),
  });
  return { calls, bytes: new Uint8Array(memory.buffer), logs, arena };
}

describe('the TinyML calls of the SDK', () => {
  it('load the package’s model into its arena, describe its tensors and run it on bytes from linear memory', () => {
    const { calls, bytes, arena } = sdk();
    const h = calls.model_load();
    expect(h).toBe(1);
    expect(arena).toEqual([1024]);
    expect([calls.model_input_count(h), calls.model_output_count(h)]).toEqual([1, 1]);
    expect([calls.model_tensor_bytes(h, 0, 0), calls.model_tensor_type(h, 1, 0)]).toEqual([1, TENSOR_TYPE_CODE.int8]);
    expect([calls.model_quant_scale(h, 0, 0), calls.model_quant_zero_point(h, 1, 0)]).toEqual([FAKE_SCALE, FAKE_ZERO_POINT]);
    bytes[100] = 0xfd; // int8 -3
    expect(calls.model_set_input(h, 0, 100, 1)).toBe(MODEL_STATUS.OK);
    expect(calls.model_invoke(h)).toBe(MODEL_STATUS.OK);
    expect(calls.model_get_output(h, 0, 200, 8)).toBe(1);
    expect(new Int8Array(bytes.buffer, 200, 1)[0]).toBe(-6);
    calls.model_unload(h);
    expect(arena).toEqual([1024, 0]);
    expect(calls.model_invoke(h)).toBe(MODEL_STATUS.BAD_HANDLE);
  });

  it('answer a bad handle, tensor index or length with a negative status', () => {
    const { calls } = sdk();
    const h = calls.model_load();
    expect(calls.model_tensor_bytes(7, 0, 0)).toBe(MODEL_STATUS.BAD_HANDLE);
    expect(calls.model_tensor_type(h, 0, 3)).toBe(MODEL_STATUS.BAD_HANDLE);
    expect(calls.model_set_input(h, 0, 0, 2)).toBe(MODEL_STATUS.BAD_LENGTH);
    expect(calls.model_get_output(h, 1, 0, 1)).toBe(MODEL_STATUS.BAD_HANDLE);
  });

  it('trap on a buffer outside linear memory', () => {
    const { calls } = sdk();
    const h = calls.model_load();
    expect(() => calls.model_set_input(h, 0, 65_536, 1)).toThrow(SdkTrap);
    expect(() => calls.model_get_output(h, 0, -1, 1)).toThrow(/model_get_output: \(ptr -1, len 1\)/);
  });

  it('refuse to load a model planning more arena than the package reserved, or no model at all, saying why', () => {
    const tooBig = sdk({ arenaBudgetBytes: 512 });
    expect(tooBig.calls.model_load()).toBe(-1);
    expect(tooBig.logs).toEqual(['model_load: the model needs 1024 B of tensor arena, the package reserves 512 B (tensor_arena_size)']);
    const none = sdk({ model: undefined });
    expect(none.calls.model_load()).toBe(-1);
    expect(none.logs[0]).toMatch(/carries no model/);
  });

  it('run the model inside the workload’s worker, loaded from the interpreter module the engine names', async () => {
    const engine = new WasmEngine({ loadModel, modelLoaderUrl: new URL('./test-fake-model.ts', import.meta.url) });
    const wat = `(module
      (import "embserve" "output" (func $output (param i32 i32 i32 f64) (result i32)))
      (import "embserve" "model_load" (func $load (result i32)))
      (import "embserve" "model_set_input" (func $set (param i32 i32 i32 i32) (result i32)))
      (import "embserve" "model_invoke" (func $invoke (param i32) (result i32)))
      (import "embserve" "model_get_output" (func $get (param i32 i32 i32 i32) (result i32)))
      (memory (export "memory") 1) (data (i32.const 0) "out") (data (i32.const 16) "\\15")
      (func (export "tick") (local $h i32)
        (local.set $h (call $load))
        (drop (call $set (local.get $h) (i32.const 0) (i32.const 16) (i32.const 1)))
        (drop (call $invoke (local.get $h)))
        (drop (call $get (local.get $h) (i32.const 0) (i32.const 32) (i32.const 1)))
        (drop (call $output (i32.const 0) (i32.const 3) (i32.const 1) (f64.convert_i32_s (i32.load8_s (i32.const 32)))))))`;
    const service = wasmService(await wasmOf(wat), { model: { data: Buffer.from(fakeModelBytes(2)).toString('base64') } });
    expect(engine.requirements(service).ramBytes).toBe(65_536 + 512 + 2048);
    const { context, outputs } = recordingContext(service);
    const workload = engine.start(context);
    try {
      await expect.poll(() => outputs.length, { timeout: 5_000 }).toBeGreaterThanOrEqual(1);
      expect(outputs[0]?.value).toBe(42);
      expect(workload.memoryBytes()).toBe(65_536 + 512);
    } finally {
      workload.stop();
    }
  });
});
