import { describe, expect, it } from 'vitest';
import { expectInvalidInput } from '../../test/support/assertions.js';
import { NRF52840_PROFILE } from '../objects/index.js';
import type { WorkloadOutput } from './contracts.js';
import { EmbServeRuntime } from './embserve-runtime.js';
import { NativeEngine } from './native-engine.js';
import { board, models, server, temperatureService, value } from './test-fixture.js';
import type { WorkloadContext, WorkloadEngine } from './workload-engine.js';

const FIRMWARE_RAM_BYTES = NRF52840_PROFILE.firmwareRamKB * 1024;
const BOOT_FREE_KB = NRF52840_PROFILE.memoryTotalKB - NRF52840_PROFILE.firmwareRamKB;

/** An engine for services named `crashy` that hands the test each workload's context. */
function crashEngine(contexts: WorkloadContext[]): WorkloadEngine {
  return {
    kind: 'crashy',
    accepts: (service) => service.name === 'crashy',
    requirements: () => ({ ramBytes: 8192, flashBytes: 2048 }),
    start(context) {
      contexts.push(context);
      return { input: () => false, stop: () => undefined, cpuPercent: () => 3, memoryBytes: () => 8000 };
    },
  };
}

describe('Software_Package_Monitoring (35003)', () => {
  it('shows the device and each running workload with plausible non-zero figures', () => {
    const { tree, runtime, clock } = board();
    expect(value(tree, [35003, 0, 27400])).toEqual({ objectId: 3, instanceId: 0 });
    const id = server.deploy(tree);
    clock.advance(5000);
    runtime.tick();
    const device = [27401, 27402, 27403].map((r) => value(tree, [35003, 0, r])) as number[];
    expect(device[0]).toBeGreaterThanOrEqual(2);
    expect(device[0]).toBeLessThan(15);
    expect(device[1]).toBe(FIRMWARE_RAM_BYTES + 4160);
    expect(device[2]).toBe(5000);
    expect(value(tree, [35003, 1, 27400])).toEqual({ objectId: 9, instanceId: id });
    const [cpu, memory, uptime, error] = [27401, 27402, 27403, 27404].map((r) => value(tree, [35003, 1, r]));
    expect(cpu).toBeGreaterThan(0);
    expect(cpu).toBeLessThanOrEqual(6);
    expect(memory).toBeGreaterThan(0);
    expect(memory).toBeLessThanOrEqual(4160);
    expect([uptime, error]).toEqual([5000, '']);
    server.execute(tree, id, 11);
    expect([27401, 27402, 27403].map((r) => value(tree, [35003, 1, r]))).toEqual([0, 0, 0]);
  });

  it('adds a workload’s instance on Install and removes it on Uninstall', () => {
    const { tree } = board();
    const id = server.create(tree);
    server.writePackage(tree, id, new TextEncoder().encode(JSON.stringify(temperatureService())));
    expect(tree.read([35003, 1]).code).toBe('4.04');
    server.execute(tree, id, 4);
    expect(tree.read([35003, 1]).code).toBe('2.05');
    server.execute(tree, id, 6);
    expect(tree.read([35003, 1]).code).toBe('4.04');
  });
});

describe('a failing workload', () => {
  it('stops alone: its RAM is freed and its error shown, while the device and other workloads run on', () => {
    const contexts: WorkloadContext[] = [];
    const { tree, runtime, clock, sensors } = board({ engines: [crashEngine(contexts), new NativeEngine()] });
    const steady = server.deploy(tree);
    const crashy = server.deploy(tree, temperatureService({ name: 'crashy', outputs: [] }));
    const free = runtime.memory.report().ramFree;
    contexts[0]?.fail(7, 'hard fault at 0x0800_1234');
    expect(value(tree, [9, crashy, 12])).toBe(false);
    expect(runtime.memory.report().ramFree).toBe(free + 8192);
    expect(value(tree, [3, 0, 10])).toBe(Math.floor((free + 8192) / 1024));
    expect(value(tree, [35003, 2, 27404])).toBe('hard fault at 0x0800_1234');
    expect(runtime.directory.list().find((w) => w.instanceId === crashy)).toMatchObject({ active: false, error: 7 });
    expect(runtime.log.recent(1)[0]).toMatch(/\/9\/1 crashy: failed \(error 7\): hard fault/);
    contexts[0]?.fail(8, 'again');
    expect(runtime.log.recent(1)[0]).toMatch(/error 7/);
    sensors.set(3303, 5700, 19);
    clock.advance(2000);
    expect([value(tree, [9, steady, 12]), value(tree, [3303, 0, 5700])]).toEqual([true, 19]);
    expect(server.execute(tree, crashy, 10)).toBe('2.04');
    expect(runtime.directory.list().find((w) => w.instanceId === crashy)).toMatchObject({ active: true, error: 0 });
  });

  it('answers 5.00 when its engine cannot start it, and holds no RAM', () => {
    const engine: WorkloadEngine = { ...crashEngine([]), start: () => { throw new Error('bad module'); } };
    const { tree, runtime } = board({ engines: [engine] });
    const id = server.create(tree);
    server.writePackage(tree, id, new TextEncoder().encode(JSON.stringify(temperatureService({ name: 'crashy' }))));
    server.execute(tree, id, 4);
    const free = runtime.memory.report();
    expect(server.execute(tree, id, 10)).toBe('5.00');
    expect(runtime.memory.report()).toEqual(free);
    expect(value(tree, [9, id, 12])).toBe(false);
  });
});

