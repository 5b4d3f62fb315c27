/**
 * The telemetry bridge across a broker outage: the broker restarts on the same port, the
 * gateway and the bridge's client reconnect, and the bridge observes its devices again.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SdfMqttBinding } from '../gateway/index.js';
import { TelemetryBridge, serveMetrics } from '../kubelet/index.js';
import { DeviceShellClient, SdfClient } from '../sdf-models/index.js';
import { Harness } from './harness.js';
import { startAedes, type TestBroker } from './support/mqtt-brokers.js';

describe('the telemetry bridge after an MQTT broker outage', () => {
  let broker: TestBroker;
  let h: Harness;
  let binding: SdfMqttBinding;
  let sdf: SdfClient;
  let bridge: TelemetryBridge;
  let server: Server;

  const rssiOf = async (thing: string): Promise<number | undefined> => {
    const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`);
    const family = parsePrometheusTextFormat(await response.text()).find((f) => f.name === 'farside_device_rssi_dbm');
    const value = family?.metrics.find((m) => m.labels?.['thing'] === thing)?.value;
    return value === undefined ? undefined : Number(value);
  };

  const bothReconnected = (): Promise<unknown> =>
    Promise.all([
      new Promise<void>((resolve) => sdf.on('ready', ({ reconnect }) => reconnect && resolve())),
      new Promise<void>((resolve) => binding.on('connected', ({ reconnect }) => reconnect && resolve())),
    ]);

  beforeAll(async () => {
    broker = await startAedes();
  });
  afterAll(() => broker.close());

  beforeEach(async () => {
    h = await new Harness({ requestTimeoutMs: 2_000 }).start();
    binding = new SdfMqttBinding(h.server, { url: broker.url, protocolVersion: 4, reconnectPeriodMs: 100 });
    await binding.start();
    sdf = new SdfClient({ url: broker.url, protocolVersion: 4, requestTimeoutMs: 3_000, reconnectPeriodMs: 100 });
    await sdf.start();
    await h.device('dev', { seed: 42, tickIntervalMs: 200 });
    // A long interval: after the outage only observations (not periodic reads) can bring RSSI changes.
    bridge = new TelemetryBridge({ sdf, intervalMs: 60_000, requestTimeoutMs: 1_000 });
    await bridge.start();
    server = await serveMetrics(bridge, { port: 0, host: '127.0.0.1' });
  });
  afterEach(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await bridge.stop();
    await sdf.close();
    await h.close();
    await binding.close();
  });

  it('follows RSSI through observations again once the broker is back', async () => {
    await expect.poll(() => rssiOf('dev')).toBeDefined();
    const reconnected = bothReconnected();
    await broker.restart();
    await reconnected;
    const before = (await rssiOf('dev'))!;
    await new DeviceShellClient(sdf).run('dev', 'mlsysops knobs set TX_PWR HIGH');
    await expect.poll(() => rssiOf('dev'), { timeout: 5_000 }).toBeGreaterThanOrEqual(before + 5);
    expect(bridge.things()).toEqual(['dev']);
  });

  it('drops a device that left during the outage once the bridge reconciles', async () => {
    const leaving = await h.device('dev-2', { seed: 7, tickIntervalMs: 200 });
    await expect.poll(() => rssiOf('dev-2')).toBeDefined();
    await broker.close();
    await leaving.stop();
    const reconnected = bothReconnected();
    await broker.restart();
    await reconnected;
    await expect.poll(() => rssiOf('dev-2'), { timeout: 5_000 }).toBeUndefined();
    expect(await rssiOf('dev')).toBeDefined();
  });
});
