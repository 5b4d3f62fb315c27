/**
 * OTLP export of the telemetry bridge: an in-test OTLP/HTTP receiver decodes what the
 * OpenTelemetry exporter pushes, goes away for a while, and comes back.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SdfMqttBinding } from '../gateway/index.js';
import { OTLP_SERVICE_NAME, TelemetryBridge } from '../kubelet/index.js';
import { SdfClient } from '../sdf-models/index.js';
import { Harness } from './harness.js';
import { startAedes, type TestBroker } from './support/mqtt-brokers.js';

interface OtlpAttribute {
  readonly key: string;
  readonly value: { readonly stringValue?: string; readonly intValue?: string | number; readonly doubleValue?: number };
}
interface OtlpDataPoint {
  readonly attributes?: readonly OtlpAttribute[];
  readonly asDouble?: number;
  readonly asInt?: string | number;
}
interface OtlpMetric {
  readonly name: string;
  readonly unit?: string;
  readonly gauge?: { readonly dataPoints: readonly OtlpDataPoint[] };
  readonly sum?: { readonly dataPoints: readonly OtlpDataPoint[] };
}
interface OtlpExport {
  readonly resourceMetrics: readonly {
    readonly resource: { readonly attributes: readonly OtlpAttribute[] };
    readonly scopeMetrics: readonly { readonly metrics: readonly OtlpMetric[] }[];
  }[];
}

interface Received {
  readonly contentType: string | undefined;
  readonly tenant: string | string[] | undefined;
  readonly body: OtlpExport;
}

/** An OTLP/HTTP receiver on a fixed port that can be stopped and started again. */
class OtlpReceiver {
  readonly received: Received[] = [];
  #server: Server | undefined;
  #port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.#port}/v1/metrics`;
  }

  async start(): Promise<void> {
    const server = createServer((req, res) => void this.#handle(req).then(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{}')));
    server.listen(this.#port, '127.0.0.1');
    await once(server, 'listening');
    this.#port = (server.address() as AddressInfo).port;
    this.#server = server;
  }

  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    if (server === undefined) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async #handle(req: IncomingMessage): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.url !== '/v1/metrics' || req.method !== 'POST') return;
    this.received.push({ contentType: req.headers['content-type'], tenant: req.headers['x-tenant'], body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpExport });
  }
}

const text = (attributes: readonly OtlpAttribute[] | undefined, key: string): string | undefined => attributes?.find((a) => a.key === key)?.value.stringValue;

function rssiPoints(exported: OtlpExport): { thing: string | undefined; node: string | undefined; value: number }[] {
  return exported.resourceMetrics
    .flatMap((r) => r.scopeMetrics.flatMap((s) => s.metrics))
    .filter((m) => m.name === 'farside_device_rssi_dbm')
    .flatMap((m) => m.gauge?.dataPoints ?? [])
    .map((p) => ({ thing: text(p.attributes, 'thing'), node: text(p.attributes, 'node'), value: p.asDouble ?? Number(p.asInt) }));
}

describe('the telemetry bridge pushes OTLP metrics to a collector', () => {
  let broker: TestBroker;
  let h: Harness;
  let binding: SdfMqttBinding;
  let sdf: SdfClient;
  let receiver: OtlpReceiver;
  let bridge: TelemetryBridge;
  const warnings: string[] = [];
  const logger = { info: () => {}, debug: () => {}, error: () => {}, warn: (_fields: object, message: string) => void warnings.push(message) };

  beforeAll(async () => {
    broker = await startAedes();
  });
  afterAll(() => broker.close());

  beforeEach(async () => {
    warnings.length = 0;
    h = await new Harness({ requestTimeoutMs: 2_000 }).start();
    binding = new SdfMqttBinding(h.server, { url: broker.url, protocolVersion: 4 });
    await binding.start();
    sdf = new SdfClient({ url: broker.url, protocolVersion: 4, requestTimeoutMs: 3_000 });
    await sdf.start();
    await h.device('dev', { seed: 42, tickIntervalMs: 200 });
    receiver = new OtlpReceiver();
    await receiver.start();
    bridge = new TelemetryBridge({ sdf, intervalMs: 200, otlp: { url: receiver.url, headers: { 'x-tenant': 'farside-tests' } }, logger });
    await bridge.start();
  });
  afterEach(async () => {
    await bridge.stop();
    await receiver.stop();
    await sdf.close();
    await h.close();
    await binding.close();
  });

  it('sends the RSSI gauge as OTLP JSON with the thing and node attributes and the service name', async () => {
    await expect.poll(() => receiver.received.some((r) => rssiPoints(r.body).length > 0), { timeout: 5_000 }).toBe(true);
    const exported = receiver.received.find((r) => rssiPoints(r.body).length > 0)!;
    expect(exported.contentType).toBe('application/json');
    expect(exported.tenant).toBe('farside-tests');
    expect(rssiPoints(exported.body)).toEqual([{ thing: 'dev', node: 'farside-dev', value: expect.any(Number) as unknown }]);
    expect(rssiPoints(exported.body)[0]!.value).toBeLessThan(0);
    expect(text(exported.body.resourceMetrics[0]?.resource.attributes, 'service.name')).toBe(OTLP_SERVICE_NAME);
    const rssi = exported.body.resourceMetrics[0]!.scopeMetrics.flatMap((s) => s.metrics).find((m) => m.name === 'farside_device_rssi_dbm');
    expect(rssi?.unit).toBe('dBm');
  });

  it('logs a failed export while the collector is down and resumes exporting once it is back', async () => {
    await expect.poll(() => receiver.received.length, { timeout: 5_000 }).toBeGreaterThan(0);
    await receiver.stop();
    await expect.poll(() => warnings.some((w) => w.includes('exporting metrics')), { timeout: 5_000 }).toBe(true);
    const before = receiver.received.length;
    await receiver.start();
    await expect.poll(() => receiver.received.slice(before).some((r) => rssiPoints(r.body).some((p) => p.thing === 'dev')), { timeout: 10_000 }).toBe(true);
  });

  it('refuses an OTLP endpoint that is not an http(s) URL, before connecting anything', () => {
    expect(() => new TelemetryBridge({ sdf, otlp: { url: 'collector:4318' } })).toThrow(/otlp\.url/);
  });
});
