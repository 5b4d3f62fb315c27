/**
 * Test helpers: a stand-in kubelet (HTTPS, self-signed) whose /exec upgrade runs a scripted
 * shell through serveExecStream, and a cluster (test API server, node, pod) that routes
 * kubectl to it, so the real kubectl can be pointed at the exec stream.
 */
import { execFile } from 'node:child_process';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { CoreV1Api } from '@kubernetes/client-node';
import { generate } from 'selfsigned';
import type { KubeApiServer } from '../../test/support/kube-api-server.js';
import { execRequestFromQuery, type ExecRequest } from './exec-request.js';
import { serveExecStream } from './exec-stream.js';
import type { ShellResult } from './provider.js';

export const KUBECTL = '/usr/bin/kubectl';

export interface SeenExec extends ExecRequest {
  readonly path: string;
  readonly upgrade: string;
}

export interface StubKubelet {
  readonly port: number;
  readonly seen: SeenExec[];
  /** What the next exec runs; a stub that answers `ok` by default. */
  run: (signal: AbortSignal) => Promise<ShellResult>;
  readonly server: https.Server;
  close(): Promise<void>;
}

export async function selfSignedCert(): Promise<{ key: string; cert: string }> {
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], { keySize: 2048 });
  return { key: pems.private, cert: pems.cert };
}

export async function startStubKubelet(tls: { key: string; cert: string }): Promise<StubKubelet> {
  const sockets = new Set<Duplex>();
  const server = https.createServer(tls);
  const stub: StubKubelet = {
    port: 0,
    seen: [],
    run: () => Promise.resolve({ output: 'ok', exitCode: 0 }),
    server,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  server.on('upgrade', (request, socket: Duplex, head: Buffer) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    const url = new URL(request.url ?? '/', 'https://kubelet.invalid');
    const exec = execRequestFromQuery(url.searchParams);
    stub.seen.push({ ...exec, path: url.pathname, upgrade: request.headers.upgrade ?? '' });
    serveExecStream(request, socket, head, { ...exec, run: (signal) => stub.run(signal) });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return Object.assign(stub, { port: (server.address() as AddressInfo).port });
}

/** A node whose kubelet is at 127.0.0.1:`port`, and pod `shell` (one container, `app`) bound to it. */
export async function createNodeAndPod(api: KubeApiServer, port: number): Promise<void> {
  const core = api.kubeConfig().makeApiClient(CoreV1Api);
  await core.createNode({ body: { metadata: { name: 'dev-1' } } });
  await core.replaceNodeStatus({
    name: 'dev-1',
    body: { metadata: { name: 'dev-1' }, status: { addresses: [{ type: 'InternalIP', address: '127.0.0.1' }], daemonEndpoints: { kubeletEndpoint: { Port: port } } } },
  });
  await core.createNamespacedPod({ namespace: 'default', body: { metadata: { name: 'shell' }, spec: { nodeName: 'dev-1', containers: [{ name: 'app', image: 'example/app' }] } } });
}

export interface KubectlRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs kubectl asynchronously (the API server runs in this process) and reports how it
 * exited instead of rejecting. `onSpawn` gets the child, to kill it mid-run.
 */
export function kubectl(kubeconfig: string, args: readonly string[], env: Record<string, string> = {}, onSpawn?: (child: ReturnType<typeof execFile>) => void): Promise<KubectlRun> {
  return new Promise((resolve) => {
    const child = execFile(KUBECTL, ['--kubeconfig', kubeconfig, ...args], { timeout: 20_000, env: { ...process.env, ...env } }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof err.code === 'number' ? err.code : -1;
      resolve({ code, stdout, stderr });
    });
    onSpawn?.(child);
  });
}
