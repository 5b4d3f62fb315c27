/**
 * WebAssembly workloads running in their worker threads: what reaches the device, what
 * reaches the module, and how a misbehaving module ends. Each test starts its own worker,
 * so they run concurrently.
 */
import { describe, it } from 'vitest';
import { recordingContext, wasmOf, wasmService } from './test-support.js';
import { WasmEngine } from './wasm-engine.js';
import type { WasmWorkload } from './wasm-workload.js';

const SDK = `
  (import "embserve" "output" (func $output (param i32 i32 i32 f64) (result i32)))
  (import "embserve" "log" (func $log (param i32 i32)))`;

/** A module that outputs `value` (an f64 expression) as "out" on every tick. */
const emitting = (value: string, extra = '', memory = '(memory (export "memory") 1)') => `(module ${SDK} ${memory}
  (data (i32.const 0) "out") ${extra}
  (func $emit (param $v f64) (drop (call $output (i32.const 0) (i32.const 3) (i32.const 1) (local.get $v))))
  (func (export "tick") (call $emit ${value})))`;

const engine = new WasmEngine({ watchdogMs: 500 });

async function run(wat: string, extra: Record<string, unknown> = {}) {
  const recording = recordingContext(wasmService(await wasmOf(wat), extra));
  const workload = engine.start(recording.context) as WasmWorkload;
  return { ...recording, workload };
}

