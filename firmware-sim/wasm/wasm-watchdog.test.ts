/**
 * Runaway modules and modules written as loops: the watchdog ends a call that neither
 * returns nor sleeps, never one that sleeps, and stop() ends a worker whatever it does.
 */
import { describe, it } from 'vitest';
import { recordingContext, wasmOf, wasmService } from './test-support.js';
import { WasmEngine } from './wasm-engine.js';
import type { WasmWorkload } from './wasm-workload.js';

const WATCHDOG_MS = 300;
const engine = new WasmEngine({ watchdogMs: WATCHDOG_MS });

const SDK = `
  (import "embserve" "output" (func $output (param i32 i32 i32 f64) (result i32)))
  (import "embserve" "sleep_ms" (func $sleep (param i32)))`;
const EMIT = `(func $emit (param $v f64) (drop (call $output (i32.const 0) (i32.const 3) (i32.const 1) (local.get $v))))`;

async function run(wat: string) {
  const recording = recordingContext(wasmService(await wasmOf(wat)));
  const workload = engine.start(recording.context) as WasmWorkload;
  return { ...recording, workload };
}

describe.concurrent('the watchdog of WebAssembly workloads', () => {
  it('terminates a tick that never returns within a second past the watchdog, and says so', async ({ expect }) => {
    const { outputs, failed, workload } = await run(`(module ${SDK} (memory (export "memory") 1) (data (i32.const 0) "out") ${EMIT}
      (func (export "init") (call $emit (f64.const 1)))
      (func (export "tick") (loop $forever (br $forever))))`);
    await expect.poll(() => outputs.length, { timeout: 5_000 }).toBe(1);
    const running = performance.now();
    const failure = await failed;
    expect(performance.now() - running).toBeLessThan(WATCHDOG_MS + 1_000);
    expect(failure).toEqual({ code: 2, message: `watchdog: tick() ran for more than ${WATCHDOG_MS} ms without returning or sleeping` });
    await workload.ended;
  });

  it('terminates a main() that spins without sleeping', async ({ expect }) => {
    const { failed } = await run(`(module (memory (export "memory") 1) (func (export "main") (loop $forever (br $forever))))`);
    expect((await failed).message).toMatch(/^watchdog: main\(\) ran for more than/);
  });

  it('lets a main() loop that sleeps run past the watchdog, feeds it inputs between sleeps, and stops it on stop()', async ({ expect }) => {
    const { outputs, workload } = await run(`(module ${SDK} (memory (export "memory") 1) (data (i32.const 0) "out") ${EMIT}
      (func (export "main") (local $n f64)
        (loop $forever
          (local.set $n (f64.add (local.get $n) (f64.const 1)))
          (call $emit (local.get $n))
          (call $sleep (i32.const 20))
          (br $forever)))
      (func (export "input_key_buffer") (result i32) (i32.const 64))
      (func (export "on_input") (param i32 i32 i32 f64) (call $emit (f64.add (local.get 3) (f64.const 1000)))))`);
    await expect.poll(() => outputs.length, { timeout: 5_000 }).toBeGreaterThanOrEqual(1);
    const firstAt = performance.now();
    await expect.poll(() => performance.now() - firstAt, { timeout: 5_000, interval: 50 }).toBeGreaterThan(2 * WATCHDOG_MS);
    expect(workload.input({ key: 'in', type: 0, value: 42 })).toBe(true);
    await expect.poll(() => outputs.some((o) => o.value === 1042), { timeout: 5_000 }).toBe(true);
    const counted = outputs.filter((o) => o.value < 1000).length;
    expect(counted).toBeGreaterThan(5);
    workload.stop();
    await workload.ended;
  });
});
