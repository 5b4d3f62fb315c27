/**
 * The telemetry bridge end to end: simulated devices through the gateway and its SDF
 * binding on aedes, a workload deployed with Software Management, and /metrics read with a
 * real Prometheus text-format parser.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import parsePrometheusTextFormat, { type PrometheusFamily } from 'parse-prometheus-text-format';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TelemetryBridge, serveMetrics } from '../kubelet/index.js';
import { DeviceShellClient, SdfClient, SoftwareManagementClient } from '../sdf-models/index.js';
import type { Harness } from './harness.js';
import { startSdfGateway, type SdfGateway } from './support/sdf-gateway.js';
import { startAedes, type TestBroker } from './support/mqtt-brokers.js';
import { TEMPERATURE_SERVICE } from './support/services.js';

interface Series {
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

describe('the telemetry bridge exports every device through /metrics', () => {
  let broker: TestBroker;
  let h: Harness;
  let gateway: SdfGateway;
  let sdf: SdfClient;
  let bridge: TelemetryBridge;
  let server: Server;
  let families: PrometheusFamily[] = [];

  const scrape = async (): Promise<PrometheusFamily[]> => {
    const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    families = parsePrometheusTextFormat(await response.text());
    return families;
  };
  const series = async (name: string): Promise<Series[]> =>
    ((await scrape()).find((family) => family.name === name)?.metrics ?? []).map((m) => ({ labels: m.labels ?? {}, value: Number(m.value) }));
  const rssiOf = async (thing: string): Promise<number | undefined> => (await series('farside_device_rssi_dbm')).find((s) => s.labels['thing'] === thing)?.value;

  beforeAll(async () => {
    broker = await startAedes();
  });
  afterAll(() => broker.close());

  beforeEach(async () => {
    gateway = await startSdfGateway(broker.url, { requestTimeoutMs: 3_000 });
    ({ h, client: sdf } = gateway);
    await h.device('dev', { seed: 42, workloadPeriodMs: 100, tickIntervalMs: 200 });
    bridge = new TelemetryBridge({ sdf, intervalMs: 200, nodePrefix: 'farside' });
    await bridge.start();
    server = await serveMetrics(bridge, { port: 0, host: '127.0.0.1' });
  });
  afterEach(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await bridge.stop();
    await gateway.close();
  });

  it('shows each device\'s RSSI and link quality with its thing and node labels, with HELP texts', async () => {
    await h.device('dev-2', { seed: 7, tickIntervalMs: 200 });
    await expect.poll(async () => (await series('farside_device_rssi_dbm')).map((s) => s.labels).sort((a, b) => String(a['thing']).localeCompare(String(b['thing'])))).toEqual([
      { thing: 'dev', node: 'farside-dev' },
      { thing: 'dev-2', node: 'farside-dev-2' },
    ]);
    for (const { value } of await series('farside_device_rssi_dbm')) {
      expect(value).toBeLessThan(0);
      expect(value).toBeGreaterThan(-120);
    }
    const quality = await series('farside_device_link_quality');
    expect(quality.map((s) => s.labels['node']).sort()).toEqual(['farside-dev', 'farside-dev-2']);
    const rssi = families.find((f) => f.name === 'farside_device_rssi_dbm');
    expect(rssi).toMatchObject({ type: 'GAUGE', help: expect.stringContaining('dBm') as unknown });
  });

  it('shows a deployed workload\'s CPU, memory and uptime under its name, and the device\'s own load', async () => {
    const status = await new SoftwareManagementClient(sdf, { pollIntervalMs: 50 }).deploy('dev', Buffer.from(JSON.stringify(TEMPERATURE_SERVICE)));
    const labels = { thing: 'dev', node: 'farside-dev', workload: 'temperature', sdf_instance: String(status.instance) };
    for (const name of ['farside_workload_cpu_ratio', 'farside_workload_memory_bytes', 'farside_workload_uptime_seconds']) {
      await expect.poll(async () => (await series(name)).find((s) => s.labels['workload'] === 'temperature')?.value ?? 0, { timeout: 5_000 }).toBeGreaterThan(0);
      expect((await series(name)).map((s) => s.labels)).toEqual([labels]);
    }
    const cpu = (await series('farside_workload_cpu_ratio'))[0]!.value;
    expect(cpu).toBeLessThanOrEqual(1);
    expect(await series('farside_workload_up')).toEqual([{ labels, value: 1 }]);
    expect((await series('farside_workload_memory_bytes'))[0]!.value).toBeGreaterThan(1024);
    expect((await series('farside_device_memory_bytes'))[0]!.value).toBeGreaterThan((await series('farside_workload_memory_bytes'))[0]!.value);
    expect(await series('farside_workload_error_info')).toEqual([]);
  });

  it('shows the board\'s sensors and the workload\'s output instance as sensor values with their units', async () => {
    await expect.poll(async () => (await series('farside_sensor_value')).some((s) => s.labels['object'] === 'Temperature' && s.labels['sdf_instance'] === '0')).toBe(true);
    await new SoftwareManagementClient(sdf, { pollIntervalMs: 50 }).deploy('dev', Buffer.from(JSON.stringify(TEMPERATURE_SERVICE)));
    const output = async (): Promise<Series | undefined> => (await series('farside_sensor_value')).find((s) => s.labels['object'] === 'Temperature' && s.labels['sdf_instance'] === '1');
    await expect.poll(output, { timeout: 5_000 }).toBeDefined();
    const first = (await output())!;
    expect(first.labels).toMatchObject({ thing: 'dev', node: 'farside-dev' });
    expect(first.value).toBeGreaterThan(10);
    expect(first.value).toBeLessThan(35);
    const board = (await series('farside_sensor_value')).find((s) => s.labels['object'] === 'Temperature' && s.labels['sdf_instance'] === '0')!;
    expect(board.labels['unit']).not.toBe('');
    // Observed, not just announced: the workload writes a new value every 100 ms.
    await expect.poll(async () => (await output())?.value, { timeout: 5_000 }).not.toBe(first.value);
  });

  it('drops every series of a device that leaves, and keeps the others', async () => {
    const leaving = await h.device('dev-2', { seed: 7, tickIntervalMs: 200 });
    await expect.poll(() => rssiOf('dev-2')).toBeDefined();
    await expect.poll(async () => (await series('farside_sensor_value')).some((s) => s.labels['thing'] === 'dev-2')).toBe(true);
    await leaving.stop();
    await expect.poll(async () => (await scrape()).flatMap((f) => f.metrics).filter((m) => m.labels?.['thing'] === 'dev-2')).toEqual([]);
    expect(await rssiOf('dev')).toBeDefined();
    expect(bridge.things()).toEqual(['dev']);
  });

  it('sees the RSSI rise when the TX power knob is turned from MED to HIGH through the device shell', async () => {
    const shell = new DeviceShellClient(sdf);
    await expect.poll(() => rssiOf('dev')).toBeDefined();
    expect((await shell.run('dev', 'mlsysops knobs get TX_PWR')).output).toContain('MED');
    const before = (await rssiOf('dev'))!;
    expect((await shell.run('dev', 'mlsysops knobs set TX_PWR HIGH')).output).toContain('HIGH');
    // +8 dB from the knob; the link's own walk moves at most 2 dB per 200 ms tick.
    await expect.poll(() => rssiOf('dev'), { timeout: 3_000 }).toBeGreaterThanOrEqual(before + 5);
  });

  it('answers /healthz, and 404 or 405 elsewhere', async () => {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    expect(await (await fetch(`${base}/healthz`)).text()).toBe('ok\n');
    expect((await fetch(`${base}/nothing`)).status).toBe(404);
    expect((await fetch(`${base}/metrics`, { method: 'POST' })).status).toBe(405);
  });
});
