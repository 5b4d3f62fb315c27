/**
 * Communication adapters against the in-process Kubernetes API server. No controllers run
 * there, so the tests play the Deployment controller and the kubelet of a normal node:
 * they report an available replica and create the adapter pod with its status.
 */
import { AppsV1Api, CoreV1Api, PatchStrategy, setHeaderOptions, type V1Pod, type V1PodStatus } from '@kubernetes/client-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../errors/index.js';
import { AdapterController } from '../kubelet/adapter-controller.js';
import { ADAPTER_LABELS, adapterLabels, type AdapterContext } from '../kubelet/adapter-resources.js';
import { ADAPTER_ANNOTATIONS, adapterSpecOf, type AdapterSpec } from '../kubelet/adapter-spec.js';
import { startKubeApiServer, type KubeApiServer, type KubeObject } from './support/kube-api-server.js';

const NAMESPACE = 'default';
const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
const context: AdapterContext = { thing: 'dev', nodeName: 'farside-dev', instance: 0, mqttUrl: 'mqtt://127.0.0.1:1883' };
const annotated = { [ADAPTER_ANNOTATIONS.IMAGE]: 'ghcr.io/farside/http-adapter:1.0', [ADAPTER_ANNOTATIONS.PORTS]: '8080,9090' };

describe('communication adapters of device pods', () => {
  let api: KubeApiServer;
  let core: CoreV1Api;
  let apps: AppsV1Api;
  /** Added to the wall clock by the controller's `now`, ms. */
  let clockOffsetMs: number;
  const controller = (readyTimeoutMs = 120_000) => new AdapterController({ kubeConfig: api.kubeConfig(), readyTimeoutMs, now: () => new Date(Date.now() + clockOffsetMs) });

  beforeEach(async () => {
    api = await startKubeApiServer();
    core = api.kubeConfig().makeApiClient(CoreV1Api);
    apps = api.kubeConfig().makeApiClient(AppsV1Api);
    clockOffsetMs = 0;
  });
  afterEach(() => api.close());

  const devicePod = (name: string, annotations: Record<string, string>): Promise<V1Pod> =>
    core.createNamespacedPod({
      namespace: NAMESPACE,
      body: { metadata: { name, annotations }, spec: { nodeName: 'farside-dev', imagePullSecrets: [{ name: 'ghcr' }], containers: [{ name: 'main', image: 'oci-layout:/s:t' }] } },
    });
  const specOf = (pod: V1Pod): AdapterSpec => {
    const spec = adapterSpecOf(pod);
    if (spec === undefined) throw new Error('the pod asks for no adapter');
    return spec;
  };
  const stored = (plural: string): KubeObject[] => api.objects(plural, NAMESPACE);
  const adapterPod = async (owner: string, status: V1PodStatus): Promise<void> => {
    const name = `${owner}-adapter-7d4b9`;
    await core.createNamespacedPod({ namespace: NAMESPACE, body: { metadata: { name, labels: adapterLabels(owner) }, spec: { nodeName: 'worker-1', containers: [{ name: 'adapter', image: 'x' }] } } });
    await core.patchNamespacedPodStatus({ name, namespace: NAMESPACE, body: { status } }, mergePatch);
  };
  const reportAvailable = (name: string) => apps.patchNamespacedDeploymentStatus({ name, namespace: NAMESPACE, body: { status: { replicas: 1, readyReplicas: 1, availableReplicas: 1 } } }, mergePatch);

  it('creates the Deployment and Service once, writes nothing on a repeated ensure and patches a changed image', async () => {
    const pod = await devicePod('thermo', annotated);
    const adapters = controller();
    await adapters.ensure(pod, specOf(pod), context);
    const [deployment] = stored('deployments');
    expect(stored('deployments')).toHaveLength(1);
    expect(stored('services')).toHaveLength(1);
    expect(deployment?.metadata).toMatchObject({ name: 'thermo-adapter', ownerReferences: [{ kind: 'Pod', name: 'thermo', uid: pod.metadata?.uid, controller: true }] });
    expect(stored('services')[0]?.spec).toMatchObject({ type: 'ClusterIP', selector: adapterLabels('thermo'), ports: [{ name: 'p8080', port: 8080 }, { name: 'p9090', port: 9090 }] });

    const version = api.resourceVersion;
    await adapters.ensure(pod, specOf(pod), context);
    // A new controller is what a restarted kubelet has: nothing remembered, nothing rewritten.
    await controller().ensure(pod, specOf(pod), context);
    expect(api.resourceVersion).toBe(version);

    const upgraded = { ...pod, metadata: { ...pod.metadata, annotations: { ...annotated, [ADAPTER_ANNOTATIONS.IMAGE]: 'ghcr.io/farside/http-adapter:2.0' } } };
    await adapters.ensure(upgraded, specOf(upgraded), context);
    const [after] = stored('deployments');
    expect(stored('deployments')).toHaveLength(1);
    expect(after?.metadata.uid).toBe(deployment?.metadata.uid);
    expect(after?.spec).toMatchObject({ template: { spec: { containers: [{ name: 'adapter', image: 'ghcr.io/farside/http-adapter:2.0', ports: [{ containerPort: 8080 }, { containerPort: 9090 }] }] } } });
  });

  it('brings a changed port list to the Service as well as to the Deployment', async () => {
    const pod = await devicePod('thermo', annotated);
    const adapters = controller();
    await adapters.ensure(pod, specOf(pod), context);
    const fewer = { ...pod, metadata: { ...pod.metadata, annotations: { ...annotated, [ADAPTER_ANNOTATIONS.PORTS]: 'http:8081' } } };
    await adapters.ensure(fewer, specOf(fewer), context);
    expect(stored('services')[0]?.spec).toMatchObject({ ports: [{ name: 'http', port: 8081, targetPort: 8081, protocol: 'TCP' }] });
    expect(stored('deployments')[0]?.spec).toMatchObject({ template: { spec: { containers: [{ ports: [{ name: 'http', containerPort: 8081, protocol: 'TCP' }], readinessProbe: { tcpSocket: { port: 8081 } } }] } } });
  });

  it('reports pending until a replica is available and its pod Running and Ready, then ready with the pod IP', async () => {
    const pod = await devicePod('thermo', annotated);
    const adapters = controller();
    const spec = specOf(pod);
    expect(await adapters.ensure(pod, spec, context)).toEqual({ kind: 'pending', message: 'Deployment thermo-adapter has no adapter pod' });

    await adapterPod('thermo', { phase: 'Running', podIP: '10.244.1.5', conditions: [{ type: 'Ready', status: 'False' }] });
    expect(await adapters.state(pod, spec)).toMatchObject({ kind: 'pending', message: expect.stringContaining('not Ready') });

    await core.patchNamespacedPodStatus({ name: 'thermo-adapter-7d4b9', namespace: NAMESPACE, body: { status: { conditions: [{ type: 'Ready', status: 'True' }] } } }, mergePatch);
    expect(await adapters.state(pod, spec)).toMatchObject({ kind: 'pending', message: 'Deployment thermo-adapter reports no available replica' });

    await reportAvailable('thermo-adapter');
    expect(await adapters.state(pod, spec)).toEqual({ kind: 'ready', podIP: '10.244.1.5' });
  });

  it('times out an adapter that never becomes ready and says its image could not be pulled', async () => {
    const pod = await devicePod('thermo', annotated);
    const adapters = controller(5_000);
    const spec = specOf(pod);
    await adapters.ensure(pod, spec, context);
    await adapterPod('thermo', {
      phase: 'Pending',
      containerStatuses: [{ name: 'adapter', image: 'x', imageID: '', ready: false, restartCount: 0, state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "ghcr.io/farside/http-adapter:1.0"' } } }],
    });
    expect((await adapters.state(pod, spec)).kind).toBe('pending');

    clockOffsetMs = 10_000;
    const state = await adapters.state(pod, spec);
    expect(state).toMatchObject({ kind: 'timedOut', message: expect.stringMatching(/^adapter thermo-adapter not ready 5 s after .*: container adapter of pod thermo-adapter-7d4b9 is waiting: ImagePullBackOff \(Back-off pulling image/) });
  });

  it('removes the Deployment and Service, and removing again is fine', async () => {
    const pod = await devicePod('thermo', annotated);
    const adapters = controller();
    await adapters.ensure(pod, specOf(pod), context);
    await adapters.remove(pod, specOf(pod));
    expect(stored('deployments')).toEqual([]);
    expect(stored('services')).toEqual([]);
    await expect(adapters.remove(pod, specOf(pod))).resolves.toBeUndefined();
  });

  it('changes nothing in the cluster for bad annotations, a pod without uid or a name taken by a foreign Service', async () => {
    const typo = await devicePod('typo', { ...annotated, 'communication-adapter.fita/prots': '8080' });
    expect(() => adapterSpecOf(typo)).toThrow(expect.objectContaining({ code: ERROR_CODES.INVALID_INPUT, message: expect.stringContaining('unknown annotation communication-adapter.fita/prots') }));
    const badPort = await devicePod('bad-port', { ...annotated, [ADAPTER_ANNOTATIONS.PORTS]: '8080,70000' });
    expect(() => adapterSpecOf(badPort)).toThrow(expect.objectContaining({ code: ERROR_CODES.INVALID_INPUT, message: expect.stringContaining(ADAPTER_ANNOTATIONS.PORTS) }));

    const pod = await devicePod('thermo', annotated);
    const adapters = controller();
    const version = api.resourceVersion;
    const unsaved = { ...pod, metadata: { ...pod.metadata, uid: undefined } };
    await expect(adapters.ensure(unsaved, specOf(pod), context)).rejects.toMatchObject({ code: ERROR_CODES.INVALID_INPUT });

    await core.createNamespacedService({ namespace: NAMESPACE, body: { metadata: { name: 'thermo-adapter', labels: { app: 'mine' } }, spec: { ports: [{ port: 80 }] } } });
    const foreignVersion = api.resourceVersion;
    await expect(adapters.ensure(pod, specOf(pod), context)).rejects.toMatchObject({ code: ERROR_CODES.NOT_ALLOWED, message: expect.stringContaining('Service default/thermo-adapter exists and is not the adapter of pod thermo') });
    await adapters.remove(pod, specOf(pod));
    expect(api.resourceVersion).toBe(foreignVersion);
    expect(foreignVersion).toBe(version + 1);
    expect(stored('deployments')).toEqual([]);
    expect(stored('services').map((s) => s.metadata.labels)).toEqual([{ app: 'mine' }]);
  });

  it('takes over the adapter of an earlier pod of the same name instead of leaving it to the garbage collector', async () => {
    const first = await devicePod('thermo', annotated);
    const adapters = controller();
    await adapters.ensure(first, specOf(first), context);
    await core.deleteNamespacedPod({ name: 'thermo', namespace: NAMESPACE, gracePeriodSeconds: 0 });
    const second = await devicePod('thermo', annotated);
    await adapters.ensure(second, specOf(second), context);
    for (const plural of ['deployments', 'services']) {
      const [object] = stored(plural);
      expect(object?.metadata.ownerReferences).toEqual([expect.objectContaining({ uid: second.metadata?.uid })]);
      expect(object?.metadata.labels).toMatchObject({ [ADAPTER_LABELS.FOR]: 'thermo' });
    }
  });
});
