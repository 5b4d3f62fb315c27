import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { pack as tarPack } from 'tar-stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ERROR_CODES, FarsideError } from '../../errors/index.js';
import { LayoutTarget } from '../layout/index.js';
import { parseManifest, type Descriptor, type ImageManifest } from '../manifest.js';
import { MEDIA_TYPE } from '../media-types.js';
import { describe as describeContent, type DescribedContent } from './described-content.js';
import { embServeFromModelPack, findTfliteWeight, isModelPack, MODELPACK, MODELPACK_LINK } from './modelpack.js';
import { MODEL_ANNOTATION } from './modelpack-provenance.js';
import { tfliteFromWeight } from './modelpack-weight.js';
import { parseServiceJson } from './service-json.js';

const MODEL = new URL('../../firmware-sim/tinyml/testdata/hello_world_int8.tflite', import.meta.url);
const RUNNER = new TextEncoder().encode(JSON.stringify({ name: 'runner', version: '1.0.0', wasm: 'AGFzbQEAAAA=', outputs: [{ key: 'y', type: 1 }] }));

async function tarOf(files: Record<string, Uint8Array>): Promise<Uint8Array> {
  const archive = tarPack();
  for (const [name, bytes] of Object.entries(files)) archive.entry({ name, size: bytes.length }, Buffer.from(bytes));
  archive.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of archive as AsyncIterable<Buffer>) chunks.push(chunk);
  return new Uint8Array(Buffer.concat(chunks));
}

const weight = (mediaType: string, bytes: Uint8Array, filepath: string): DescribedContent => describeContent(mediaType, bytes, { [MODELPACK.ANNOTATION_FILEPATH]: filepath });

/** A ModelPack as modctl builds it: model config, weight layers with their filepath. */
function modelPack(layers: readonly DescribedContent[]): { manifest: ImageManifest; config: DescribedContent } {
  const config = describeContent(MODELPACK.CONFIG, new TextEncoder().encode(JSON.stringify({ descriptor: { name: 'hello' }, modelfs: { type: 'layers', diffIds: [] }, config: { format: 'tflite' } })));
  const manifest: ImageManifest = { schemaVersion: 2, mediaType: MEDIA_TYPE.OCI_MANIFEST, artifactType: MODELPACK.ARTIFACT_TYPE, config: config.descriptor, layers: layers.map((l) => l.descriptor) };
  return { manifest, config };
}

