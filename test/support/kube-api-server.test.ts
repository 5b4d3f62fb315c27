import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiException, CoordinationV1Api, CoreV1Api, PatchStrategy, setHeaderOptions, Watch, V1MicroTime, type V1Lease, type V1Node, type V1Pod } from '@kubernetes/client-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startKubeApiServer, type KubeApiServer } from './kube-api-server.js';

const KUBECTL = '/usr/bin/kubectl';

let server: KubeApiServer;
let core: CoreV1Api;

beforeEach(async () => {
  server = await startKubeApiServer();
  core = server.kubeConfig().makeApiClient(CoreV1Api);
});
afterEach(async () => {
  await server.close();
});

function node(name: string, labels: Record<string, string> = {}): V1Node {
  return { metadata: { name, labels }, status: { conditions: [{ type: 'Ready', status: 'True' }] } };
}

function pod(name: string, nodeName?: string, labels: Record<string, string> = {}): V1Pod {
  return { metadata: { name, labels }, spec: { nodeName, containers: [{ name: 'main', image: 'registry.example/wasm:1' }] } };
}

async function statusCodeOf(call: Promise<unknown>): Promise<number> {
  try {
    await call;
  } catch (err) {
    if (err instanceof ApiException) return err.code;
    throw err;
  }
  throw new Error('expected the call to fail');
}

const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

describe('REST verbs through client-node', () => {
  it('creates, lists, patches and deletes nodes, stamping uid, creationTimestamp and a growing resourceVersion', async () => {
    const created = await core.createNode({ body: node('dev-1', { type: 'virtual-kubelet' }) });
    expect(created.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.metadata?.creationTimestamp).toBeInstanceOf(Date);
    const patched = await core.patchNode({ name: 'dev-1', body: { metadata: { labels: { zone: 'lab' } } } }, mergePatch);
    expect(patched.metadata?.labels).toEqual({ type: 'virtual-kubelet', zone: 'lab' });
    expect(Number(patched.metadata?.resourceVersion)).toBeGreaterThan(Number(created.metadata?.resourceVersion));
    const listed = await core.listNode();
    expect(listed.items.map((n) => n.metadata?.name)).toEqual(['dev-1']);
    expect(Number(listed.metadata?.resourceVersion)).toBe(server.resourceVersion);
    await core.deleteNode({ name: 'dev-1' });
    expect(server.objects('nodes')).toEqual([]);
  });

  it('answers 409 to a second create with the same name and 404 to an unknown name', async () => {
    await core.createNamespacedPod({ namespace: 'default', body: pod('p') });
    expect(await statusCodeOf(core.createNamespacedPod({ namespace: 'default', body: pod('p') }))).toBe(409);
    expect(await statusCodeOf(core.readNamespacedPod({ namespace: 'default', name: 'absent' }))).toBe(404);
    await core.createNamespacedPod({ namespace: 'other', body: pod('p') });
    expect(server.objects('pods').map((p) => p.metadata.namespace).sort()).toEqual(['default', 'other']);
  });

  it('names an object from generateName', async () => {
    const created = await core.createNamespacedSecret({ namespace: 'default', body: { metadata: { generateName: 'token-' }, stringData: { a: 'b' } } });
    expect(created.metadata?.name).toMatch(/^token-[a-z0-9]{5}$/);
  });

  it('rejects a replace carrying a stale resourceVersion with 409 Conflict and keeps the stored object', async () => {
    const first = await core.createNode({ body: node('dev-1') });
    await core.replaceNode({ name: 'dev-1', body: { ...first, metadata: { ...first.metadata, labels: { round: '1' } } } });
    const stale = { ...first, metadata: { ...first.metadata, labels: { round: 'stale' } } };
    expect(await statusCodeOf(core.replaceNode({ name: 'dev-1', body: stale }))).toBe(409);
    expect(server.objects('nodes')[0]?.metadata.labels).toEqual({ round: '1' });
  });

  it('applies client-node default JSON patches', async () => {
    await core.createNode({ body: node('dev-1') });
    const patched = await core.patchNode({ name: 'dev-1', body: [{ op: 'add', path: '/spec', value: { unschedulable: true } }] });
    expect(patched.spec?.unschedulable).toBe(true);
  });

  it('changes only the status through pods/status, and ignores status in a main-resource patch', async () => {
    await core.createNamespacedPod({ namespace: 'default', body: pod('p', 'dev-1') });
    await core.patchNamespacedPod({ namespace: 'default', name: 'p', body: { status: { phase: 'Failed' } } }, mergePatch);
    expect((await core.readNamespacedPod({ namespace: 'default', name: 'p' })).status?.phase).toBe('Pending');
    const running = await core.patchNamespacedPodStatus({ namespace: 'default', name: 'p', body: { status: { phase: 'Running' }, spec: { nodeName: 'elsewhere' } } }, mergePatch);
    expect(running.status?.phase).toBe('Running');
    expect(running.spec?.nodeName).toBe('dev-1');
  });
});

