/**
 * The everyday kubectl verbs on a device node, end to end: the real kubectl against the
 * in-process Kubernetes API server, which proxies logs, exec and node stats to the
 * VirtualKubelet's own kubelet API (TLS, one port per node) as kube-apiserver does; the
 * kubelet reaches the simulated device through the gateway and SDF over MQTT (aedes).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoreV1Api, type V1Pod } from '@kubernetes/client-node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { VirtualKubelet } from '../kubelet/index.js';
import { SdfClient, SoftwareManagementClient } from '../sdf-models/index.js';
import type { SimulatedDevice } from '../firmware-sim/index.js';
import type { Harness } from './harness.js';
import { startKubeApiServer, type KubeApiServer } from './support/kube-api-server.js';
import { startSdfGateway, type SdfGateway } from './support/sdf-gateway.js';
import { startAedes, type TestBroker } from './support/mqtt-brokers.js';
import { storeArtifact } from './support/layout-store.js';
import { TEMPERATURE_SERVICE } from './support/services.js';

const KUBECTL = '/usr/bin/kubectl';
const NODE = 'farside-dev';
const kubectlMissing = !existsSync(KUBECTL);

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

describe.skipIf(kubectlMissing)('kubectl get, describe, logs, exec and node stats on a device node', () => {
  let broker: TestBroker;
  let api: KubeApiServer;
  let h: Harness;
  let gateway: SdfGateway;
  let sdf: SdfClient;
  let dir: string;
  let kubeconfig: string;
  let kubelet: VirtualKubelet | undefined;
  let device: SimulatedDevice;

  const kubectl = (...args: string[]): Promise<Run> =>
    new Promise((resolve) => {
      // Asynchronous on purpose: the API server and the kubelet run in this process.
      execFile(KUBECTL, ['--kubeconfig', kubeconfig, '--cache-dir', join(dir, 'cache'), ...args], { timeout: 20_000 }, (err, stdout, stderr) =>
        resolve({ code: err === null ? 0 : typeof err.code === 'number' ? err.code : 1, stdout, stderr }),
      );
    });
  const podStatus = (name: string) => api.objects('pods', 'default').find((p) => p.metadata.name === name)?.status as V1Pod['status'] | undefined;

  beforeAll(async () => {
    broker = await startAedes();
  });
  afterAll(() => broker.close());

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'farside-kubectl-'));
    api = await startKubeApiServer();
    kubeconfig = await api.writeKubeconfig(dir);
    gateway = await startSdfGateway(broker.url, { requestTimeoutMs: 5_000 });
    ({ h, client: sdf } = gateway);
    device = await h.device('dev', { seed: 7, workloadPeriodMs: 100, tickIntervalMs: 200 });
    // A port range of its own, so that test files running at once do not meet.
    const firstPort = 20_000 + Math.floor(Math.random() * 20_000);
    kubelet = new VirtualKubelet({ sdf, kubeConfig: api.kubeConfig(), nodeAddress: '127.0.0.1', api: { host: '127.0.0.1', firstPort, lastPort: firstPort + 50 }, removeAfterMs: 500, leaseRenewMs: 1_000, statusPeriodMs: 500 });
    await kubelet.start();
    await expect.poll(() => api.objects('nodes').map((n) => n.metadata.name)).toEqual([NODE]);
    const image = await storeArtifact(join(dir, 'store'), 'temperature', TEMPERATURE_SERVICE);
    const pod: V1Pod = { metadata: { name: 'temp', namespace: 'default' }, spec: { nodeName: NODE, containers: [{ name: 'main', image, imagePullPolicy: 'IfNotPresent' }] } };
    await api.kubeConfig().makeApiClient(CoreV1Api).createNamespacedPod({ namespace: 'default', body: pod });
    await expect.poll(() => podStatus('temp')?.phase, { timeout: 8_000 }).toBe('Running');
  });

  afterEach(async () => {
    await kubelet?.stop();
    kubelet = undefined;
    await gateway.close();
    await api.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('shows the pod Running on its node and describes it with the kubelet\'s events', async () => {
    const shown = await kubectl('get', 'pod', 'temp', '-o', 'jsonpath={.status.phase} {.spec.nodeName} {.status.containerStatuses[0].ready} {.status.containerStatuses[0].containerID}');
    expect(shown.stdout).toBe('Running farside-dev true embserve://dev/0');
    const described = await kubectl('describe', 'pod', 'temp');
    expect(described.code).toBe(0);
    expect(described.stdout).toMatch(/Pulled\s+.*Successfully pulled image/);
    expect(described.stdout).toMatch(/Started\s+.*Started container main as workload 0 \(temperature 1\.0\.0\) on dev/);
  });

  it('prints the workload\'s device log lines with kubectl logs, without the device prefix', async () => {
    const logs = await kubectl('logs', 'temp', '--tail', '5');
    expect(logs.code).toBe(0);
    expect(logs.stdout).toMatch(/activated on the native engine/);
    expect(logs.stdout).not.toMatch(/\/9\/0/);
  });

  it('runs a command in the device shell with kubectl exec, and a failing one exits non-zero', async () => {
    const knobs = await kubectl('exec', 'temp', '--', 'mlsysops', 'knobs', 'list');
    expect(knobs).toMatchObject({ code: 0, stdout: expect.stringMatching(/^TX_PWR=MED \(LOW\|MED\|HIGH\)$/m) as unknown });
    const set = await kubectl('exec', 'temp', '--', 'mlsysops', 'knobs', 'set', 'TX_PWR', 'LOUD');
    expect(set.code).toBe(1);
    expect(set.stdout).toMatch(/^error: /);
  });

  it('serves the node\'s stats through the API server proxy, with non-zero usage for the running workload', async () => {
    const raw = await kubectl('get', '--raw', `/api/v1/nodes/${NODE}/proxy/stats/summary`);
    expect(raw.code).toBe(0);
    const summary = JSON.parse(raw.stdout) as { node: { nodeName: string }; pods: { podRef: { name: string }; cpu: { usageNanoCores: number }; memory: { workingSetBytes: number } }[] };
    expect(summary.node.nodeName).toBe(NODE);
    expect(summary.pods.map((p) => p.podRef.name)).toEqual(['temp']);
    expect(summary.pods[0]?.cpu.usageNanoCores).toBeGreaterThan(0);
    expect(summary.pods[0]?.memory.workingSetBytes).toBeGreaterThan(0);
    const metrics = await kubectl('get', '--raw', `/api/v1/nodes/${NODE}/proxy/metrics/resource`);
    expect(metrics.stdout).toMatch(/^container_memory_working_set_bytes\{container="main",namespace="default",pod="temp"\} [1-9]/m);
  });

  it('counts a device reboot as a container restart', async () => {
    // Long enough for a few status reads (every 500 ms here), so that the kubelet has seen the workload's uptime grow.
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    await device.reboot();
    await expect.poll(() => podStatus('temp')?.containerStatuses?.[0]?.restartCount, { timeout: 15_000 }).toBe(1);
    expect(podStatus('temp')?.containerStatuses?.[0]?.lastState?.terminated?.reason).toBe('DeviceRebooted');
    expect(podStatus('temp')?.phase).toBe('Running');
    expect((await new SoftwareManagementClient(sdf).list('dev')).map((w) => w.instance)).toEqual([0]);
  });

  it('turns the node of a vanished device NotReady, then deletes it with its pods', async () => {
    await device.stop();
    await expect.poll(() => api.objects('nodes').length, { timeout: 10_000 }).toBe(0);
    expect(api.objects('pods', 'default')).toEqual([]);
  });
});
