/**
 * A trained model from the registry to a device: a ModelPack holding micro_speech (as modctl
 * or KitOps would push it) is imported with the keyword-spotter runner by `farside model
 * import` into an image layout, pulled as the kubelet pulls workloads, and deployed to a
 * simulated embServe node through the gateway, where it runs and reports monitoring.
 */
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { registerModelCommand } from '../cli/commands/model.js';
import { buildWorkloads } from '../examples/workloads/build.js';
import { MODEL_RUNNER_ANNOTATION, pullServiceJson } from '../kubelet/index.js';
import { LayoutTarget, MEDIA_TYPE, MODELPACK, MODELPACK_LINK, describeContent, packEmbServeArtifact, parseManifest, parseServiceJson, storePacked, type ImageManifest } from '../oci/index.js';
import { SdfClient, SoftwareManagementClient } from '../sdf-models/index.js';
import type { Harness } from './harness.js';
import { startSdfGateway, type SdfGateway } from './support/sdf-gateway.js';
import { startAedes, type TestBroker } from './support/mqtt-brokers.js';

const MICRO_SPEECH = new URL('../firmware-sim/tinyml/testdata/micro_speech_quantized.tflite', import.meta.url);
const SOURCE_RUN = 'https://ci.example.com/kws/runs/42';