describe('errors on the wire', () => {
  it('answers failures with Kubernetes Status objects naming the reason', async () => {
    const statusOf = async (path: string, init?: RequestInit) => {
      const response = await fetch(server.url + path, init);
      return { http: response.status, body: (await response.json()) as { kind: string; code: number; reason: string } };
    };
    const notFound = await statusOf('/api/v1/namespaces/default/pods/absent');
    expect(notFound).toMatchObject({ http: 404, body: { kind: 'Status', code: 404, reason: 'NotFound' } });
    const garbage = await statusOf('/api/v1/nodes', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"metadata":' });
    expect(garbage).toMatchObject({ http: 400, body: { kind: 'Status', reason: 'BadRequest' } });
    const notAnObject = await statusOf('/api/v1/nodes', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '[1,2]' });
    expect(notAnObject.body.reason).toBe('BadRequest');
    expect(await statusOf('/apis/example.com/v1/widgets')).toMatchObject({ http: 404, body: { reason: 'NotFound' } });
    expect(server.objects('nodes')).toEqual([]);
  });
});

describe('selectors', () => {
  it('lists only the pods bound to a node with fieldSelector spec.nodeName', async () => {
    for (const [name, nodeName] of [['a', 'dev-1'], ['b', 'dev-2'], ['c', 'dev-1']] as const) await core.createNamespacedPod({ namespace: 'default', body: pod(name, nodeName) });
    const bound = await core.listPodForAllNamespaces({ fieldSelector: 'spec.nodeName=dev-1' });
    expect(bound.items.map((p) => p.metadata?.name)).toEqual(['a', 'c']);
    const named = await core.listNamespacedPod({ namespace: 'default', fieldSelector: 'metadata.name=b,spec.nodeName!=dev-1' });
    expect(named.items.map((p) => p.metadata?.name)).toEqual(['b']);
  });

  it('answers 400 to a field selector naming an unsupported field', async () => {
    expect(await statusCodeOf(core.listNamespacedPod({ namespace: 'default', fieldSelector: 'spec.hostname=x' }))).toBe(400);
  });

  it('matches label selectors with =, != , existence and set terms', async () => {
    await core.createNode({ body: node('a', { role: 'agent', os: 'zephyr', gpu: 'no' }) });
    await core.createNode({ body: node('b', { role: 'agent', os: 'linux' }) });
    await core.createNode({ body: node('c', { role: 'control' }) });
    const names = async (labelSelector: string) => (await core.listNode({ labelSelector })).items.map((n) => n.metadata?.name);
    expect(await names('role=agent,os!=linux,gpu')).toEqual(['a']);
    expect(await names('role in (agent,control),!gpu')).toEqual(['b', 'c']);
    expect(await statusCodeOf(core.listNode({ labelSelector: 'role===x' }))).toBe(400);
  });
});

describe('pod deletion', () => {
  it('keeps a bound pod deleted with a grace period, marked with deletionTimestamp, until deleted with grace 0', async () => {
    await core.createNamespacedPod({ namespace: 'default', body: pod('p', 'dev-1') });
    const marked = await core.deleteNamespacedPod({ namespace: 'default', name: 'p' });
    expect(marked.metadata?.deletionTimestamp).toBeInstanceOf(Date);
    expect(marked.metadata?.deletionGracePeriodSeconds).toBe(30);
    expect(server.objects('pods')).toHaveLength(1);
    await core.deleteNamespacedPod({ namespace: 'default', name: 'p', gracePeriodSeconds: 0 });
    expect(server.objects('pods')).toEqual([]);
  });

  it('removes an unbound pod at once', async () => {
    await core.createNamespacedPod({ namespace: 'default', body: pod('p') });
    await core.deleteNamespacedPod({ namespace: 'default', name: 'p' });
    expect(server.objects('pods')).toEqual([]);
  });
});

interface SeenEvent {
  readonly type: string;
  readonly name: string | undefined;
}

/** Watches `path` until `count` events arrived. */
function collectWatchEvents(watch: Watch, path: string, query: Record<string, string>, count: number): { events: Promise<SeenEvent[]>; stop: Promise<AbortController> } {
  const seen: SeenEvent[] = [];
  let resolve: (events: SeenEvent[]) => void = () => undefined;
  let reject: (err: unknown) => void = () => undefined;
  const events = new Promise<SeenEvent[]>((res, rej) => ((resolve = res), (reject = rej)));
  const stop = watch.watch(path, query, (type, object: { metadata?: { name?: string } }) => {
    seen.push({ type, name: object.metadata?.name });
    if (seen.length === count) resolve(seen);
  }, (err: unknown) => (err ? reject(err) : resolve(seen)));
  return { events, stop };
}

