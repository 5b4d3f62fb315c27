/**
 * A knob turned by each path (the CLI, the HTTP API, an MLSysOps event over MQTT) shows in the
 * RSSI telemetry that Prometheus scrapes: TelemetryBridge /metrics, parsed with a real
 * Prometheus text-format parser, on a simulated device through the gateway (aedes).
 */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { Command } from 'commander';
import mqtt from 'mqtt';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { registerKnobsCommand } from '../cli/commands/knobs.js';
import { KnobClient, KnobEventsMqtt, KnobsApi, TelemetryBridge, knobEventTopic, knobResultTopic, serveMetrics } from '../kubelet/index.js';
import { DeviceShellClient, SdfClient } from '../sdf-models/index.js';
import type { Harness } from './harness.js';
import { startSdfGateway, type SdfGateway } from './support/sdf-gateway.js';
import { startAedes, type TestBroker } from './support/mqtt-brokers.js';

/** Long enough that the link's random walk stays put: RSSI then moves only with TX_PWR. */
const FROZEN_TICK_MS = 3_600_000;

describe('knob changes made through every path are visible in the RSSI telemetry', () => {
  let broker: TestBroker;
  let h: Harness;
  let gateway: SdfGateway;
  let client: SdfClient;
  let bridge: TelemetryBridge;
  let metricsUrl: string;
  let closeMetrics: () => Promise<void>;

  const scrapedRssi = async (): Promise<number | undefined> => {
    const families = parsePrometheusTextFormat(await (await fetch(metricsUrl)).text());
    const family = families.find((f) => f.name === 'farside_device_rssi_dbm');
    const sample = family?.metrics.find((m) => m.labels?.['thing'] === 'dev');
    return sample === undefined ? undefined : Number(sample.value);
  };

  beforeAll(async () => {
    broker = await startAedes();
  });
  afterAll(() => broker.close());

  beforeEach(async () => {
    gateway = await startSdfGateway(broker.url, { requestTimeoutMs: 5_000 });
    ({ h, client: client } = gateway);
    const announced = once(client, 'announce');
    await h.device('dev', { seed: 11, tickIntervalMs: FROZEN_TICK_MS });
    await announced;
    bridge = new TelemetryBridge({ sdf: client, intervalMs: 200 });
    await bridge.start();
    const server = await serveMetrics(bridge, { port: 0, host: '127.0.0.1' });
    metricsUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
    closeMetrics = () => new Promise<void>((resolve) => server.close(() => resolve()));
  });
  afterEach(async () => {
    await closeMetrics();
    await bridge.stop();
    await gateway.close();
  });

  it('moves the scraped RSSI by the TX power each path sets: CLI HIGH, HTTP LOW, MQTT event MED', async () => {
    await expect.poll(scrapedRssi).toBeTypeOf('number');
    const med = (await scrapedRssi())!;

    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const program = new Command().exitOverride();
    registerKnobsCommand(program);
    await program.parseAsync(['knobs', 'dev', 'set', 'TX_PWR', 'HIGH', '--mqtt-url', broker.url], { from: 'user' });
    vi.restoreAllMocks();
    await expect.poll(scrapedRssi).toBe(med + 8);

    const knobs = new KnobClient(new DeviceShellClient(client));
    const api = new KnobsApi({ knobs, port: 0 });
    const { port } = await api.start();
    try {
      const reply = await fetch(`http://127.0.0.1:${port}/v1/things/dev/knobs/TX_PWR`, { method: 'PUT', body: JSON.stringify({ value: 'LOW' }) });
      expect(reply.status).toBe(200);
    } finally {
      await api.close();
    }
    await expect.poll(scrapedRssi).toBe(med - 8);

    const events = new KnobEventsMqtt({ knobs, url: broker.url });
    await events.start();
    const agent = await mqtt.connectAsync(broker.url, { protocolVersion: 4 });
    try {
      await agent.subscribeAsync(knobResultTopic('dev'), { qos: 1 });
      const result = new Promise<Buffer>((resolve) => agent.once('message', (_topic, bytes) => resolve(bytes)));
      await agent.publishAsync(knobEventTopic('dev'), JSON.stringify({ event: 'CONTROL_KNOB_EVENT', payload: { control_knob: 'TX_PWR', action: 'SET', value: 'MED' } }), { qos: 1 });
      expect(JSON.parse((await result).toString())).toMatchObject({ ok: true, value: 'MED' });
    } finally {
      await agent.endAsync(true);
      await events.close();
    }
    await expect.poll(scrapedRssi).toBe(med);
  });
});
