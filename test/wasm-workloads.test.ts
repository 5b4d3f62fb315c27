/**
 * WebAssembly workloads on a simulated embServe node, end to end: the example modules are
 * built from their WAT sources, deployed with FITA's four steps over SDF on MQTT (aedes)
 * through the gateway, and run in worker threads. A crashing and a runaway workload next
 * to a healthy one are stopped and reported while the healthy one and the device go on.
 */
import { once } from 'node:events';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildWorkloads, type BuiltWorkload, type WorkloadName } from '../examples/workloads/build.js';
import type { SimulatedDevice, WorkloadOutput } from '../firmware-sim/index.js';
import { WasmEngine } from '../firmware-sim/index.js';
import { SdfMqttBinding } from '../gateway/index.js';
import { SdfClient } from '../sdf-models/index.js';
import { Harness } from './harness.js';
import { startAedes, type TestBroker } from './support/mqtt-brokers.js';
import { MONITORING, SOFTWARE_MANAGEMENT, SdfDevice, propertiesOf } from './support/sdf-device.js';

const SM = SOFTWARE_MANAGEMENT;
const WATCHDOG_MS = 500;
const prop = (thing: string, object: string, instance: string, property: string) => ({ level: 'property' as const, thing, object, instance, property });


describe('WebAssembly workloads on an embServe device through the gateway and aedes', () => {
  let workloads: Record<WorkloadName, BuiltWorkload>;
  let broker: TestBroker;
  let h: Harness;
  let binding: SdfMqttBinding;
  let client: SdfClient;
  let device: SimulatedDevice;

  let dev: SdfDevice;
  const get = (object: string, instance: string, property: string): Promise<unknown> => dev.get(object, instance, property);
  const shell = (command: string): Promise<string> => dev.shell(command);
  /** FITA's flow with one of the example packages, optionally changed. */
  const deploy = (name: WorkloadName, label: string, changes: Record<string, unknown> = {}): Promise<void> =>
    dev.deploy(JSON.stringify({ ...workloads[name].service, ...changes }), label);
  /** Temperature/1 values observed until `count` arrived. */
  const observeTemperature = async (count: number): Promise<number[]> => {
    const values: number[] = [];
    const observation = await client.observe(prop('dev', 'Temperature', '1', 'Sensor_Value'), (n) => values.push(Number(propertiesOf(n['dev']!, 'Temperature', '1')['Sensor_Value'])));
    await expect.poll(() => values.length, { timeout: 5_000 }).toBeGreaterThanOrEqual(count);
    await observation.stop();
    return values;
  };
  const monitoringError = async (label: string): Promise<string> => {
    const response = await client.request({ level: 'object', thing: 'dev', object: MONITORING }, 'GET');
    const instance = response.sdfObject?.[MONITORING]?.find((i) => i.sdfProperty?.['Sofware_Package'] === `${SM}/${label}`);
    return String(instance?.sdfProperty?.['Error'] ?? '');
  };

  beforeAll(async () => {
    [workloads, broker] = await Promise.all([buildWorkloads(), startAedes()]);
  });
  afterAll(() => broker.close());

  beforeEach(async () => {
    h = await new Harness({ requestTimeoutMs: 2_000 }).start();
    binding = new SdfMqttBinding(h.server, { url: broker.url, protocolVersion: 4 });
    await binding.start();
    client = new SdfClient({ url: broker.url, protocolVersion: 4, requestTimeoutMs: 5_000 });
    await client.start();
    dev = new SdfDevice(client, 'dev');
    const announced = once(client, 'announce');
    device = await h.device('dev', { seed: 42, workloadPeriodMs: 100, tickIntervalMs: 200, engines: [new WasmEngine({ watchdogMs: WATCHDOG_MS })] });
    await announced;
  });
  afterEach(async () => {
    await client.close();
    await h.close();
    await binding.close();
  });

  it('deploys the temperature example in four steps; its readings of the board sensor appear as an observable Temperature', async () => {
    await deploy('temperature', '0');
    expect(await get(SM, '0', 'Activation_State')).toBe('true');
    const values = await observeTemperature(2);
    for (const value of values) {
      expect(value).toBeGreaterThan(10);
      expect(value).toBeLessThan(35);
    }
    expect(await shell('log 20')).toMatch(/temperature: activated on the wasm engine/);
  });

  it('stops a trapping and a runaway workload and reports both, while the temperature workload and the device go on', async () => {
    await deploy('temperature', '0');
    await deploy('trap', '1');
    await deploy('busy-loop', '2');
    await expect.poll(() => monitoringError('1'), { timeout: 5_000 }).toMatch(/^trap in tick\(\): memory access out of bounds/);
    await expect.poll(() => monitoringError('2'), { timeout: 5_000 }).toMatch(new RegExp(`^watchdog: tick\\(\\) ran for more than ${WATCHDOG_MS} ms`));
    expect(await get(SM, '1', 'Activation_State')).toBe('false');
    expect(await get(SM, '2', 'Activation_State')).toBe('false');
    const log = await shell('log 30');
    expect(log).toMatch(/trap.*failed \(error 1\): trap in tick\(\)/);
    expect(log).toMatch(/busy-loop.*failed \(error 2\): watchdog/);
    expect(await get(SM, '0', 'Activation_State')).toBe('true');
    expect(await monitoringError('0')).toBe('');
    expect((await observeTemperature(2)).every((value) => value > 10 && value < 35)).toBe(true);
    expect(Number(await get('Device', '0', 'Memory_Free'))).toBeGreaterThan(0);
  });

  it('runs the TinyML examples: sine-anomaly scores the model against sin(x), keyword-spotter reports a class and its score', async () => {
    const outputs: WorkloadOutput[] = [];
    device.runtime.bus.onOutput((output) => outputs.push(output));
    // Faster than the examples' own periods, so the test does not wait for seconds.
    await deploy('sine-anomaly', '0', { period_ms: 50 });
    await deploy('keyword-spotter', '1', { period_ms: 100 });
    const of = (service: string, key: string): number[] => outputs.filter((o) => o.service === service && o.key === key).map((o) => o.value);
    await expect.poll(() => of('sine-anomaly', 'anomaly').length, { timeout: 5_000 }).toBeGreaterThanOrEqual(8);
    await expect.poll(() => of('keyword-spotter', 'class').length, { timeout: 5_000 }).toBeGreaterThanOrEqual(2);
    for (const y of of('sine-anomaly', 'y')) expect(Math.abs(y)).toBeLessThan(1.3);
    // hello_world approximates sin(x) to about 0.1; a score near 1 would mean a broken pipeline.
    for (const score of of('sine-anomaly', 'anomaly')) expect(score).toBeLessThan(0.2);
    expect(new Set(of('sine-anomaly', 'y')).size).toBeGreaterThan(3);
    for (const index of of('keyword-spotter', 'class')) expect([0, 1, 2, 3]).toContain(index);
    for (const score of of('keyword-spotter', 'score')) {
      expect(score).toBeGreaterThanOrEqual(0);
      expect(score).toBeLessThanOrEqual(1);
    }
    const generic = await client.request({ level: 'object', thing: 'dev', object: 'Generic_Sensor' }, 'GET');
    expect(generic.sdfObject?.['Generic_Sensor']?.length).toBe(2);
    expect(await shell('log 40')).not.toMatch(/model_load|inference failed|failed \(error/);
  });
});