describe.concurrent('a WebAssembly workload', () => {
  it('publishes what it outputs through the workload context, and logs', async ({ expect, onTestFinished }) => {
    const wat = `(module ${SDK} (memory (export "memory") 1) (data (i32.const 0) "out") (data (i32.const 8) "hello from init")
      (global $n (mut f64) (f64.const 0))
      (func (export "init") (call $log (i32.const 8) (i32.const 15)))
      (func (export "tick")
        (global.set $n (f64.add (global.get $n) (f64.const 1)))
        (drop (call $output (i32.const 0) (i32.const 3) (i32.const 1) (global.get $n)))))`;
    const { workload, outputs, logs } = await run(wat);
    onTestFinished(() => workload.stop());
    await expect.poll(() => outputs.length, { timeout: 5_000 }).toBeGreaterThanOrEqual(3);
    expect(outputs.slice(0, 3)).toEqual([1, 2, 3].map((value) => ({ key: 'out', type: 1, value })));
    expect(logs).toContain('hello from init');
    expect(workload.memoryBytes()).toBe(65_536);
  });

  it('refuses an output the service does not declare, or of the wrong type', async ({ expect, onTestFinished }) => {
    const wat = `(module ${SDK} (memory (export "memory") 1) (data (i32.const 0) "outnope")
      (func (export "tick")
        (drop (call $output (i32.const 3) (i32.const 4) (i32.const 1) (f64.const 1)))
        (drop (call $output (i32.const 0) (i32.const 3) (i32.const 0) (f64.const 2)))
        (drop (call $output (i32.const 0) (i32.const 3) (i32.const 1)
          (f64.convert_i32_s (call $output (i32.const 3) (i32.const 4) (i32.const 1) (f64.const 1)))))))`;
    const { workload, outputs } = await run(wat);
    onTestFinished(() => workload.stop());
    await expect.poll(() => outputs.length, { timeout: 5_000 }).toBeGreaterThanOrEqual(1);
    expect(outputs[0]).toEqual({ key: 'out', type: 1, value: -1 });
  });

  it('reads the board’s sensors by object and resource, and gets -1 for a sensor the board lacks', async ({ expect, onTestFinished }) => {
    const wat = emitting(
      `(f64.add (call $sensor_read (global.get $h) (i32.const 5700)) (f64.convert_i32_s (i32.mul (call $sensor_find (i32.const 3304) (i32.const 0)) (i32.const 1000))))`,
      `(global $h (mut i32) (i32.const -1))
       (func (export "init") (global.set $h (call $sensor_find (i32.const 3303) (i32.const 0))))`,
    ).replace(SDK, `${SDK}
      (import "embserve" "sensor_find" (func $sensor_find (param i32 i32) (result i32)))
      (import "embserve" "sensor_read" (func $sensor_read (param i32 i32) (result f64)))`);
    const recording = recordingContext(wasmService(await wasmOf(wat)));
    recording.sensorValues.set('3303/5700', 21.5);
    const workload = engine.start(recording.context);
    onTestFinished(() => workload.stop());
    await expect.poll(() => recording.outputs.length, { timeout: 5_000 }).toBeGreaterThanOrEqual(1);
    expect(recording.outputs[0]?.value).toBe(21.5 - 1000);
  });

  it('hands each input to on_input with its key in the module’s key buffer', async ({ expect, onTestFinished }) => {
    const wat = `(module ${SDK} (memory (export "memory") 1) (data (i32.const 0) "out")
      (func (export "tick"))
      (func (export "input_key_buffer") (result i32) (i32.const 256))
      (func (export "on_input") (param $ptr i32) (param $len i32) (param $type i32) (param $v f64)
        ;; a key "in" (0x69 0x6e) of type 0 comes back as its value; anything else as -1
        (drop (call $output (i32.const 0) (i32.const 3) (i32.const 1)
          (select (local.get $v) (f64.const -1)
            (i32.and (i32.and (i32.eq (local.get $len) (i32.const 2)) (i32.eqz (local.get $type)))
                     (i32.eq (i32.load16_u (local.get $ptr)) (i32.const 0x6e69))))))))`;
    const { workload, outputs } = await run(wat);
    onTestFinished(() => workload.stop());
    expect(workload.input({ key: 'in', type: 0, value: 42 })).toBe(true);
    expect(workload.input({ key: 'other', type: 0, value: 1 })).toBe(false);
    expect(workload.input({ key: 'in', type: 1, value: 1 })).toBe(false);
    expect(workload.input({ key: 'in', type: 0, value: 1.5 })).toBe(false);
    await expect.poll(() => outputs.map((o) => o.value), { timeout: 5_000 }).toEqual([42]);
  });

  it.for([
    ['unreachable', '(unreachable)', /^trap in tick\(\): unreachable$/],
    ['an out-of-bounds load', '(drop (i32.load (i32.const 70000)))', /^trap in tick\(\): memory access out of bounds$/],
    ['an SDK call with a pointer outside memory', '(call $log (i32.const 65530) (i32.const 100))', /^trap in tick\(\): log: \(ptr 65530, len 100\) is outside linear memory/],
  ] as const)('stops with a trap error naming the call after %s', async ([, body, message], { expect }) => {
    const { failed, workload } = await run(`(module ${SDK} (memory (export "memory") 1) (func (export "tick") ${body}))`);
    const failure = await failed;
    expect(failure.code).toBe(1);
    expect(failure.message).toMatch(message);
    await workload.ended;
    expect(workload.cpuPercent()).toBe(0);
    expect(workload.memoryBytes()).toBe(0);
  });

  it('gets -1 from memory.grow beyond its reserved pages when it imports its memory', async ({ expect, onTestFinished }) => {
    const wat = emitting('(f64.convert_i32_s (memory.grow (i32.const 1)))', '', '(import "embserve" "memory" (memory 1))');
    const { workload, outputs } = await run(wat);
    onTestFinished(() => workload.stop());
    await expect.poll(() => outputs.length, { timeout: 5_000 }).toBeGreaterThanOrEqual(2);
    expect(outputs.slice(0, 2).map((o) => o.value)).toEqual([-1, -1]);
    expect(workload.memoryBytes()).toBe(65_536);
  });

  it('stops with error 51 when its exported memory grows past the reservation', async ({ expect }) => {
    const { failed } = await run(emitting('(f64.convert_i32_s (memory.grow (i32.const 1)))'));
    expect(await failed).toEqual({ code: 51, message: 'out of memory in tick(): linear memory grew to 128 KB; 64 KB were reserved' });
  });

  it('counts the time spent in its calls as its CPU share', async ({ expect, onTestFinished }) => {
    // Each 20 ms tick spins for 8 ms of its own clock.
    const wat = `(module ${SDK} (import "embserve" "now_ms" (func $now (result f64))) (memory (export "memory") 1)
      (func (export "tick") (local $until f64)
        (local.set $until (f64.add (call $now) (f64.const 8)))
        (loop $spin (br_if $spin (f64.lt (call $now) (local.get $until))))))`;
    const { workload } = await run(wat);
    onTestFinished(() => workload.stop());
    await expect.poll(() => workload.cpuPercent(), { timeout: 5_000 }).toBeGreaterThan(0);
    expect(workload.cpuPercent()).toBeLessThanOrEqual(100);
  });

  it('ends its thread on stop, and outputs nothing after', async ({ expect }) => {
    const { workload, outputs } = await run(emitting('(f64.const 7)'));
    await expect.poll(() => outputs.length, { timeout: 5_000 }).toBeGreaterThanOrEqual(1);
    workload.stop();
    await workload.ended;
    const count = outputs.length;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(outputs.length).toBe(count);
    expect(workload.input({ key: 'in', type: 0, value: 1 })).toBe(false);
  });
});