describe('power off and boot', () => {
  it('stops every workload at power-off and starts again at boot only those that were active', () => {
    const { tree, runtime, clock } = board();
    const active = server.deploy(tree);
    const inactive = server.deploy(tree);
    server.execute(tree, inactive, 11);
    clock.advance(10_000);
    runtime.powerOff();
    expect([value(tree, [9, active, 12]), value(tree, [9, inactive, 12])]).toEqual([false, false]);
    expect(value(tree, [3, 0, 10])).toBe(BOOT_FREE_KB);
    expect(clock.pendingTimers()).toBe(0);
    clock.advance(3000);
    runtime.boot();
    expect([value(tree, [9, active, 12]), value(tree, [9, inactive, 12])]).toEqual([true, false]);
    expect(value(tree, [9, active, 7])).toBe(4);
    expect(runtime.uptimeMs).toBe(0);
    expect(runtime.log.recent(3).join('\n')).toMatch(/\[00:00:00\.000\] embServe 1\.0 booting on nRF52840-sim/);
    clock.advance(1500);
    expect(runtime.log.recent(1)[0]).toMatch(/^\[00:00:00\.000\]/);
    runtime.tick();
    expect(value(tree, [35003, 0, 27403])).toBe(1500);
  });
});

describe('the workload bus', () => {
  it('carries every output of every running workload to listeners, and inputs to the workload that declares them', () => {
    const { tree, runtime, clock, sensors } = board();
    sensors.set(3303, 5700, 24);
    server.deploy(tree, temperatureService({ inputs: [{ key: 'threshold', type: 0 }] }));
    const outputs: WorkloadOutput[] = [];
    const off = runtime.bus.onOutput((output) => outputs.push(output));
    runtime.bus.onOutput(() => {
      throw new Error('listener bug');
    });
    clock.advance(2000);
    expect(outputs).toEqual([{ service: 'temperature', key: 'temp', type: 1, value: 24, at: clock.now() }]);
    off();
    clock.advance(2000);
    expect(outputs).toHaveLength(1);
    expect(runtime.bus.deliverInput('temperature', { key: 'threshold', type: 0, value: 30 })).toBe(true);
    expect(runtime.log.recent(1)[0]).toMatch(/temperature: input threshold=30/);
    expect(runtime.bus.deliverInput('temperature', { key: 'threshold', type: 0, value: 30.5 })).toBe(false);
    expect(runtime.bus.deliverInput('temperature', { key: 'other', type: 0, value: 1 })).toBe(false);
    expect(runtime.bus.deliverInput('humidity', { key: 'threshold', type: 0, value: 1 })).toBe(false);
    expect(runtime.bus.deliverInput('temperature', { key: 'threshold', type: 0, value: Number.NaN })).toBe(false);
    expect(runtime.bus.deliverInput('temperature', JSON.parse('{"key":"threshold"}'))).toBe(false);
  });
});

describe('closing the runtime', () => {
  it('stops every workload and timer but leaves the tree’s instances', () => {
    const { tree, runtime, clock } = board();
    server.deploy(tree);
    runtime.close();
    expect(clock.pendingTimers()).toBe(0);
    expect(tree.read([3303, 0]).code).toBe('2.05');
    expect(tree.read([35003, 0]).code).toBe('2.05');
  });
});

describe('runtime options', () => {
  it('refuses a period that is not a positive whole number of ms', () => {
    const { tree } = board();
    const sensors = { sample: () => undefined };
    expectInvalidInput(() => new EmbServeRuntime({ tree, models, profile: NRF52840_PROFILE, sensors, periodMs: -1 }), /periodMs/);
  });
});
