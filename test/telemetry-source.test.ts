/**
 * The telemetry bridge against a fake SDF source: re-observation after a reconnection,
 * no overlapping requests to one thing, and failures counted rather than thrown.
 */
import { EventEmitter } from 'node:events';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { afterEach, describe, expect, it } from 'vitest';
import { ERROR_CODES, FarsideError } from '../errors/index.js';
import { TelemetryBridge, type TelemetrySource } from '../kubelet/index.js';
import type { SdfClientEvents, SdfNotificationListener, SdfObjects, SdfObservableTopic, SdfObservation, SdfOperation, SdfResponse, SdfTopic } from '../sdf-models/index.js';

const DESCRIPTION: SdfObjects = {
  Connectivity_Monitoring: [{ label: '0', sdfProperty: { Radio_Signal_Strength: '-70', Link_Quality: '109' } }],
  Software_Package_Monitoring: [{ label: '0', sdfProperty: { Sofware_Package: 'Device/0', CPU_Usage: '12.5', Memory_Usage: '40960', Uptime: '5000', Error: '' } }],
};

/** Answers like a gateway with one thing, `dev`; `slowMs` delays every reply. */
class FakeSource extends EventEmitter<SdfClientEvents> {
  readonly starts: string[] = [];
  readonly stops: string[] = [];
  listeners_: SdfNotificationListener[] = [];
  requests = 0;
  inFlight = 0;
  maxInFlight = 0;
  slowMs = 0;
  failReads = false;

  onAnnounce(listener: (things: Record<string, { sdfObject: SdfObjects }>) => void): () => void {
    this.on('announce', listener);
    return () => this.off('announce', listener);
  }
  onUnregister(listener: (thing: string) => void): () => void {
    this.on('unregister', listener);
    return () => this.off('unregister', listener);
  }
  things(): Promise<SdfResponse> {
    return Promise.resolve({ response_code: 69, things: { dev: { sdfObject: DESCRIPTION } } });
  }
  async request(topic: SdfTopic | 'things', operation: SdfOperation): Promise<SdfResponse> {
    this.requests++;
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await new Promise((resolve) => setTimeout(resolve, this.slowMs));
      if (topic === 'things') return this.things();
      if (operation === 'STOP_OBSERVE') return { response_code: 68 };
      if (this.failReads && topic.level === 'object') throw new FarsideError(ERROR_CODES.TIMEOUT, 'no reply in time');
      if (topic.level === 'thing') return { response_code: 69, sdfObject: DESCRIPTION };
      if (topic.level === 'object') return { response_code: 69, sdfObject: { [topic.object]: DESCRIPTION[topic.object] ?? [] } };
      return { response_code: 132 };
    } finally {
      this.inFlight--;
    }
  }
  async observe(topic: SdfObservableTopic, listener: SdfNotificationListener): Promise<SdfObservation> {
    const name = `${topic.object}/${topic.instance}`;
    this.starts.push(name);
    await this.request(topic, 'START_OBSERVE');
    this.listeners_.push(listener);
    return {
      response: { response_code: 69, sdfObject: { [topic.object]: DESCRIPTION[topic.object] ?? [] } },
      stop: async () => {
        this.stops.push(name);
        this.listeners_ = this.listeners_.filter((l) => l !== listener);
        await this.request(topic, 'STOP_OBSERVE');
      },
    };
  }
  notifyRssi(value: string): void {
    for (const listener of this.listeners_) listener({ dev: { sdfObject: { Connectivity_Monitoring: [{ label: '0', sdfProperty: { Radio_Signal_Strength: value } }] } }, seq: 1, ts: Date.now() }, 'dev/Connectivity_Monitoring/0');
  }
}

const valueOf = async (bridge: TelemetryBridge, name: string, labels: Record<string, string> = {}): Promise<number | undefined> => {
  const family = parsePrometheusTextFormat(await bridge.metricsText()).find((f) => f.name === name);
  const sample = family?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
  return sample?.value === undefined ? undefined : Number(sample.value);
};

describe('the telemetry bridge with a fake SDF source', () => {
  let bridge: TelemetryBridge | undefined;
  afterEach(() => bridge?.stop());

  it('stops and starts its observations again after the client reconnects, and follows the new notifications', async () => {
    const source = new FakeSource();
    bridge = new TelemetryBridge({ sdf: source as unknown as TelemetrySource, intervalMs: 60_000 });
    await bridge.start();
    await expect.poll(() => source.starts).toEqual(['Connectivity_Monitoring/0']);
    source.emit('ready', { reconnect: true });
    await expect.poll(() => source.starts.length).toBeGreaterThanOrEqual(2);
    expect(source.stops.length).toBeGreaterThanOrEqual(1);
    expect(source.listeners_).toHaveLength(1);
    source.notifyRssi('-55');
    expect(await valueOf(bridge, 'farside_device_rssi_dbm', { thing: 'dev' })).toBe(-55);
    // The partial notification kept the link quality from before.
    expect(await valueOf(bridge, 'farside_device_link_quality', { thing: 'dev' })).toBe(109);
  });

  it('never has two requests to one thing in flight, even with an interval shorter than a reply', async () => {
    const source = new FakeSource();
    source.slowMs = 30;
    bridge = new TelemetryBridge({ sdf: source as unknown as TelemetrySource, intervalMs: 10 });
    await bridge.start();
    await expect.poll(() => valueOf(bridge!, 'farside_device_cpu_ratio', { thing: 'dev' })).toBe(0.125);
    const seen = source.requests;
    await expect.poll(() => source.requests).toBeGreaterThanOrEqual(seen + 10);
    expect(source.maxInFlight).toBe(1);
  });

  it('counts failed reads by reason and keeps running', async () => {
    const source = new FakeSource();
    source.failReads = true;
    const warnings: string[] = [];
    const logger = { info: () => {}, debug: () => {}, error: () => {}, warn: (_f: object, message: string) => void warnings.push(message) };
    bridge = new TelemetryBridge({ sdf: source as unknown as TelemetrySource, intervalMs: 20, logger });
    await bridge.start();
    await expect.poll(() => valueOf(bridge!, 'farside_telemetry_errors_total', { thing: 'dev', reason: 'timeout' })).toBeGreaterThanOrEqual(3);
    // Rate-limited: one warning per thing and reason per minute.
    expect(warnings.filter((w) => w.includes('Software_Package_Monitoring'))).toHaveLength(1);
    source.failReads = false;
    await expect.poll(() => valueOf(bridge!, 'farside_device_memory_bytes', { thing: 'dev' })).toBe(40960);
  });
});
