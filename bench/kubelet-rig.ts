/**
 * What the kubelet benches share: the in-process Kubernetes API server, the gateway with
 * its embedded broker (in this process), the simulated fleet (`farside sim`, a child) and
 * the kubelet under test (`farside kubelet`, a child, so its RSS is its own). Children are
 * killed when this process exits, however it exits.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { V1Node } from '@kubernetes/client-node';
import { LwM2mServer, SdfMqttBinding, startEmbeddedBroker, type EmbeddedBroker } from '../gateway/index.js';
import { startKubeApiServer, type KubeApiServer, type KubeObject } from '../test/support/kube-api-server.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'dist/cli/main.js');
const children = new Set<ChildProcess>();
const tempDirs = new Set<string>();
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

export const round = (n: number, digits = 2): number => Number(n.toFixed(digits));

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export const progress = (text: string): void => void process.stderr.write(`${text}\n`);

/** A fresh temporary directory, removed by `removeTempDir` or, at the latest, when this process exits. */
export async function makeTempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  tempDirs.add(dir);
  return dir;
}

export async function removeTempDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  tempDirs.delete(dir);
}

/** The children run the compiled CLI: build it, or keep an existing dist/ when the tree does not compile right now. */
export function buildCli(): void {
  progress('building dist/ (the kubelet and the fleet run the compiled CLI)');
  try {
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  } catch (err) {
    if (!existsSync(CLI)) throw err;
    progress('the build failed; running the dist/ already there');
  }
}

/**
 * The kubelet runs as deploy/kubelet.yaml runs it: with its old space capped (NODE_OPTIONS
 * there). Left to itself on a large machine, V8 lets garbage grow the heap far past the live
 * set before a major collection; BENCH_KUBELET_NODE_OPTIONS='' measures that.
 */
export const KUBELET_NODE_OPTIONS = process.env.BENCH_KUBELET_NODE_OPTIONS ?? '--max-old-space-size=256';

function farside(args: readonly string[]): ChildProcess {
  const nodeOptions = args[0] === 'kubelet' ? KUBELET_NODE_OPTIONS.split(' ').filter((o) => o !== '') : [];
  const child = spawn(process.execPath, [...nodeOptions, CLI, '--log-format=json', '--log-level=warn', ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

const isReady = (node: KubeObject): boolean => ((node.status as V1Node['status'])?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');

/** How many nodes the API server holds whose Ready condition is True. */
export function readyNodeCount(api: KubeApiServer): number {
  return api.objects('nodes').filter(isReady).length;
}

/** Resident and peak resident memory of a process, MB, from /proc (Linux). */
export async function memoryOf(pid: number): Promise<{ rssMb: number; peakRssMb: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMb: kb('VmRSS') / 1024, peakRssMb: kb('VmHWM') / 1024 };
}

export interface Rig {
  readonly api: KubeApiServer;
  readonly broker: EmbeddedBroker;
  readonly server: LwM2mServer;
  /** Starts `farside kubelet` against the API server and the broker; resolves with its process. */
  startKubelet(): Promise<ChildProcess>;
  close(): Promise<void>;
}

/** Starts everything but the kubelet, and resolves once all `devices` are registered. */
export async function startRig(devices: number): Promise<Rig> {
  const dir = await makeTempDir('farside-bench-');
  const api = await startKubeApiServer();
  const broker = await startEmbeddedBroker({ port: 0, host: '127.0.0.1' });
  const server = new LwM2mServer({ port: 0, address: '127.0.0.1' });
  const binding = new SdfMqttBinding(server, { url: broker.url, protocolVersion: 4 });
  await binding.start();
  const { port } = await server.start();
  const running: ChildProcess[] = [];
  const close = async (): Promise<void> => {
    await Promise.all(running.map(stopChild));
    await binding.close();
    await server.close();
    await broker.close();
    await api.close();
    await removeTempDir(dir);
  };
  try {
    const fleet = farside(['sim', '--gateway', `coap://127.0.0.1:${port}`, '--count', String(devices), '--name-prefix', 'dev-', '--lifetime', '600']);
    running.push(fleet);
    const t0 = performance.now();
    while (server.registrationCount < devices) {
      if (fleet.exitCode !== null) throw new Error(`farside sim exited with ${fleet.exitCode}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    progress(`${devices} simulated devices registered in ${round((performance.now() - t0) / 1000, 1)} s`);
  } catch (err) {
    await close();
    throw err;
  }
  const kubeconfig = await api.writeKubeconfig(dir);
  return {
    api,
    broker,
    server,
    async startKubelet() {
      const extra = (process.env.BENCH_KUBELET_ARGS ?? '').split(' ').filter((a) => a !== '');
      const kubelet = farside(['kubelet', '--kubeconfig', kubeconfig, '--mqtt-url', broker.url, '--protocol', '4', ...extra]);
      running.push(kubelet);
      await once(kubelet, 'spawn');
      return kubelet;
    },
    close,
  };
}
