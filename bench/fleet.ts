/**
 * `npm run bench -- fleet`: N simulated devices (default 5,000) register with one
 * gateway (its own process, so only the simulator's memory is counted here). Baseline
 * in the same run: the same number of bare CoAP sockets each sending one registration,
 * i.e. what the transport alone costs.
 * Target (issue 4): 5,000 devices registered in under 10 s, under 50 KB per device.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { Fleet } from '../firmware-sim/index.js';
import { CONTENT_FORMAT, CoapUdpEndpoint, type CoapPeer } from '../lwm2m/index.js';

const DEVICES = Number(process.env.BENCH_DEVICES ?? 5000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);

const round = (n: number, digits = 2): number => Number(n.toFixed(digits));

function rssKb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().rss / 1024;
}

async function settle(): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, 300));
  return rssKb();
}

function startGateway(): Promise<{ child: ChildProcess; server: CoapPeer }> {
  const child = fork(fileURLToPath(new URL('./gateway-child.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx', '--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return once(child, 'message').then(([ready]) => ({ child, server: { address: '127.0.0.1', port: (ready as { port: number }).port } }));
}

async function stopGateway(child: ChildProcess): Promise<void> {
  child.send({ cmd: 'stop' });
  await once(child, 'exit');
}

/** N sockets, one bare registration each: the floor under what a fleet can do. */
async function bareRegistrations(server: CoapPeer, count: number): Promise<{ seconds: number; rssKbPerSocket: number }> {
  const before = await settle();
  const endpoints: CoapUdpEndpoint[] = [];
  const t0 = performance.now();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const n = next++;
      const endpoint = new CoapUdpEndpoint({ address: '127.0.0.1' });
      endpoints.push(endpoint);
      await endpoint.start();
      const payload = new TextEncoder().encode('</>;ct="60 110 112 11542",</1/0>,</3/0>');
      await endpoint.request(server, { method: 'POST', path: ['rd'], query: [`ep=bare-${n}`, 'lt=600', 'lwm2m=1.1'], contentFormat: CONTENT_FORMAT.LINK_FORMAT, payload });
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - t0) / 1000;
  const after = await settle();
  await Promise.all(endpoints.map((e) => e.close()));
  return { seconds, rssKbPerSocket: (after - before) / count };
}

export async function main(): Promise<void> {
  const baselineGateway = await startGateway();
  const bare = await bareRegistrations(baselineGateway.server, DEVICES);
  await stopGateway(baselineGateway.child);

  const { child, server } = await startGateway();
  const warm = new Fleet({ server, count: 20, namePrefix: 'warm-', lifetimeS: 600 });
  await warm.start();
  await warm.stop();

  const before = await settle();
  let shown = 0;
  const fleet = new Fleet({
    server,
    count: DEVICES,
    namePrefix: 'fleet-',
    lifetimeS: 600,
    concurrency: CONCURRENCY,
    onProgress: (done) => {
      if (done - shown >= 250 || done === DEVICES) process.stderr.write(`\rregistered ${(shown = done)}/${DEVICES}`);
    },
  });
  const t0 = performance.now();
  await fleet.start();
  const seconds = (performance.now() - t0) / 1000;
  process.stderr.write('\n');
  const after = await settle();
  await fleet.stop();
  await stopGateway(child);

  const perDevice = (after - before) / DEVICES;
  process.stdout.write(
    JSON.stringify({
      bench: 'fleet',
      devices: DEVICES,
      sim_rss_kb_per_device: round(perDevice, 1),
      all_registered_s: round(seconds),
      baseline_bare_sockets_s: round(bare.seconds),
      baseline_bare_rss_kb_per_socket: round(bare.rssKbPerSocket, 1),
      ratio_time_to_bare: round(seconds / bare.seconds),
      ratio_rss_to_bare: round(perDevice / bare.rssKbPerSocket),
      target_met: seconds < 10 && perDevice < 50,
    }) + '\n',
  );
}
