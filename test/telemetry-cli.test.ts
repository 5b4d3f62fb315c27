/**
 * `farside telemetry` as a process: help, bad options, and a running bridge serving
 * /metrics for a device behind the gateway, stopped by SIGTERM.
 */
import { once } from 'node:events';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { afterEach, describe, expect, it } from 'vitest';
import { durationMsOption } from '../cli/commands/telemetry.js';
import { SdfMqttBinding } from '../gateway/index.js';
import { Harness } from './harness.js';
import { startAedes, type TestBroker } from './support/mqtt-brokers.js';
import { farside, killFarsideChildren, runFarside } from './support/farside-process.js';
import { freePort } from './support/processes.js';

const run = runFarside;

describe('farside telemetry', () => {
  const closers: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    killFarsideChildren();
    for (const close of closers.splice(0).reverse()) await close();
  });

  it('explains its options in --help', async () => {
    const { code, stdout } = await run(['telemetry', '--help']);
    expect(code).toBe(0);
    for (const option of ['--mqtt-url', '--mqtt-prefix', '--protocol', '--metrics-port', '--metrics-host', '--otlp-endpoint', '--interval', '--node-prefix']) expect(stdout).toContain(option);
  });

  it('refuses a bad interval or protocol with a clear message', async () => {
    const interval = await run(['telemetry', '--interval', 'soon']);
    expect(interval.code).not.toBe(0);
    expect(interval.stderr).toContain('"soon" is not a duration');
    const protocol = await run(['telemetry', '--protocol', '3']);
    expect(protocol.code).not.toBe(0);
    expect(protocol.stderr).toContain('must be 4');
  });

  it('reads durations in ms, s and m, and plain milliseconds', () => {
    expect([durationMsOption('15s'), durationMsOption('200ms'), durationMsOption('1m'), durationMsOption('1500'), durationMsOption('0.5s')]).toEqual([15_000, 200, 60_000, 1_500, 500]);
    expect(() => durationMsOption('5ms')).toThrow(/at least 10ms/);
  });

  it('serves the RSSI of a device on /metrics until it gets SIGTERM', async () => {
    const broker: TestBroker = await startAedes();
    closers.push(() => broker.close());
    const h = await new Harness({ requestTimeoutMs: 2_000 }).start();
    closers.push(() => h.close());
    const binding = new SdfMqttBinding(h.server, { url: broker.url, protocolVersion: 4 });
    await binding.start();
    closers.push(() => binding.close());
    await h.device('dev', { seed: 42, tickIntervalMs: 200 });
    const port = await freePort();
    const child = farside(['--log-format', 'json', 'telemetry', '--mqtt-url', broker.url, '--metrics-port', String(port), '--metrics-host', '127.0.0.1', '--interval', '200ms', '--node-prefix', 'edge']);
    const rssi = async (): Promise<unknown> => {
      const text = await fetch(`http://127.0.0.1:${port}/metrics`).then((r) => r.text(), () => '');
      return parsePrometheusTextFormat(text).find((f) => f.name === 'farside_device_rssi_dbm')?.metrics[0]?.labels;
    };
    await expect.poll(rssi, { timeout: 10_000 }).toEqual({ thing: 'dev', node: 'edge-dev' });
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
  });
});
