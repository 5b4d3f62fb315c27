/**
 * SoftwareManagementClient and the `farside sdf deploy | workloads | undeploy` commands
 * against real peers: the gateway, its SDF binding on the embedded aedes broker and a
 * simulated embServe device.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../errors/index.js';
import type { SimulatedDevice } from '../firmware-sim/index.js';
import { SdfMqttBinding } from '../gateway/index.js';
import { SdfClient, SoftwareManagementClient, SoftwareManagementError, type WorkloadStatus } from '../sdf-models/index.js';
import { Harness } from './harness.js';
import { startAedes, type TestBroker } from './support/mqtt-brokers.js';
import { TEMPERATURE_SERVICE } from './support/services.js';

const SOFTWARE_MANAGEMENT_OBJECT_ID = 9;

const bytesOf = (service: object): Uint8Array => new TextEncoder().encode(JSON.stringify(service));
const temperature = bytesOf(TEMPERATURE_SERVICE);
/** A TinyML arena of 300 KB: more RAM than an nRF52840 has for workloads. */
const tooBigForRam = bytesOf({ ...TEMPERATURE_SERVICE, name: 'kws', model: { file: 'kws.tflite', tensor_arena_size: 307_200 } });

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

describe('workloads on an embServe device through SoftwareManagementClient', () => {
  let broker: TestBroker;
  let h: Harness;
  let binding: SdfMqttBinding;
  let sdf: SdfClient;
  let device: SimulatedDevice;
  let workloads: SoftwareManagementClient;

  const instancesOnDevice = (): number[] => {
    const node = device.tree.read([SOFTWARE_MANAGEMENT_OBJECT_ID]).node;
    return node?.kind === 'object' ? [...node.instances.keys()] : [];
  };
  const memoryFree = async (): Promise<number> => {
    const response = await sdf.request({ level: 'property', thing: 'dev', object: 'Device', instance: '0', property: 'Memory_Free' }, 'GET');
    return Number(response.sdfObject?.['Device']?.[0]?.sdfProperty?.['Memory_Free']);
  };

  beforeAll(async () => {
    broker = await startAedes();
  });
  afterAll(() => broker.close());

  beforeEach(async () => {
    h = await new Harness({ requestTimeoutMs: 2_000 }).start();
    binding = new SdfMqttBinding(h.server, { url: broker.url, protocolVersion: 4 });
    await binding.start();
    sdf = new SdfClient({ url: broker.url, protocolVersion: 4, requestTimeoutMs: 5_000 });
    await sdf.start();
    device = await h.device('dev', { seed: 42, workloadPeriodMs: 100, tickIntervalMs: 200 });
    workloads = new SoftwareManagementClient(sdf, { pollIntervalMs: 50 });
  });
  afterEach(async () => {
    await sdf.close();
    await h.close();
    await binding.close();
  });

  it('deploys the FITA temperature service and reports it running, with its package and monitoring', async () => {
    const deployed = await workloads.deploy('dev', temperature);
    expect(deployed).toMatchObject({ instance: 0, name: 'temperature', version: '1.0.0', updateState: 4, updateStateName: 'INSTALLED', updateResult: 2, active: true });
    await expect.poll(async () => (await workloads.status('dev', 0)).monitoring?.cpuPercent ?? 0).toBeGreaterThan(0);
    const status = await workloads.status('dev', 0);
    expect(status.monitoring?.memoryBytes).toBeGreaterThan(1024);
    expect(status.monitoring?.error).toBe('');
    const listed = await workloads.list('dev');
    expect(listed.map((w) => [w.instance, w.name, w.active])).toEqual([[0, 'temperature', true]]);
  });

  it('refuses a package that needs more RAM than the device has, says why, and leaves no instance behind', async () => {
    const before = await memoryFree();
    const err = await rejection(workloads.deploy('dev', tooBigForRam));
    expect(err).toBeInstanceOf(SoftwareManagementError);
    expect(err).toMatchObject({ code: ERROR_CODES.INVALID_INPUT, updateResult: 51 });
    expect((err as Error).message).toMatch(/51 out of memory/);
    expect(instancesOnDevice()).toEqual([]);
    expect(await workloads.list('dev')).toEqual([]);
    expect(await memoryFree()).toBe(before);
  });

  it('removes a workload: it is gone, the device has its memory back, and removing it again is no error', async () => {
    const before = await memoryFree();
    await workloads.deploy('dev', temperature);
    expect(await memoryFree()).toBeLessThan(before);
    expect(await workloads.remove('dev', 0)).toBe(true);
    expect(instancesOnDevice()).toEqual([]);
    expect(await memoryFree()).toBe(before);
    expect(await workloads.remove('dev', 0)).toBe(false);
    expect(await rejection(workloads.status('dev', 0))).toMatchObject({ code: ERROR_CODES.NOT_FOUND });
  });

  it('gives workloads deployed at the same time, from one client or two, instances of their own', async () => {
    const other = new SoftwareManagementClient(sdf, { pollIntervalMs: 50 });
    const deployed = await Promise.all([workloads.deploy('dev', temperature), workloads.deploy('dev', temperature), other.deploy('dev', temperature)]);
    expect(deployed.map((w) => w.instance).sort()).toEqual([0, 1, 2]);
    expect(deployed.every((w) => w.active)).toBe(true);
    expect(instancesOnDevice().sort()).toEqual([0, 1, 2]);
  });

  it('installs without starting when asked, then activates and deactivates on request', async () => {
    const installed = await workloads.deploy('dev', temperature, { instance: 3, activate: false });
    expect(installed).toMatchObject({ instance: 3, updateStateName: 'INSTALLED', active: false });
    expect((await workloads.activate('dev', 3)).active).toBe(true);
    expect((await workloads.deactivate('dev', 3)).active).toBe(false);
    const taken = await rejection(workloads.deploy('dev', temperature, { instance: 3 }));
    expect(taken).toMatchObject({ code: ERROR_CODES.INVALID_INPUT, message: expect.stringMatching(/already exists/) as unknown });
    expect(instancesOnDevice()).toEqual([3]);
  });

  it('answers NOT_FOUND for a thing the gateway does not know, and refuses bad input without sending anything', async () => {
    expect(await rejection(workloads.list('nobody'))).toMatchObject({ code: ERROR_CODES.NOT_FOUND, responseCode: 132 });
    expect(await rejection(workloads.remove('nobody', 0))).toMatchObject({ code: ERROR_CODES.NOT_FOUND });
    expect(await rejection(workloads.deploy('dev', new Uint8Array()))).toMatchObject({ code: ERROR_CODES.INVALID_INPUT });
    expect(await rejection(workloads.status('dev/#', 0))).toMatchObject({ code: ERROR_CODES.INVALID_INPUT });
    expect(await rejection(workloads.activate('dev', 70_000))).toMatchObject({ code: ERROR_CODES.INVALID_INPUT });
    expect(instancesOnDevice()).toEqual([]);
  });

  it('runs deploy, workloads and undeploy as farside sdf commands, refusing a file that is not JSON', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'farside-sm-'));
    try {
      const good = join(dir, 'service.json');
      const bad = join(dir, 'broken.json');
      await writeFile(good, temperature);
      await writeFile(bad, '{"name": "broken"');
      const sdfArgs = ['sdf', '--mqtt-url', broker.url];
      const [deployed, broken, missing] = await Promise.all([
        farside([...sdfArgs, 'deploy', 'dev', good, '--instance', '2']),
        farside([...sdfArgs, 'deploy', 'dev', bad]),
        farside([...sdfArgs, 'deploy', 'dev', join(dir, 'none.json')]),
      ]);
      expect(deployed.code).toBe(0);
      expect(JSON.parse(deployed.stdout)).toMatchObject({ instance: 2, name: 'temperature', active: true });
      expect(broken.code).not.toBe(0);
      expect(broken.stderr).toMatch(/broken\.json is not a service\.json/);
      expect(missing.code).not.toBe(0);
      expect(missing.stderr).toMatch(/cannot read .*none\.json/);
      const listed = await farside([...sdfArgs, 'workloads', 'dev']);
      expect((JSON.parse(listed.stdout) as WorkloadStatus[]).map((w) => w.instance)).toEqual([2]);
      const removed = await farside([...sdfArgs, 'undeploy', 'dev', '2']);
      expect(JSON.parse(removed.stdout)).toEqual({ thing: 'dev', instance: 2, removed: true });
      expect(instancesOnDevice()).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

async function farside(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'cli/main.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}
