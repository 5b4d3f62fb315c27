import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import mqtt from 'mqtt';
import { Fleet } from '../firmware-sim/index.js';
import type { Resource } from '../lwm2m/index.js';
import { SdfClient, notificationThings, type SdfNotification } from '../sdf-models/index.js';

const DEVICES = Number(process.env.BENCH_DEVICES ?? 200);
const NOTIFICATIONS = Number(process.env.BENCH_NOTIFICATIONS ?? 20_000);

const round = (n: number, digits = 2): number => Number(n.toFixed(digits));
const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

/**
 * Baseline: plain MQTT publish → subscriber through the same broker, with the same traffic
 * shape as the notifications: one topic per device, same payload size, each "device" sending
 * its next message once the previous one arrived.
 */
async function brokerBaseline(url: string, payloadBytes: number, perDevice: number): Promise<number> {
  const sub = await mqtt.connectAsync(url, { protocolVersion: 4 });
  const pub = await mqtt.connectAsync(url, { protocolVersion: 4 });
  (sub.stream as { setNoDelay?: (b: boolean) => void }).setNoDelay?.(true);
  (pub.stream as { setNoDelay?: (b: boolean) => void }).setNoDelay?.(true);
  await sub.subscribeAsync('baseline/+/Temperature/0', { qos: 0 });
  const waiting = new Map<string, () => void>();
  let received = 0;
  sub.on('message', (topic) => {
    received++;
    waiting.get(topic)?.();
  });
  const payload = Buffer.alloc(payloadBytes, 0x61);
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: DEVICES }, async (_, d) => {
      const topic = `baseline/dev-${d}/Temperature/0`;
      for (let i = 0; i < perDevice; i++) {
        const arrived = new Promise<void>((resolve) => waiting.set(topic, resolve));
        pub.publish(topic, payload, { qos: 0 });
        await arrived;
      }
    }),
  );
  const rate = (received / (performance.now() - t0)) * 1000;
  await sub.endAsync();
  await pub.endAsync();
  return rate;
}

export async function main(): Promise<void> {
  const child = fork(fileURLToPath(new URL('./telemetry-gateway-child.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx', ...(process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] : [])],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const [ready] = (await once(child, 'message')) as [{ coapPort: number; mqttUrl: string }];

  process.stderr.write(`starting ${DEVICES} devices\n`);
  const fleet = new Fleet({ server: { address: '127.0.0.1', port: ready.coapPort }, count: DEVICES, namePrefix: 'tel-', lifetimeS: 600, concurrency: 16 });
  for (const device of fleet.devices) {
    device.tree.addInstance(3303, { id: 0, resources: new Map<number, Resource>([[5700, { kind: 'single', id: 5700, type: 'float', value: 0 }]]) });
  }
  await fleet.start();

  const client = new SdfClient({ url: ready.mqttUrl, protocolVersion: 4, requestTimeoutMs: 30_000 });
  await client.start();
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  let received = 0;
  const waiting = new Map<string, () => void>();
  let payloadBytes = 0;
  const onNotification = (n: SdfNotification): void => {
    for (const [thing, data] of Object.entries(notificationThings(n))) {
      const value = data.sdfObject['Temperature']?.[0]?.sdfProperty?.['Sensor_Value'];
      const key = `${thing}:${String(value)}`;
      const t = sentAt.get(key);
      if (t === undefined) continue;
      sentAt.delete(key);
      latencies.push(performance.now() - t);
      received++;
      waiting.get(key)?.();
    }
  };
  let measuredSize = false;
  await Promise.all(
    fleet.devices.map((d) =>
      client.observe({ level: 'instance', thing: d.endpoint, object: 'Temperature', instance: '0' }, (n) => {
        if (!measuredSize) {
          measuredSize = true;
          payloadBytes = Buffer.byteLength(JSON.stringify(n));
        }
        onNotification(n);
      }),
    ),
  );

  // Each device sends its next value once the subscriber has the previous one (a closed loop per
  // device): all devices in parallel load the path fully without bursting one device's CoAP
  // observation, where RFC 7641 lets a newer notification supersede older ones still in flight.
  process.stderr.write(`sending ${NOTIFICATIONS} notifications\n`);
  const perDevice = Math.ceil(NOTIFICATIONS / DEVICES);
  const t0 = performance.now();
  await Promise.all(
    fleet.devices.map(async (device) => {
      for (let value = 1; value <= perDevice; value++) {
        const key = `${device.endpoint}:${value}`;
        const arrived = new Promise<void>((resolve) => waiting.set(key, resolve));
        sentAt.set(key, performance.now());
        device.tree.setValue([3303, 0, 5700], value);
        const timer = new Promise<void>((resolve) => setTimeout(resolve, 3_000).unref());
        await Promise.race([arrived, timer]);
        waiting.delete(key);
      }
    }),
  );
  const elapsed = performance.now() - t0;
  const total = perDevice * DEVICES;
  const lost = total - received;
  const rate = (received / elapsed) * 1000;

  const baseline = await brokerBaseline(ready.mqttUrl, payloadBytes || 120, perDevice);
  await client.close();
  await fleet.stop();
  child.send({ cmd: 'stop' });
  await once(child, 'exit');

  latencies.sort((a, b) => a - b);
  process.stdout.write(
    JSON.stringify({
      bench: 'telemetry',
      devices: DEVICES,
      notifications: total,
      received,
      lost,
      notification_bytes: payloadBytes,
      notifications_per_s: round(rate, 1),
      p50_ms: round(percentile(latencies, 50)),
      p99_ms: round(percentile(latencies, 99)),
      broker_baseline_per_s: round(baseline, 1),
      ratio: round(rate / baseline, 3),
    }) + '\n',
  );
}
