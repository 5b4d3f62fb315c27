/**
 * `npm run bench -- fleet`: a Fleet of N simulated devices (default 5,000; BENCH_DEVICES)
 * registers with one gateway (its own process). Figures: time until every device is
 * registered, and the simulator's RSS per device once settled. Baseline in the same run:
 * the same number of bare CoAP sockets each sending one registration, i.e. what the
 * transport alone costs. Target (issue 4): 5,000 devices in under 10 s, under 50 KB each.
 */
import { execFileSync, fork, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CONTENT_FORMAT, CoapUdpEndpoint, type CoapPeer } from '../lwm2m/index.js';

const DEVICES = Number(process.env.BENCH_DEVICES ?? 5000);
const CONCURRENCY = 64;
const ROOT = fileURLToPath(new URL('..', import.meta.url));

const round = (n: number, digits = 2): number => Number(n.toFixed(digits));

function rssKb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().rss / 1024;
}

async function startGateway(): Promise<{ child: ChildProcess; server: CoapPeer; registrations: () => Promise<number> }> {
  const child = fork(fileURLToPath(new URL('./gateway-child.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx', '--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const [ready] = (await once(child, 'message')) as [{ port: number }];
  const registrations = async (): Promise<number> => {
    child.send({ cmd: 'count' });
    for (;;) {
      const [msg] = (await once(child, 'message')) as [{ kind: string; registrations: number }];
      if (msg.kind === 'count') return msg.registrations;
    }
  };
  return { child, server: { address: '127.0.0.1', port: ready.port }, registrations };
}

async function stopGateway(child: ChildProcess): Promise<void> {
  child.send({ cmd: 'stop' });
  await once(child, 'exit');
}

/**
 * The fleet runs in a plain `node` process on the compiled modules (as `farside sim` does;
 * tsx's keep-names transform would add a property bag to every closure and inflate the
 * figure), with --expose-gc so the RSS is measured in steady state, not mid-garbage.
 */
const FLEET_CHILD = `
const { Fleet } = await import(process.env.FARSIDE_DIST + '/firmware-sim/index.js');
const settle = async () => { await new Promise((r) => setTimeout(r, 500)); gc(); gc(); return process.memoryUsage().rss / 1024; };
const [address, port] = [process.env.GATEWAY_ADDRESS, Number(process.env.GATEWAY_PORT)];
const warm = new Fleet({ server: { address, port }, count: 1, namePrefix: 'warm-', lifetimeS: 600 });
await warm.start();
const before = await settle();
const fleet = new Fleet({ server: { address, port }, count: Number(process.env.DEVICES), namePrefix: 'fleet-', lifetimeS: 600, concurrency: 64,
  onProgress: (done, total) => { if (done % 250 === 0 || done === total) process.stderr.write('\\rregistered ' + done + '/' + total); } });
const t0 = performance.now();
await fleet.start();
const seconds = (performance.now() - t0) / 1000;
process.stderr.write('\\n');
const after = await settle();
process.stdout.write(JSON.stringify({ seconds, rssKbPerDevice: (after - before) / Number(process.env.DEVICES), rssKb: after }) + '\\n');
await fleet.stop();
await warm.stop();
`;

async function simulate(count: number): Promise<{ seconds: number; rssKbPerDevice: number; rssKb: number }> {
  const gateway = await startGateway();
  const child = spawn(process.execPath, ['--expose-gc', '--input-type=module', '-e', FLEET_CHILD], {
    env: { ...process.env, FARSIDE_DIST: pathToFileURL(`${ROOT}dist`).href, GATEWAY_ADDRESS: '127.0.0.1', GATEWAY_PORT: String(gateway.server.port), DEVICES: String(count) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number];
  await stopGateway(gateway.child);
  if (code !== 0) throw new Error(`fleet process exited with ${code}`);
  return JSON.parse(out.trim().split('\n').pop()!) as { seconds: number; rssKbPerDevice: number; rssKb: number };
}

/** N sockets, one bare registration each: the floor under what a fleet can do. */
async function bareRegistrations(count: number): Promise<{ seconds: number; rssKbPerSocket: number }> {
  const gateway = await startGateway();
  const before = rssKb();
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
      await endpoint.request(gateway.server, { method: 'POST', path: ['rd'], query: [`ep=bare-${n}`, 'lt=600', 'lwm2m=1.1'], contentFormat: CONTENT_FORMAT.LINK_FORMAT, payload });
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - t0) / 1000;
  await new Promise((resolve) => setTimeout(resolve, 300));
  const after = rssKb();
  await Promise.all(endpoints.map((e) => e.close()));
  await stopGateway(gateway.child);
  return { seconds, rssKbPerSocket: (after - before) / count };
}

export async function main(): Promise<void> {
  process.stderr.write('building dist/ (the bench runs the compiled CLI)\n');
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  const bare = await bareRegistrations(DEVICES);
  const fleet = await simulate(DEVICES);
  const perDevice = fleet.rssKbPerDevice;
  process.stdout.write(
    JSON.stringify({
      bench: 'fleet',
      devices: DEVICES,
      sim_rss_kb_per_device: round(perDevice, 1),
      all_registered_s: round(fleet.seconds),
      sim_rss_mb_total: round(fleet.rssKb / 1024, 1),
      baseline_bare_sockets_s: round(bare.seconds),
      baseline_bare_rss_kb_per_socket: round(bare.rssKbPerSocket, 1),
      ratio_time_to_bare: round(fleet.seconds / bare.seconds),
      ratio_rss_to_bare: round(perDevice / bare.rssKbPerSocket),
      target_met: fleet.seconds < 10 && perDevice < 50,
    }) + '\n',
  );
}
