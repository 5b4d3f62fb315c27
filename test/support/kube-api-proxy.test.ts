import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoreV1Api } from '@kubernetes/client-node';
import { generate } from 'selfsigned';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startKubeApiServer, type KubeApiServer } from './kube-api-server.js';
import { freePort } from './processes.js';

const KUBECTL = '/usr/bin/kubectl';

interface KubectlRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

let tls: { key: string; cert: string };
let dir: string;
let api: KubeApiServer;
let kubelet: https.Server;
/** Requests the stand-in kubelet got, as path and query. */
let seen: string[];
/** Answers of the stand-in kubelet, by path; anything else is 404. */
let routes: Map<string, (response: ServerResponse) => void>;

beforeAll(async () => {
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], { keySize: 2048 });
  tls = { key: pems.private, cert: pems.cert };
});
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'farside-proxy-'));
  api = await startKubeApiServer();
  seen = [];
  routes = new Map();
  kubelet = https.createServer(tls, (request, response) => {
    const url = new URL(request.url ?? '/', 'https://kubelet.invalid');
    seen.push(`${url.pathname}${url.search}`);
    const route = routes.get(url.pathname);
    if (route === undefined) response.writeHead(404).end('404 page not found\n');
    else route(response);
  });
  await new Promise<void>((resolve) => kubelet.listen(0, '127.0.0.1', resolve));
});
afterEach(async () => {
  await api.close();
  kubelet.closeAllConnections();
  await new Promise<void>((resolve) => kubelet.close(() => resolve()));
  await rm(dir, { recursive: true, force: true });
});

async function createNodeAndPod(kubeletPort: number): Promise<string> {
  const core = api.kubeConfig().makeApiClient(CoreV1Api);
  await core.createNamespace({ body: { metadata: { name: 'apps' } } });
  await core.createNode({ body: { metadata: { name: 'dev-1' } } });
  await core.replaceNodeStatus({
    name: 'dev-1',
    body: { metadata: { name: 'dev-1' }, status: { addresses: [{ type: 'Hostname', address: 'dev-1' }, { type: 'InternalIP', address: '127.0.0.1' }], daemonEndpoints: { kubeletEndpoint: { Port: kubeletPort } } } },
  });
  await core.createNamespacedPod({ namespace: 'apps', body: { metadata: { name: 'blink' }, spec: { nodeName: 'dev-1', containers: [{ name: 'app', image: 'example/app' }] } } });
  return api.writeKubeconfig(dir);
}

function kubectl(kubeconfig: string, args: readonly string[], onStdout?: (text: string) => void): Promise<KubectlRun> {
  return new Promise((resolve) => {
    // Asynchronous on purpose: the server runs in this process.
    const child = execFile(KUBECTL, ['--kubeconfig', kubeconfig, '--cache-dir', join(dir, 'cache'), ...args], { timeout: 20_000 }, (err, stdout, stderr) => {
      resolve({ code: err === null ? 0 : typeof err.code === 'number' ? err.code : -1, stdout, stderr });
    });
    if (onStdout !== undefined) child.stdout?.setEncoding('utf8').on('data', onStdout);
  });
}

function kubeletPort(): number {
  return (kubelet.address() as AddressInfo).port;
}

describe('the kubelet subresources in discovery', () => {
  it('lists pods/log, pods/exec and nodes/proxy', async () => {
    const list = (await (await fetch(`${api.url}/api/v1`)).json()) as { resources: { name: string }[] };
    expect(list.resources.map((r) => r.name)).toEqual(expect.arrayContaining(['pods/log', 'pods/exec', 'nodes/proxy']));
  });
});

const kubectlMissing = !existsSync(KUBECTL);
describe.skipIf(kubectlMissing)(kubectlMissing ? `kubectl through the kubelet proxy (skipped: ${KUBECTL} not found)` : 'kubectl through the kubelet proxy', () => {
  it('shows a pod log from the kubelet of its node, passing the log options on', async () => {
    routes.set('/containerLogs/apps/blink/app', (response) => response.writeHead(200, { 'content-type': 'text/plain' }).end('booted\nblinking\n'));
    const kubeconfig = await createNodeAndPod(kubeletPort());
    const run = await kubectl(kubeconfig, ['logs', '-n', 'apps', 'blink', '--tail', '5', '--timestamps']);
    expect(run).toMatchObject({ code: 0, stdout: 'booted\nblinking\n' });
    expect(seen).toEqual(['/containerLogs/apps/blink/app?tailLines=5&timestamps=true']);
  });

  it('follows a pod log as the kubelet writes it', async () => {
    let writeMore = (): void => undefined;
    routes.set('/containerLogs/apps/blink/app', (response) => {
      response.writeHead(200, { 'content-type': 'text/plain' }).write('line 1\n');
      writeMore = () => response.end('line 2\n');
    });
    const kubeconfig = await createNodeAndPod(kubeletPort());
    let printed = '';
    const run = kubectl(kubeconfig, ['logs', '-f', '-n', 'apps', 'blink'], (text) => {
      printed += text;
      // The second line is written only once kubectl has shown the first.
      if (printed === 'line 1\n') writeMore();
    });
    expect(await run).toMatchObject({ code: 0, stdout: 'line 1\nline 2\n' });
    expect(seen).toEqual(['/containerLogs/apps/blink/app?follow=true']);
  });

  it('forwards a node proxy request to the kubelet path', async () => {
    routes.set('/stats/summary', (response) => response.writeHead(200, { 'content-type': 'application/json' }).end('{"node":{"nodeName":"dev-1"}}'));
    const kubeconfig = await createNodeAndPod(kubeletPort());
    const run = await kubectl(kubeconfig, ['get', '--raw', '/api/v1/nodes/dev-1/proxy/stats/summary']);
    expect(run).toMatchObject({ code: 0, stdout: '{"node":{"nodeName":"dev-1"}}' });
  });

  it('says a pod that does not exist is not found', async () => {
    const kubeconfig = await createNodeAndPod(kubeletPort());
    const logs = await kubectl(kubeconfig, ['logs', '-n', 'apps', 'nope']);
    expect(logs.code).toBe(1);
    expect(logs.stderr).toContain('pods "nope" not found');
    const exec = await kubectl(kubeconfig, ['exec', '-n', 'apps', 'nope', '--', 'ls']);
    expect(exec.code).toBe(1);
    expect(exec.stderr).toContain('pods "nope" not found');
    expect(seen).toEqual([]);
  });

  it('reports a kubelet that cannot be reached as an error dialing the backend', async () => {
    const kubeconfig = await createNodeAndPod(await freePort());
    const logs = await kubectl(kubeconfig, ['logs', '-n', 'apps', 'blink']);
    expect(logs.code).toBe(1);
    expect(logs.stderr).toMatch(/error dialing backend: .*ECONNREFUSED/);
    const exec = await kubectl(kubeconfig, ['exec', '-n', 'apps', 'blink', '--', 'ls']);
    expect(exec.code).toBe(1);
    expect(exec.stderr).toMatch(/error dialing backend: .*ECONNREFUSED/);
  });

  it('passes on the kubelet refusing an exec upgrade', async () => {
    const kubeconfig = await createNodeAndPod(kubeletPort());
    const exec = await kubectl(kubeconfig, ['exec', '-n', 'apps', 'blink', '--', 'ls']);
    expect(exec.code).toBe(1);
    expect(seen.map((s) => s.split('?')[0])).toContain('/exec/apps/blink/app');
    expect(seen.find((s) => s.startsWith('/exec/'))).toBe('/exec/apps/blink/app?command=ls&stdout=1&stderr=1');
  });
});