describe('watch', () => {
  it('streams ADDED, MODIFIED and DELETED in order for the pods a field selector selects', async () => {
    const start = server.resourceVersion;
    const watched = collectWatchEvents(new Watch(server.kubeConfig()), '/api/v1/namespaces/default/pods', { resourceVersion: String(start), fieldSelector: 'spec.nodeName=dev-1' }, 3);
    await watched.stop;
    await core.createNamespacedPod({ namespace: 'default', body: pod('other', 'dev-2') });
    await core.createNamespacedPod({ namespace: 'default', body: pod('p', 'dev-1') });
    await core.patchNamespacedPodStatus({ namespace: 'default', name: 'p', body: { status: { phase: 'Running' } } }, mergePatch);
    await core.deleteNamespacedPod({ namespace: 'default', name: 'p', gracePeriodSeconds: 0 });
    expect(await watched.events).toEqual([{ type: 'ADDED', name: 'p' }, { type: 'MODIFIED', name: 'p' }, { type: 'DELETED', name: 'p' }]);
    (await watched.stop).abort();
  });

  it('replays the events after the requested resourceVersion', async () => {
    const created = await core.createNode({ body: node('dev-1') });
    await core.patchNode({ name: 'dev-1', body: { metadata: { labels: { a: 'b' } } } }, mergePatch);
    await core.createNode({ body: node('dev-2') });
    const watched = collectWatchEvents(new Watch(server.kubeConfig()), '/api/v1/nodes', { resourceVersion: created.metadata?.resourceVersion ?? '' }, 2);
    expect(await watched.events).toEqual([{ type: 'MODIFIED', name: 'dev-1' }, { type: 'ADDED', name: 'dev-2' }]);
    (await watched.stop).abort();
  });

  it('sends an ERROR event with a 410 Status for a resourceVersion older than the history', async () => {
    const small = await startKubeApiServer({ watchHistoryLimit: 2 });
    try {
      const api = small.kubeConfig().makeApiClient(CoreV1Api);
      for (const name of ['a', 'b', 'c', 'd']) await api.createNode({ body: node(name) });
      const received: { type: string; code?: number }[] = [];
      const done = new Promise<void>((resolve) => {
        void new Watch(small.kubeConfig()).watch('/api/v1/nodes', { resourceVersion: '1' }, (type, object: { code?: number }) => received.push({ type, code: object.code }), () => resolve());
      });
      await done;
      expect(received).toEqual([{ type: 'ERROR', code: 410 }]);
    } finally {
      await small.close();
    }
  });

  it('ends open watch streams when the server closes', async () => {
    const ended = new Promise<unknown>((resolve) => {
      void new Watch(server.kubeConfig()).watch('/api/v1/pods', {}, () => undefined, resolve);
    });
    await core.listNode();
    await server.close();
    await expect(ended).resolves.toBeNull();
    server = await startKubeApiServer();
  });
});

describe('leases', () => {
  it('creates and renews a node lease, rejecting a renewal from a stale copy', async () => {
    const leases = server.kubeConfig().makeApiClient(CoordinationV1Api);
    const namespace = 'kube-node-lease';
    const lease = await leases.createNamespacedLease({ namespace, body: { metadata: { name: 'dev-1' }, spec: { holderIdentity: 'dev-1', leaseDurationSeconds: 40, renewTime: new V1MicroTime() } } });
    const renewed = await leases.replaceNamespacedLease({ namespace, name: 'dev-1', body: { ...lease, spec: { ...lease.spec, renewTime: new V1MicroTime(Date.now() + 10_000) } } });
    // client-node hands MicroTime back as the wire string, not a Date.
    const renewTimeOf = (l: V1Lease) => Date.parse(String(l.spec?.renewTime));
    expect(renewTimeOf(renewed)).toBeGreaterThan(renewTimeOf(lease));
    expect(await statusCodeOf(leases.replaceNamespacedLease({ namespace, name: 'dev-1', body: lease }))).toBe(409);
    expect(server.objects('leases', namespace)).toHaveLength(1);
  });
});

function kubectl(kubeconfig: string, cacheDir: string, ...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    // Asynchronous on purpose: the server runs in this process.
    execFile(KUBECTL, ['--kubeconfig', kubeconfig, '--cache-dir', cacheDir, ...args], { timeout: 15_000 }, (err, stdout, stderr) => (err ? reject(new Error(`kubectl ${args.join(' ')}: ${stderr}`)) : resolve(stdout)));
  });
}

const kubectlMissing = !existsSync(KUBECTL);
describe.skipIf(kubectlMissing)(kubectlMissing ? `the real kubectl (skipped: ${KUBECTL} not found)` : 'the real kubectl', () => {
  it('lists nodes as JSON and pods of all namespaces', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'farside-kubectl-'));
    try {
      await core.createNode({ body: node('dev-1', { type: 'virtual-kubelet' }) });
      await core.createNamespacedPod({ namespace: 'apps', body: pod('blink', 'dev-1') });
      const kubeconfig = await server.writeKubeconfig(dir);
      const nodes = JSON.parse(await kubectl(kubeconfig, join(dir, 'cache'), 'get', 'nodes', '-o', 'json')) as { items: V1Node[] };
      expect(nodes.items.map((n) => n.metadata?.labels)).toEqual([{ type: 'virtual-kubelet' }]);
      const pods = await kubectl(kubeconfig, join(dir, 'cache'), 'get', 'pods', '-A');
      expect(pods).toMatch(/^NAMESPACE\s+NAME\s+AGE\napps\s+blink\s+\d+s\n$/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
