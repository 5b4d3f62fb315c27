import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../errors/index.js';
import { EMBSERVE_CONFIG_BYTES, LayoutTarget, MEDIA_TYPE, addToIndex, describeContent, encodeImageManifest, packEmbServeArtifact } from '../oci/index.js';
import { pullServiceJson } from './pod-image.js';

const SERVICE = new TextEncoder().encode(JSON.stringify({ name: 'temperature', version: '1.0.0', data_model: [], service: 'AAAA', dependencies: { sdk_api: 1 }, inputs: [], outputs: [] }));

describe('pulling the service.json of a pod image', () => {
  let dir: string;
  let store: LayoutTarget;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'farside-pod-image-'));
    store = await LayoutTarget.open(dir, { create: true });
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const push = async (): Promise<ReturnType<typeof packEmbServeArtifact>> => {
    const packed = packEmbServeArtifact({ service: SERVICE, created: new Date(0) });
    for (const blob of [packed.config, ...packed.layers]) await store.pushBlob(blob.descriptor, blob.bytes);
    await store.pushManifest(packed.manifest.descriptor, packed.manifest.bytes, 'v1');
    return packed;
  };

  it('returns the service.json bytes of an embServe artifact in an oci-layout store, by tag and by digest', async () => {
    const packed = await push();
    expect(await pullServiceJson(`oci-layout:${dir}:v1`)).toEqual(SERVICE);
    expect(await pullServiceJson(`oci-layout:${dir}@${packed.manifest.descriptor.digest}`)).toEqual(SERVICE);
  });

  it('picks the embServe entry of a multi-platform index', async () => {
    const packed = await push();
    const index = addToIndex(undefined, packed.manifest.descriptor);
    await store.pushManifest(index.descriptor, index.bytes, 'multi');
    expect(await pullServiceJson(`oci-layout:${dir}:multi`)).toEqual(SERVICE);
  });

  it('refuses a container image with INVALID_INPUT and a missing tag with NOT_FOUND', async () => {
    const config = describeContent(MEDIA_TYPE.OCI_CONFIG, EMBSERVE_CONFIG_BYTES);
    const layer = describeContent('application/vnd.oci.image.layer.v1.tar+gzip', new Uint8Array([1, 2, 3]));
    const manifest = describeContent(MEDIA_TYPE.OCI_MANIFEST, new TextEncoder().encode(encodeImageManifest({ schemaVersion: 2, mediaType: MEDIA_TYPE.OCI_MANIFEST, config: config.descriptor, layers: [layer.descriptor] })));
    for (const blob of [config, layer]) await store.pushBlob(blob.descriptor, blob.bytes);
    await store.pushManifest(manifest.descriptor, manifest.bytes, 'image');
    await expect(pullServiceJson(`oci-layout:${dir}:image`)).rejects.toMatchObject({ code: ERROR_CODES.INVALID_INPUT, message: expect.stringMatching(/not an embServe workload/) as unknown });
    await expect(pullServiceJson(`oci-layout:${dir}:absent`)).rejects.toMatchObject({ code: ERROR_CODES.NOT_FOUND });
  });
});
