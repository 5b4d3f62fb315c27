import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { V1Node } from '@kubernetes/client-node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SdfMqttBinding } from '../gateway/index.js';
import { NodeController } from '../kubelet/index.js';
import { SdfClient } from '../sdf-models/index.js';
import { ThingWatcher } from '../watcher/index.js';
import { Harness } from './harness.js';
import { startKubeApiServer, type KubeApiServer, type KubeObject } from './support/kube-api-server.js';
import { startAedes, type TestBroker } from './support/mqtt-brokers.js';

const KUBECTL = '/usr/bin/kubectl';
const readyOf = (node: KubeObject | undefined) => ((node?.status as V1Node['status'])?.conditions ?? []).find((c) => c.type === 'Ready')?.status;

function kubectl(kubeconfig: string, cacheDir: string, ...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    // Asynchronous on purpose: the API server runs in this process.
    execFile(KUBECTL, ['--kubeconfig', kubeconfig, '--cache-dir', cacheDir, ...args], { timeout: 15_000 }, (err, stdout, stderr) => (err ? reject(new Error(`kubectl ${args.join(' ')}: ${stderr}`)) : resolve(stdout)));
  });
}

describe('devices become Kubernetes nodes through the watcher and the node controller', () => {
  let broker: TestBroker;
  let api: KubeApiServer;
  let h: Harness;
  let binding: SdfMqttBinding;
  let client: SdfClient;
  const running: { watcher: ThingWatcher; controller: NodeController }[] = [];

  /** The Ready status each node had when the controller was about to delete it. */
  const readyWhenDeleted = new Map<string, string | undefined>();
  const kubelet = async (): Promise<NodeController> => {
    const beforeDelete = (name: string): void => void readyWhenDeleted.set(name, readyOf(api.objects('nodes').find((n) => n.metadata.name === name)));
    const controller = new NodeController({ kubeConfig: api.kubeConfig(), leaseRenewMs: 100, removeAfterMs: 300, beforeDelete });
    const watcher = new ThingWatcher({ source: client, sink: controller, requestTimeoutMs: 3_000 });
    running.push({ watcher, controller });
    await watcher.start();
    return controller;
  };
  const stopKubelets = async (): Promise<void> => {
    for (const { watcher, controller } of running.splice(0)) {
      await watcher.stop();
      controller.stop();
    }
  };
  const nodeNames = () => api.objects('nodes').map((n) => n.metadata.name).sort();

  beforeAll(async () => {
    broker = await startAedes();
  });
  afterAll(() => broker.close());

  beforeEach(async () => {
    readyWhenDeleted.clear();
    api = await startKubeApiServer();
    h = await new Harness({ requestTimeoutMs: 1_500 }).start();
    binding = new SdfMqttBinding(h.server, { url: broker.url, protocolVersion: 4 });
    await binding.start();
    client = new SdfClient({ url: broker.url, protocolVersion: 4, requestTimeoutMs: 4_000, reconnectPeriodMs: 300 });
    await client.start();
  });
  afterEach(async () => {
    await stopKubelets();
    await client.close();
    await h.close();
    await binding.close();
    await api.close();
  });

  it('makes a Ready FITA node per device, turns a stopped one NotReady then deletes it, and a kubelet restart adds no duplicates', async () => {
    await kubelet();
    const leaving = await h.device('dev-1');
    await h.device('dev-2');
    await expect.poll(nodeNames).toEqual(['farside-dev-1', 'farside-dev-2']);
    await expect.poll(() => api.objects('nodes').map(readyOf)).toEqual(['True', 'True']);
    for (const node of api.objects('nodes')) {
      expect(node.metadata.labels).toMatchObject({ 'extra.resources.fhp/embserve': 'true', 'extra.resources.fhp/temperature': 'true', 'extra.resources.fhp/tinyml': 'true' });
      expect((node.spec as V1Node['spec'])?.taints).toContainEqual({ key: 'fita.fhp.pt/type', value: 'far-edge', effect: 'NoSchedule' });
    }

    await leaving.stop();
    await expect.poll(nodeNames).toEqual(['farside-dev-2']);
    expect(readyWhenDeleted).toEqual(new Map([['farside-dev-1', 'False']]));
    const count = api.objects('nodes').length;

    await stopKubelets();
    await kubelet();
    expect(api.objects('nodes')).toHaveLength(count);
    expect(nodeNames()).toEqual(['farside-dev-2']);
    expect(readyOf(api.objects('nodes')[0])).toBe('True');
  });

  const kubectlMissing = !existsSync(KUBECTL);
  it.skipIf(kubectlMissing)(kubectlMissing ? `kubectl lists the nodes (skipped: ${KUBECTL} not found)` : 'kubectl lists the nodes', async () => {
    await kubelet();
    await h.device('dev-1');
    await h.device('dev-2');
    await expect.poll(nodeNames).toEqual(['farside-dev-1', 'farside-dev-2']);
    const dir = await mkdtemp(join(tmpdir(), 'farside-kubectl-'));
    try {
      const kubeconfig = await api.writeKubeconfig(dir);
      const listed = JSON.parse(await kubectl(kubeconfig, join(dir, 'cache'), 'get', 'nodes', '-o', 'json')) as { items: V1Node[] };
      expect(listed.items.map((n) => n.metadata?.name).sort()).toEqual(['farside-dev-1', 'farside-dev-2']);
      expect(listed.items.every((n) => n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'))).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
