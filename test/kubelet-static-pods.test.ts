/**
 * Static pods: `farside kubelet --pod-manifests DIR` with no API server. The VirtualKubelet
 * runs the manifests of a directory on a simulated device through the gateway and SDF over
 * MQTT (aedes); the kubelet API shows them.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { INSTANCE_ANNOTATION, VirtualKubelet } from '../kubelet/index.js';
import { SdfClient, SoftwareManagementClient } from '../sdf-models/index.js';
import type { Harness } from './harness.js';
import { startSdfGateway, type SdfGateway } from './support/sdf-gateway.js';
import { startAedes, type TestBroker } from './support/mqtt-brokers.js';
import { storeArtifact } from './support/layout-store.js';
import { TEMPERATURE_SERVICE } from './support/services.js';

const manifest = (name: string, image: string, placement: string): string =>
  ['apiVersion: v1', 'kind: Pod', 'metadata:', `  name: ${name}`, 'spec:', placement, '  containers:', '    - name: main', `      image: ${image}`, ''].join('\n');

describe('static pods from a directory run on device nodes without an API server', () => {
  let broker: TestBroker;
  let h: Harness;
  let gateway: SdfGateway;
  let sdf: SdfClient;
  let dir: string;
  let pods: string;
  let image: string;
  let workloads: SoftwareManagementClient;
  const kubelets: VirtualKubelet[] = [];

  const kubelet = async (): Promise<VirtualKubelet> => {
    const started = new VirtualKubelet({ sdf, podManifests: pods, api: false, statusPeriodMs: 500 });
    kubelets.push(started);
    await started.start();
    return started;
  };
  const phaseOf = (k: VirtualKubelet, name: string): string | undefined => k.staticPods?.pods().find((p) => p.metadata?.name === name)?.status?.phase;

  beforeAll(async () => {
    broker = await startAedes();
  });
  afterAll(() => broker.close());

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'farside-static-'));
    pods = join(dir, 'pods');
    image = await storeArtifact(join(dir, 'store'), 'temperature', TEMPERATURE_SERVICE);
    gateway = await startSdfGateway(broker.url, { requestTimeoutMs: 5_000 });
    ({ h, client: sdf } = gateway);
    await h.device('dev', { seed: 3, workloadPeriodMs: 100, tickIntervalMs: 200 });
    workloads = new SoftwareManagementClient(sdf);
    await mkdir(pods);
  });

  afterEach(async () => {
    for (const k of kubelets.splice(0)) await k.stop();
    await gateway.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('runs a pod placed by nodeSelector, keeps it across a kubelet restart without installing it twice, and removes it with its manifest', async () => {
    await writeFile(join(pods, 'temp.yaml'), manifest('temp', image, '  nodeSelector:\n    extra.resources.fhp/embserve: "true"'));
    const first = await kubelet();
    await expect.poll(() => phaseOf(first, 'temp'), { timeout: 8_000 }).toBe('Running');
    expect(first.staticPods?.pods()[0]?.spec?.nodeName).toBe('farside-dev');
    expect((await workloads.list('dev')).map((w) => [w.name, w.active])).toEqual([['temperature', true]]);
    expect(first.staticPods?.eventsOf('default', 'temp').map((e) => e.reason)).toEqual(['Pulled', 'Started']);

    await first.stop();
    const second = await kubelet();
    await expect.poll(() => phaseOf(second, 'temp'), { timeout: 8_000 }).toBe('Running');
    expect(second.staticPods?.pods()[0]?.metadata?.annotations?.[INSTANCE_ANNOTATION]).toBe('0');
    expect((await workloads.list('dev')).map((w) => w.instance)).toEqual([0]);

    await rm(join(pods, 'temp.yaml'));
    await second.staticPods?.rescan();
    await expect.poll(async () => (await workloads.list('dev')).length, { timeout: 8_000 }).toBe(0);
    await expect.poll(() => second.staticPods?.pods()).toEqual([]);
  });

  it('skips a manifest that is no pod, says why, and still runs the others', async () => {
    await writeFile(join(pods, 'broken.yaml'), 'apiVersion: v1\nkind: Service\nmetadata:\n  name: nope\n');
    await writeFile(join(pods, 'temp.json'), JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'temp' }, spec: { nodeName: 'farside-dev', containers: [{ name: 'main', image }] } }));
    const k = await kubelet();
    await expect.poll(() => phaseOf(k, 'temp'), { timeout: 8_000 }).toBe('Running');
    expect(k.staticPods?.pods().map((p) => p.metadata?.name)).toEqual(['temp']);
  });

  it('fails a static pod that asks for a communication adapter, since no cluster runs one', async () => {
    const withAdapter = manifest('temp', image, '  nodeName: farside-dev').replace('metadata:\n  name: temp', 'metadata:\n  name: temp\n  annotations:\n    communication-adapter.fita/image: ghcr.io/x/adapter:1');
    await writeFile(join(pods, 'temp.yaml'), withAdapter);
    const k = await kubelet();
    await expect.poll(() => phaseOf(k, 'temp'), { timeout: 8_000 }).toBe('Failed');
    expect(k.staticPods?.pods()[0]?.status).toMatchObject({ reason: 'InvalidAdapter', message: expect.stringMatching(/no communication adapters/) as unknown });
    expect(await workloads.list('dev')).toEqual([]);
  });
});
