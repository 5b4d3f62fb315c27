/**
 * Pods on farside nodes run as embServe workloads: the gateway, its SDF binding on aedes,
 * a simulated device, the watcher, NodeController and PodController against the in-process
 * Kubernetes API server, with images in an OCI image-layout store.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppsV1Api, CoreV1Api, PatchStrategy, setHeaderOptions, type V1Deployment, type V1Pod } from '@kubernetes/client-node';
import { AdapterServer, adapterConfigFromEnv } from '../adapters/index.js';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ADAPTER_LABELS, INSTANCE_ANNOTATION, NodeController, PodController, withPods } from '../kubelet/index.js';
import { SdfClient, SoftwareManagementClient } from '../sdf-models/index.js';
import { ThingWatcher } from '../watcher/index.js';
import type { Harness } from './harness.js';
import { startKubeApiServer, type KubeApiServer, type KubeObject } from './support/kube-api-server.js';
import { startSdfGateway, type SdfGateway } from './support/sdf-gateway.js';
import { startAedes, type TestBroker } from './support/mqtt-brokers.js';
import { SdfDevice } from './support/sdf-device.js';
import { storeArtifact } from './support/layout-store.js';
import { TEMPERATURE_SERVICE } from './support/services.js';

const NODE = 'farside-dev';
/** A TinyML arena of 300 KB: more RAM than an nRF52840 has for workloads. */
const TOO_BIG_FOR_RAM = { ...TEMPERATURE_SERVICE, name: 'kws', model: { file: 'kws.tflite', tensor_arena_size: 307_200 } };

const podOn = (name: string, image: string): V1Pod => ({
  metadata: { name, namespace: 'default' },
  spec: { nodeName: NODE, terminationGracePeriodSeconds: 30, containers: [{ name: 'main', image }] },
});

