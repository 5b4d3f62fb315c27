/**
 * The device shell client against a simulated embServe node through the gateway and SDF
 * over MQTT (aedes): what `kubectl exec` and `kubectl logs` stand on.
 */
import { once } from 'node:events';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ERROR_CODES, FarsideError } from '../errors/index.js';
import { DeviceShellClient, SdfClient } from '../sdf-models/index.js';
import type { Harness } from './harness.js';
import { startSdfGateway, type SdfGateway } from './support/sdf-gateway.js';
import { startAedes, type TestBroker } from './support/mqtt-brokers.js';

describe('DeviceShellClient on a simulated device through the gateway', () => {
  let broker: TestBroker;
  let h: Harness;
  let gateway: SdfGateway;
  let client: SdfClient;
  let shell: DeviceShellClient;

  beforeAll(async () => {
    broker = await startAedes();
  });
  afterAll(() => broker.close());

  beforeEach(async () => {
    gateway = await startSdfGateway(broker.url, { requestTimeoutMs: 5_000 });
    ({ h, client: client } = gateway);
    shell = new DeviceShellClient(client);
    const announced = once(client, 'announce');
    await h.device('dev', { seed: 7 });
    await announced;
  });
  afterEach(async () => {
    await gateway.close();
  });

  it('runs a knob command on the device and returns its reply', async () => {
    expect(await shell.run('dev', 'mlsysops knobs set TX_PWR low')).toEqual({ output: 'TX_PWR=LOW', exitCode: 0 });
    expect(await shell.run('dev', 'mlsysops knobs get TX_PWR')).toEqual({ output: 'TX_PWR=LOW', exitCode: 0 });
  });

  it('reports a command the device refuses with exit code 1', async () => {
    const result = await shell.run('dev', 'frobnicate now');
    expect(result.exitCode).toBe(1);
    expect(result.output).toMatch(/^error: unknown command "frobnicate"/);
  });

  it('gives every one of many concurrent commands its own reply', async () => {
    const knobs = ['LOW', 'MED', 'HIGH', 'LOW', 'HIGH'];
    const replies = await Promise.all(knobs.map((value) => shell.run('dev', `mlsysops knobs set TX_PWR ${value}`)));
    expect(replies.map((r) => r.output)).toEqual(knobs.map((value) => `TX_PWR=${value}`));
  });

  it('reads the recent device log, which records knob changes', async () => {
    await shell.run('dev', 'mlsysops knobs set TX_PWR high');
    const lines = await shell.recentLog('dev', 200);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.length).toBeLessThanOrEqual(200);
    expect(lines.at(-1)).toMatch(/^\[\d{2,}:\d{2}:\d{2}\.\d{3}\] .*TX_PWR.*HIGH/);
    expect(await shell.recentLog('dev', 1)).toEqual([lines.at(-1)]);
  });

  it('rejects with NOT_FOUND for a thing the gateway does not know', async () => {
    const err = await shell.run('ghost', 'help').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FarsideError);
    expect((err as FarsideError).code).toBe(ERROR_CODES.NOT_FOUND);
  });
});