describe('ModelPack artifacts', () => {
  let dir: string;
  let store: LayoutTarget;
  let tflite: Uint8Array;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'farside-modelpack-'));
    store = await LayoutTarget.open(dir, { create: true });
    tflite = new Uint8Array(await readFile(MODEL));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  /** Stores the ModelPack in the layout and reads the .tflite back the way `farside model import` does. */
  async function storeAndFind(layers: DescribedContent[]): Promise<{ name: string; bytes: Uint8Array; layer: Descriptor }> {
    const { manifest, config } = modelPack(layers);
    for (const part of [config, ...layers]) await store.pushBlob(part.descriptor, part.bytes);
    const bytes = new TextEncoder().encode(JSON.stringify(manifest));
    await store.pushManifest(describeContent(MEDIA_TYPE.OCI_MANIFEST, bytes).descriptor, bytes, 'hello');
    const parsed = parseManifest(await store.fetchManifest(await store.resolve('hello')));
    if (parsed.kind !== 'manifest') throw new Error('expected a manifest');
    const layer = findTfliteWeight(parsed.manifest);
    return { ...(await tfliteFromWeight(layer, await store.fetchBlob(layer))), layer };
  }

  it('finds the .tflite among raw weight layers by its filepath annotation', async () => {
    const found = await storeAndFind([
      weight(MODELPACK.WEIGHT_RAW, new TextEncoder().encode('{"labels":[]}'), 'labels.json'),
      weight(MODELPACK.WEIGHT_RAW, tflite, 'models/hello_world_int8.tflite'),
    ]);
    expect(found.name).toBe('hello_world_int8.tflite');
    expect(found.bytes).toEqual(tflite);
  });

  it('reads the .tflite out of a tar and a gzipped tar weight layer', async () => {
    const tar = await tarOf({ 'README.md': new TextEncoder().encode('hello'), 'model/hello_world_int8.tflite': tflite });
    expect((await storeAndFind([weight(MODELPACK.WEIGHT_TAR, tar, 'model/')])).bytes).toEqual(tflite);
    const gz = await storeAndFind([weight(MODELPACK.WEIGHT_TAR_GZIP, gzipSync(tar), 'model/')]);
    expect(gz.name).toBe('hello_world_int8.tflite');
    expect(gz.bytes).toEqual(tflite);
  });

  it('refuses a ModelPack with no .tflite weight, naming the weights it has', async () => {
    const layers = [weight(MODELPACK.WEIGHT_RAW, new Uint8Array([1, 2]), 'model.safetensors'), weight(MODELPACK.WEIGHT_RAW, new Uint8Array([3]), 'model-2.safetensors')];
    const err = await storeAndFind(layers).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FarsideError);
    expect((err as FarsideError).code).toBe(ERROR_CODES.INVALID_INPUT);
    expect((err as FarsideError).message).toMatch(/no \.tflite weight \(weights: model\.safetensors, model-2\.safetensors\)/);
  });

  it('refuses a tar weight without a .tflite in it', async () => {
    const tar = await tarOf({ 'a.bin': new Uint8Array([1]), 'b.bin': new Uint8Array([2]) });
    await expect(storeAndFind([weight(MODELPACK.WEIGHT_TAR, tar, 'weights/')])).rejects.toThrow(/holds no \.tflite files \(a\.bin, b\.bin\)/);
    await expect(storeAndFind([weight(MODELPACK.WEIGHT_TAR, new Uint8Array(1024).fill(7), 'weights/')])).rejects.toThrow(/not a tar archive|no \.tflite/);
  });

  it('refuses a manifest that is no ModelPack', () => {
    const manifest: ImageManifest = { schemaVersion: 2, config: { mediaType: MEDIA_TYPE.OCI_CONFIG, digest: `sha256:${'0'.repeat(64)}`, size: 2 }, layers: [] };
    expect(isModelPack(manifest)).toBe(false);
    expect(() => findTfliteWeight(manifest)).toThrow(/not a ModelPack: its config is application\/vnd\.oci\.image\.config\.v1\+json/);
  });

  it('packs a runner and the model as an embServe artifact carrying the model, its provenance and the ModelPack digest', () => {
    const packed = embServeFromModelPack({
      modelBytes: tflite,
      modelName: 'hello_world_int8.tflite',
      runnerService: RUNNER,
      tensorArenaSize: 2048,
      modelPack: { digest: `sha256:${'a'.repeat(64)}`, reference: 'oci-layout:store:hello' },
      provenance: { name: 'hello', version: '1.2.0', sourceRun: 'https://ci.example.com/runs/42' },
    });
    const service = parseServiceJson(packed.layers[0]!.bytes);
    expect(service.name).toBe('runner');
    expect(service.model).toEqual({ file: 'hello_world_int8.tflite', data: Buffer.from(tflite).toString('base64'), tensor_arena_size: 2048 });
    expect(packed.layers[1]?.bytes).toEqual(tflite);
    const annotations = JSON.parse(new TextDecoder().decode(packed.manifest.bytes)).annotations as Record<string, string>;
    expect(annotations).toMatchObject({
      [MODEL_ANNOTATION.NAME]: 'hello',
      [MODEL_ANNOTATION.VERSION]: '1.2.0',
      'org.opencontainers.image.version': '1.2.0',
      'org.opencontainers.image.source': 'https://ci.example.com/runs/42',
      [MODEL_ANNOTATION.SOURCE_RUN]: 'https://ci.example.com/runs/42',
      [MODEL_ANNOTATION.DIGEST]: packed.layers[1]?.descriptor.digest,
      [MODELPACK_LINK.DIGEST]: `sha256:${'a'.repeat(64)}`,
    });
  });

  it('refuses bad provenance with the field it is about', () => {
    const options = { modelBytes: tflite, modelName: 'm.tflite', runnerService: RUNNER, modelPack: { digest: `sha256:${'a'.repeat(64)}` } };
    expect(() => embServeFromModelPack({ ...options, provenance: { name: 'kws model' } })).toThrow(/model provenance name: a model name is/);
    expect(() => embServeFromModelPack({ ...options, provenance: { sourceRun: 'run 42' } })).toThrow(/model provenance sourceRun/);
  });
});
