import { CoreV1Api, type V1Lease, type V1Node } from '@kubernetes/client-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SdfObjects } from '../sdf-models/index.js';
import { startKubeApiServer, type KubeApiServer, type KubeObject } from '../test/support/kube-api-server.js';
import { NodeController, type NodeControllerOptions } from './node-controller.js';

const cap = (label: string, property: string) => ({ label, sdfProperty: { Property: property, Attached: 'true', Enabled: 'true' } });
const described = (memory: string, ...capabilities: string[]): SdfObjects => ({
  Device: [{ label: '0', sdfProperty: { Model_Number: 'nRF52840-sim', Firmware_Version: '0.1.0', Memory_Total: memory } }],
  Connectivity_Monitoring: [{ label: '0', sdfProperty: { IP_Addresses: { '0': 'fd00::1:2' } } }],
  DevCapMgmt: capabilities.map((c, i) => cap(String(i), c)),
});

const readyOf = (node: KubeObject | undefined) => ((node?.status as V1Node['status'])?.conditions ?? []).find((c) => c.type === 'Ready');
const renewTimeOf = (lease: KubeObject | undefined) => Date.parse(String((lease as V1Lease | undefined)?.spec?.renewTime));

describe('NodeController', () => {
  let server: KubeApiServer;
  const controllers: NodeController[] = [];
  const warnings: string[] = [];
  const controller = (options: Partial<NodeControllerOptions> = {}): NodeController => {
    const made = new NodeController({ kubeConfig: server.kubeConfig(), leaseRenewMs: 50, removeAfterMs: 50, logger: { warn: (_f, m) => warnings.push(m) }, ...options });
    controllers.push(made);
    return made;
  };

  beforeEach(async () => {
    server = await startKubeApiServer();
    warnings.length = 0;
  });
  afterEach(async () => {
    for (const made of controllers.splice(0)) made.stop();
    await server.close();
  });

  it('creates a managed, tainted node with the device capacity, Ready, and its lease', async () => {
    await controller().upsert('dev-1', described('256', 'temperature', 'tinyml'));
    const [node] = server.objects('nodes');
    expect(node?.metadata.name).toBe('farside-dev-1');
    expect(node?.metadata.labels).toMatchObject({ 'farside.io/managed': 'true', 'extra.resources.fhp/embserve': 'true', 'extra.resources.fhp/temperature': 'true', 'extra.resources.fhp/tinyml': 'true' });
    expect(node?.spec).toEqual({ taints: [{ key: 'fita.fhp.pt/type', value: 'far-edge', effect: 'NoSchedule' }] });
    expect((node?.status as V1Node['status'])?.capacity).toEqual({ cpu: '1', pods: '8', memory: '256Ki' });
    expect(readyOf(node)?.status).toBe('True');
    const [lease] = server.objects('leases', 'kube-node-lease');
    expect(lease?.metadata.name).toBe('farside-dev-1');
    expect(lease?.spec).toMatchObject({ holderIdentity: 'farside-dev-1', leaseDurationSeconds: 40 });
    expect(warnings).toEqual([]);
  });

  it('turns a node Ready=Unknown while its device stops answering, and Ready again when it answers, writing only changes', async () => {
    const nodes = controller();
    await nodes.upsert('dev-1', described('256'));
    const writes = server.resourceVersion;
    await nodes.setAnswering('dev-1', true);
    expect(server.resourceVersion).toBe(writes);
    await nodes.setAnswering('dev-1', false);
    expect(readyOf(server.objects('nodes')[0])).toMatchObject({ status: 'Unknown', reason: 'DeviceNotAnswering' });
    await nodes.setAnswering('dev-1', true);
    expect(readyOf(server.objects('nodes')[0])).toMatchObject({ status: 'True', reason: 'DeviceReady' });
  });

  it('gives each node the kubelet API port and address it is told', async () => {
    await controller({ node: { kubeletAddress: '10.1.2.3' }, kubeletPortOf: async () => 10_257 }).upsert('dev-1', described('256'));
    const status = server.objects('nodes')[0]?.status as V1Node['status'];
    expect(status?.daemonEndpoints?.kubeletEndpoint?.Port).toBe(10_257);
    expect(status?.addresses).toEqual([{ type: 'InternalIP', address: '10.1.2.3' }, { type: 'Hostname', address: 'farside-dev-1' }]);
    expect((server.objects('nodes')[0]?.metadata.annotations as Record<string, string> | undefined)?.['embserve.fhp.pt/ip']).toBe('fd00::1:2');
  });

  it('patches an existing node on a second upsert instead of duplicating it, dropping capabilities the device lost', async () => {
    const nodes = controller();
    await nodes.upsert('dev-1', described('256', 'temperature', 'tinyml'));
    const core = server.kubeConfig().makeApiClient(CoreV1Api);
    await core.patchNode({ name: 'farside-dev-1', body: [{ op: 'add', path: '/metadata/labels/team', value: 'blue' }] });
    await nodes.upsert('dev-1', described('512', 'humidity', 'tinyml'));
    const all = server.objects('nodes');
    expect(all).toHaveLength(1);
    expect(all[0]?.metadata.labels).toMatchObject({ team: 'blue', 'extra.resources.fhp/humidity': 'true' });
    expect(all[0]?.metadata.labels).not.toHaveProperty('extra.resources.fhp/temperature');
    expect((all[0]?.status as V1Node['status'])?.capacity?.['memory']).toBe('512Ki');
    expect(server.objects('leases', 'kube-node-lease')).toHaveLength(1);
  });

  it('keeps renewing the lease while the device is known', async () => {
    await controller().upsert('dev-1', described('256'));
    const first = renewTimeOf(server.objects('leases', 'kube-node-lease')[0]);
    await expect.poll(() => renewTimeOf(server.objects('leases', 'kube-node-lease')[0])).toBeGreaterThan(first);
  });

  it('on remove turns the node NotReady because the device is not registered and stops renewing its lease', async () => {
    const nodes = controller({ removeAfterMs: 60_000 });
    await nodes.upsert('dev-1', described('256'));
    await nodes.remove('dev-1');
    const ready = readyOf(server.objects('nodes')[0]);
    expect(ready).toMatchObject({ status: 'False', reason: 'DeviceNotRegistered' });
    expect(ready?.message).toMatch(/not registered with the gateway/);
    const stoppedAt = renewTimeOf(server.objects('leases', 'kube-node-lease')[0]);
    // Four renewal periods: a lease still renewed would have moved.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(renewTimeOf(server.objects('leases', 'kube-node-lease')[0])).toBe(stoppedAt);
    expect(server.objects('nodes')).toHaveLength(1);
  });

  it('deletes the node of a removed device after the delay, cleaning up first, and its lease with it', async () => {
    const cleaned: string[] = [];
    const nodes = controller({ beforeDelete: (name) => void cleaned.push(name) });
    await nodes.upsert('dev-1', described('256'));
    await nodes.remove('dev-1');
    await expect.poll(() => server.objects('nodes')).toEqual([]);
    expect(cleaned).toEqual(['farside-dev-1']);
    await expect.poll(() => server.objects('leases', 'kube-node-lease')).toEqual([]);
  });

  it('keeps the node when the device comes back before the deletion', async () => {
    const nodes = controller({ removeAfterMs: 100 });
    await nodes.upsert('dev-1', described('256'));
    await nodes.remove('dev-1');
    await nodes.upsert('dev-1', described('256'));
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(server.objects('nodes')).toHaveLength(1);
    expect(readyOf(server.objects('nodes')[0])?.status).toBe('True');
  });

  it('knows only the things of nodes it manages, and leaves foreign nodes alone', async () => {
    const core = server.kubeConfig().makeApiClient(CoreV1Api);
    await core.createNode({ body: { metadata: { name: 'farside-foreign', annotations: { 'embserve.fhp.pt/thing': 'foreign' } } } });
    const nodes = controller();
    await nodes.upsert('dev-1', described('256'));
    await nodes.upsert('dev-2', described('64'));
    expect((await nodes.known()).sort()).toEqual(['dev-1', 'dev-2']);
    await nodes.remove('foreign');
    expect(readyOf(server.objects('nodes').find((n) => n.metadata.name === 'farside-foreign'))).toBeUndefined();
  });

  it('logs API failures instead of throwing, and a bad thing name changes nothing', async () => {
    const nodes = controller();
    await nodes.upsert('bad thing/', described('256'));
    expect(server.objects('nodes')).toEqual([]);
    await server.close();
    await expect(nodes.upsert('dev-1', described('256'))).resolves.toBeUndefined();
    await expect(nodes.remove('dev-1')).resolves.toBeUndefined();
    await expect(nodes.known()).resolves.toEqual([]);
    expect(warnings.length).toBeGreaterThanOrEqual(4);
    server = await startKubeApiServer();
  });
});
