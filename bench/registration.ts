import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { Fleet } from '../firmware-sim/index.js';
import { CoapUdpEndpoint, type CoapPeer } from '../lwm2m/index.js';

const DEVICES = Number(process.env.BENCH_DEVICES ?? 1000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);

interface Memory {
  rssKb: number;
  heapUsedKb: number;
  registrations?: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const round = (n: number, digits = 2): number => Number(n.toFixed(digits));

async function request<T>(child: ChildProcess, cmd: string, kind: string): Promise<T> {
  child.send({ cmd });
  for (;;) {
    const [msg] = (await once(child, 'message')) as [{ kind: string } & T];
    if (msg.kind === kind) return msg;
  }
}

/** Baseline: a bare CoAP round trip to the same gateway (4.04 for an unknown path). */
async function coapRoundTrips(server: CoapPeer, count: number): Promise<number[]> {
  const client = new CoapUdpEndpoint({ address: '127.0.0.1' });
  await client.start();
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    await client.request(server, { method: 'GET', path: ['ping'] });
    times.push(performance.now() - t0);
  }
  await client.close();
  return times.sort((a, b) => a - b);
}

export async function main(): Promise<void> {
  const child = fork(fileURLToPath(new URL('./gateway-child.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx', '--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const [ready] = (await once(child, 'message')) as [{ kind: 'ready'; port: number } & Memory];
  const server: CoapPeer = { address: '127.0.0.1', port: ready.port };

  // Warm both sides up so JIT compilation does not count against the first devices.
  const warm = new Fleet({ server, count: 20, namePrefix: 'warm-', lifetimeS: 600 });
  await warm.start();
  await warm.stop();
  const baseline = await coapRoundTrips(server, 200);
  const before = await request<Memory>(child, 'measure', 'memory');

  const latencies: number[] = [];
  const fleet = new Fleet({ server, count: DEVICES, namePrefix: 'bench-', lifetimeS: 600, concurrency: CONCURRENCY });
  for (const device of fleet.devices) {
    let t0 = 0;
    device.once('registered', () => latencies.push(performance.now() - t0));
    const start = device.start.bind(device);
    device.start = () => {
      t0 = performance.now();
      return start();
    };
  }
  let shown = 0;
  const t0 = performance.now();
  const progress = setInterval(() => {
    if (latencies.length !== shown) process.stderr.write(`\rregistered ${(shown = latencies.length)}/${DEVICES}`);
  }, 100);
  await fleet.start();
  const elapsedMs = performance.now() - t0;
  clearInterval(progress);
  process.stderr.write(`\rregistered ${latencies.length}/${DEVICES}\n`);

  const after = await request<Memory>(child, 'measure', 'memory');
  await fleet.stop();
  child.send({ cmd: 'stop' });
  await once(child, 'exit');

  latencies.sort((a, b) => a - b);
  const p50 = percentile(latencies, 50);
  const result = {
    bench: 'registration',
    devices: DEVICES,
    registered: after.registrations,
    concurrency: CONCURRENCY,
    elapsed_ms: round(elapsedMs, 1),
    registrations_per_s: round((DEVICES / elapsedMs) * 1000, 1),
    p50_ms: round(p50),
    p99_ms: round(percentile(latencies, 99)),
    max_ms: round(latencies[latencies.length - 1] ?? NaN),
    gateway_rss_kb_per_device: round((after.rssKb - before.rssKb) / DEVICES),
    gateway_heap_kb_per_device: round((after.heapUsedKb - before.heapUsedKb) / DEVICES),
    baseline_coap_rtt_p50_ms: round(percentile(baseline, 50), 3),
    p50_ratio_to_coap_rtt: round(p50 / percentile(baseline, 50), 1),
    fita_reported_ms_per_registration: 1080,
    speedup_vs_fita_reported: round(1080 / p50, 0),
  };
  process.stdout.write(JSON.stringify(result) + '\n');
}