describe('pods bound to a farside node run as workloads on its device', () => {
  let broker: TestBroker;
  let api: KubeApiServer;
  let h: Harness;
  let gateway: SdfGateway;
  let sdf: SdfClient;
  let workloads: SoftwareManagementClient;
  let store: string;
  let core: CoreV1Api;
  const running: { watcher: ThingWatcher; nodes: NodeController; pods: PodController }[] = [];

  const kubelet = async (): Promise<PodController> => {
    const nodes = new NodeController({ kubeConfig: api.kubeConfig(), leaseRenewMs: 1_000 });
    const pods = new PodController({ kubeConfig: api.kubeConfig(), workloads, rewatchDelayMs: 100 });
    const watcher = new ThingWatcher({ source: sdf, sink: withPods(nodes, pods), requestTimeoutMs: 3_000 });
    running.push({ watcher, nodes, pods });
    await watcher.start();
    return pods;
  };
  const stopKubelets = async (): Promise<void> => {
    for (const { watcher, nodes, pods } of running.splice(0)) {
      await watcher.stop();
      pods.stop();
      await pods.idle();
      nodes.stop();
    }
  };
  const pod = (name: string): KubeObject | undefined => api.objects('pods', 'default').find((p) => p.metadata.name === name);
  const annotationOf = (name: string): string | undefined => (pod(name)?.metadata.annotations as Record<string, string> | undefined)?.[INSTANCE_ANNOTATION];
  const statusOf = (name: string) => pod(name)?.status as V1Pod['status'] | undefined;

  beforeAll(async () => {
    broker = await startAedes();
  });
  afterAll(() => broker.close());

  beforeEach(async () => {
    store = await mkdtemp(join(tmpdir(), 'farside-pods-'));
    api = await startKubeApiServer();
    core = api.kubeConfig().makeApiClient(CoreV1Api);
    gateway = await startSdfGateway(broker.url, { requestTimeoutMs: 5_000 });
    ({ h, client: sdf } = gateway);
    await h.device('dev', { seed: 42, workloadPeriodMs: 100, tickIntervalMs: 200 });
    workloads = new SoftwareManagementClient(sdf, { pollIntervalMs: 50 });
  });
  afterEach(async () => {
    await stopKubelets();
    await gateway.close();
    await api.close();
    await rm(store, { recursive: true, force: true });
  });

  it('runs the temperature service from an oci-layout image, and removes it from the device when the pod is deleted', async () => {
    const image = await storeArtifact(store, 'temperature', TEMPERATURE_SERVICE);
    await kubelet();
    await expect.poll(() => api.objects('nodes').map((n) => n.metadata.name)).toEqual([NODE]);
    await core.createNamespacedPod({ namespace: 'default', body: podOn('temp', image) });

    await expect.poll(() => statusOf('temp')?.phase, { timeout: 8_000 }).toBe('Running');
    const status = statusOf('temp');
    expect(status?.containerStatuses?.[0]).toMatchObject({ name: 'main', ready: true, state: { running: { startedAt: expect.any(String) as unknown } } });
    expect(annotationOf('temp')).toBe('0');
    expect((await workloads.list('dev')).map((w) => [w.name, w.active])).toEqual([['temperature', true]]);
    expect(await new SdfDevice(sdf, 'dev').shell('services')).toContain('temperature');

    await core.deleteNamespacedPod({ namespace: 'default', name: 'temp', gracePeriodSeconds: 30 });
    await expect.poll(() => pod('temp'), { timeout: 8_000 }).toBeUndefined();
    expect(await workloads.list('dev')).toEqual([]);
  });

  it('gives a pod with adapter annotations its Deployment and Service, takes the adapter\'s IP once it is ready, and removes them with the pod', async () => {
    const image = await storeArtifact(store, 'temperature', TEMPERATURE_SERVICE);
    await kubelet();
    await expect.poll(() => api.objects('nodes').length).toBe(1);
    const annotations = { 'communication-adapter.fita/image': 'ghcr.io/farside/http-adapter:1.0', 'communication-adapter.fita/ports': '8080', 'communication-adapter.fita/service-name': 'temp-api' };
    await core.createNamespacedPod({ namespace: 'default', body: { ...podOn('temp', image), metadata: { name: 'temp', namespace: 'default', annotations } } });
    await expect.poll(() => api.objects('deployments', 'default').map((d) => d.metadata.name), { timeout: 8_000 }).toEqual(['temp-api']);
    // The Service follows the Deployment: look for it the same way.
    await expect.poll(() => api.objects('services', 'default').map((d) => d.metadata.name), { timeout: 8_000 }).toEqual(['temp-api']);

    // Run the adapter as its pod would, from the environment the kubelet gave the Deployment: it answers for the device.
    const container = (api.objects('deployments', 'default')[0] as V1Deployment).spec?.template.spec?.containers[0];
    const env = Object.fromEntries((container?.env ?? []).map((e) => [e.name, e.value ?? '']));
    const config = adapterConfigFromEnv({ ...env, FARSIDE_MQTT_URL: broker.url, FARSIDE_ADAPTER_PORT: '0' });
    expect(config).toMatchObject({ thing: 'dev', port: 0 });
    const adapter = new AdapterServer({ sdf, thing: config.thing, port: config.port, host: '127.0.0.1' });
    const port = await adapter.start();
    try {
      const reply = await fetch(`http://127.0.0.1:${port}/v1/Temperature/0/Sensor_Value`);
      expect(reply.status).toBe(200);
      expect(typeof ((await reply.json()) as { value: unknown }).value).toBe('number');
    } finally {
      await adapter.close();
    }
    await expect.poll(() => statusOf('temp')?.conditions?.find((c) => c.type === 'farside.io/AdapterReady')?.reason, { timeout: 8_000 }).toBe('AdapterPending');
    expect(statusOf('temp')).toMatchObject({ phase: 'Running', conditions: expect.arrayContaining([{ type: 'Ready', status: 'False', lastTransitionTime: expect.anything() as unknown }]) as unknown });

    // No controllers run in the test API server: play the Deployment controller and the adapter's kubelet.
    const merge = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
    await api.kubeConfig().makeApiClient(AppsV1Api).patchNamespacedDeploymentStatus({ name: 'temp-api', namespace: 'default', body: { status: { replicas: 1, readyReplicas: 1, availableReplicas: 1 } } }, merge);
    await core.createNamespacedPod({ namespace: 'default', body: { metadata: { name: 'temp-api-5c9d', labels: { [ADAPTER_LABELS.NAME]: 'farside-adapter', [ADAPTER_LABELS.MANAGED_BY]: 'farside', [ADAPTER_LABELS.FOR]: 'temp' } }, spec: { nodeName: 'worker-1', containers: [{ name: 'adapter', image: 'x' }] } } });
    await core.patchNamespacedPodStatus({ name: 'temp-api-5c9d', namespace: 'default', body: { status: { phase: 'Running', podIP: '10.244.1.7', conditions: [{ type: 'Ready', status: 'True' }] } } }, merge);
    await expect.poll(() => statusOf('temp')?.podIP, { timeout: 8_000 }).toBe('10.244.1.7');
    expect(statusOf('temp')?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');

    await core.deleteNamespacedPod({ namespace: 'default', name: 'temp', gracePeriodSeconds: 30 });
    await expect.poll(() => pod('temp'), { timeout: 8_000 }).toBeUndefined();
    expect(api.objects('deployments', 'default')).toEqual([]);
    expect(api.objects('services', 'default')).toEqual([]);
    expect(await workloads.list('dev')).toEqual([]);
  });

  it('fails a pod whose package needs more RAM than the device has, saying the Update Result', async () => {
    const image = await storeArtifact(store, 'kws', TOO_BIG_FOR_RAM);
    await kubelet();
    await expect.poll(() => api.objects('nodes').length).toBe(1);
    await core.createNamespacedPod({ namespace: 'default', body: podOn('kws', image) });

    await expect.poll(() => statusOf('kws')?.phase, { timeout: 8_000 }).toBe('Failed');
    expect(statusOf('kws')).toMatchObject({ reason: 'PackageRefused', message: expect.stringMatching(/51 out of memory/) as unknown });
    expect(annotationOf('kws')).toBeUndefined();
    expect(await workloads.list('dev')).toEqual([]);
  });

  it('does not deploy a pod again after a kubelet restart, and fails an image that is not in the store', async () => {
    const image = await storeArtifact(store, 'temperature', TEMPERATURE_SERVICE);
    await kubelet();
    await expect.poll(() => api.objects('nodes').length).toBe(1);
    await core.createNamespacedPod({ namespace: 'default', body: podOn('temp', image) });
    await expect.poll(() => statusOf('temp')?.phase, { timeout: 8_000 }).toBe('Running');

    await stopKubelets();
    const pods = await kubelet();
    await core.createNamespacedPod({ namespace: 'default', body: podOn('missing', `oci-layout:${store}:absent`) });
    await expect.poll(() => statusOf('missing')?.phase, { timeout: 8_000 }).toBe('Failed');
    await pods.idle();
    expect(statusOf('missing')?.reason).toBe('ImagePullFailed');
    expect((await workloads.list('dev')).map((w) => w.instance)).toEqual([0]);
    expect(statusOf('temp')?.phase).toBe('Running');
  });
});