describe('a TinyML model from a ModelPack to a simulated device', () => {
  let dir: string;
  let runnerFile: string;
  let tflite: Uint8Array;
  let broker: TestBroker;
  let h: Harness;
  let gateway: SdfGateway;
  let client: SdfClient;
  let output: string[];

  /** Pushes a ModelPack of micro_speech (one raw weight layer) as `tag`; returns its manifest digest. */
  async function pushModelPack(store: LayoutTarget, tag: string): Promise<string> {
    const config = describeContent(MODELPACK.CONFIG, new TextEncoder().encode(JSON.stringify({ descriptor: { name: 'kws', version: '1.2.0' }, modelfs: { type: 'layers', diffIds: [] }, config: { format: 'tflite', precision: 'int8' } })));
    const weight = describeContent(MODELPACK.WEIGHT_RAW, tflite, { [MODELPACK.ANNOTATION_FILEPATH]: 'micro_speech_quantized.tflite' });
    const manifest: ImageManifest = {
      schemaVersion: 2,
      mediaType: MEDIA_TYPE.OCI_MANIFEST,
      artifactType: MODELPACK.ARTIFACT_TYPE,
      config: config.descriptor,
      layers: [weight.descriptor],
      annotations: { 'org.opencontainers.image.version': '1.2.0' },
    };
    for (const part of [config, weight]) await store.pushBlob(part.descriptor, part.bytes);
    const bytes = new TextEncoder().encode(JSON.stringify(manifest));
    const described = describeContent(MEDIA_TYPE.OCI_MANIFEST, bytes);
    await store.pushManifest(described.descriptor, bytes, tag);
    return described.descriptor.digest;
  }

  const farside = async (...args: string[]): Promise<void> => {
    const program = new Command().exitOverride();
    registerModelCommand(program);
    await program.parseAsync(args, { from: 'user' });
  };

  beforeAll(async () => {
    const [workloads, startedBroker, bytes] = await Promise.all([buildWorkloads(), startAedes(), readFile(MICRO_SPEECH)]);
    broker = startedBroker;
    tflite = new Uint8Array(bytes);
    dir = await mkdtemp(join(tmpdir(), 'farside-tinyml-'));
    // The runner as `npm run build` writes it to examples/workloads/dist, built here so the test needs no build step.
    runnerFile = join(dir, 'keyword-spotter.service.json');
    await writeFile(runnerFile, JSON.stringify(workloads['keyword-spotter'].service));
  });
  afterAll(async () => {
    await broker.close();
    await rm(dir, { recursive: true, force: true });
  });

  beforeEach(async () => {
    output = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      output.push(String(chunk));
      return true;
    });
    gateway = await startSdfGateway(broker.url, { requestTimeoutMs: 5_000 });
    ({ h, client: client } = gateway);
    const announced = once(client, 'announce');
    await h.device('mcu', { seed: 5, workloadPeriodMs: 200 });
    await announced;
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await gateway.close();
  });

  it('imports the ModelPack with the keyword-spotter runner, and the pulled workload runs on the device with monitoring', async () => {
    const store = join(dir, 'store');
    const modelPackDigest = await pushModelPack(await LayoutTarget.open(store, { create: true }), 'kws-modelpack');
    await farside('model', 'import', `oci-layout:${store}:kws-modelpack`, `oci-layout:${store}:kws-1.2.0`, '--runner', runnerFile, '--model-name', 'kws', '--source-run', SOURCE_RUN);
    const printed = JSON.parse(output.join('')) as { modelPack: { digest: string; weight: { file: string } }; runner: string };
    expect(printed.modelPack).toMatchObject({ digest: modelPackDigest, weight: { file: 'micro_speech_quantized.tflite' } });
    expect(printed.runner).toBe('keyword-spotter');

    const layout = await LayoutTarget.open(store);
    const parsed = parseManifest(await layout.fetchManifest(await layout.resolve('kws-1.2.0')));
    if (parsed.kind !== 'manifest') throw new Error('expected a manifest');
    expect(parsed.manifest.annotations).toMatchObject({
      'io.farside.model.name': 'kws',
      'io.farside.model.version': '1.2.0',
      'org.opencontainers.image.version': '1.2.0',
      'io.farside.model.source-run': SOURCE_RUN,
      'org.opencontainers.image.source': SOURCE_RUN,
      'io.farside.model.digest': parsed.manifest.layers[1]?.digest,
      [MODELPACK_LINK.DIGEST]: modelPackDigest,
    });

    const service = await pullServiceJson(`oci-layout:${store}:kws-1.2.0`);
    expect(Buffer.from(String(parseServiceJson(service).model?.['data']), 'base64')).toEqual(Buffer.from(tflite));
    const workloads = new SoftwareManagementClient(client, { requestTimeoutMs: 5_000, settleTimeoutMs: 5_000 });
    const deployed = await workloads.deploy('mcu', service);
    expect(deployed).toMatchObject({ name: 'keyword-spotter', active: true });
    await expect.poll(async () => (await workloads.status('mcu', deployed.instance)).monitoring?.uptimeMs ?? 0, { timeout: 5_000 }).toBeGreaterThan(0);
    const status = await workloads.status('mcu', deployed.instance);
    expect(status.monitoring?.memoryBytes).toBeGreaterThan(0);
    expect(status.monitoring?.error ?? '').toBe('');
  });

  it('runs the ModelPack reference itself on the device when the pod names a runner, so one registry entry serves every kind of node', async () => {
    const store = join(dir, 'store-direct');
    const layout = await LayoutTarget.open(store, { create: true });
    await pushModelPack(layout, 'kws-modelpack');
    // The runner as an embServe image of its own, as a pod's farside.io/model-runner annotation names it.
    await storePacked(layout, packEmbServeArtifact({ service: await readFile(runnerFile), created: new Date(0) }), 'kws-runner');
    await expect(pullServiceJson(`oci-layout:${store}:kws-modelpack`)).rejects.toThrow(new RegExp(MODEL_RUNNER_ANNOTATION));
    const service = await pullServiceJson(`oci-layout:${store}:kws-modelpack`, {}, undefined, { runner: `oci-layout:${store}:kws-runner` });
    const parsed = parseServiceJson(service);
    expect(parsed.name).toBe('keyword-spotter');
    expect(Buffer.from(String(parsed.model?.['data']), 'base64')).toEqual(Buffer.from(tflite));
    const workloads = new SoftwareManagementClient(client, { requestTimeoutMs: 5_000, settleTimeoutMs: 5_000 });
    expect(await workloads.deploy('mcu', service)).toMatchObject({ name: 'keyword-spotter', active: true });
  });

  it('refuses to import a ModelPack whose weight is no .tflite, and writes nothing', async () => {
    const store = join(dir, 'store-bad');
    const target = await LayoutTarget.open(store, { create: true });
    const weight = describeContent(MODELPACK.WEIGHT_RAW, new Uint8Array([1, 2, 3]), { [MODELPACK.ANNOTATION_FILEPATH]: 'model.safetensors' });
    const other = describeContent(MODELPACK.WEIGHT_RAW, new Uint8Array([4]), { [MODELPACK.ANNOTATION_FILEPATH]: 'model-2.safetensors' });
    const config = describeContent(MODELPACK.CONFIG, new TextEncoder().encode('{}'));
    for (const part of [config, weight, other]) await target.pushBlob(part.descriptor, part.bytes);
    const bytes = new TextEncoder().encode(JSON.stringify({ schemaVersion: 2, mediaType: MEDIA_TYPE.OCI_MANIFEST, config: config.descriptor, layers: [weight.descriptor, other.descriptor] }));
    await target.pushManifest(describeContent(MEDIA_TYPE.OCI_MANIFEST, bytes).descriptor, bytes, 'llm');
    await expect(farside('model', 'import', `oci-layout:${store}:llm`, `oci-layout:${store}:out`, '--runner', runnerFile)).rejects.toThrow(/no \.tflite weight/);
    await expect(target.resolve('out')).rejects.toThrow();
  });
});
