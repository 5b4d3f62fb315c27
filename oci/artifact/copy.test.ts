import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ERROR_CODES, FarsideError } from '../../errors/index.js';
import { sha256Digest } from '../digest.js';
import { LayoutTarget } from '../layout/layout-target.js';
import { blobPath } from '../layout/layout-files.js';
import type { Descriptor } from '../manifest.js';
import { MEDIA_TYPE } from '../media-types.js';
import { copy } from './copy.js';
import type { DescribedContent } from './described-content.js';
import { EMBSERVE_PLATFORM } from './embserve.js';
import { packEmbServeArtifact } from './pack.js';
import { addToIndex } from './platform-index.js';

const encoder = new TextEncoder();
const SERVICE = new Uint8Array(await readFile(new URL('./testdata/service.json', import.meta.url)));
const LINUX_AMD64 = { os: 'linux', architecture: 'amd64' };

function described(mediaType: string, text: string): DescribedContent {
  const bytes = encoder.encode(text);
  return { descriptor: { mediaType, digest: sha256Digest(bytes), size: bytes.length }, bytes };
}

/** A stand-in linux container image: config and one layer. */
function linuxImage() {
  const config = described(MEDIA_TYPE.OCI_CONFIG, '{"architecture":"amd64","os":"linux"}');
  const layer = described('application/vnd.oci.image.layer.v1.tar+gzip', 'not really a tarball');
  const manifest = described(MEDIA_TYPE.OCI_MANIFEST, JSON.stringify({ schemaVersion: 2, mediaType: MEDIA_TYPE.OCI_MANIFEST, config: config.descriptor, layers: [layer.descriptor] }));
  return { manifest, blobs: [config, layer] };
}

async function pushAll(target: LayoutTarget, manifest: DescribedContent, blobs: readonly DescribedContent[], tag?: string): Promise<void> {
  for (const blob of blobs) await target.pushBlob(blob.descriptor, blob.bytes);
  await target.pushManifest(manifest.descriptor, manifest.bytes, tag);
}

async function caught(promise: Promise<unknown>): Promise<FarsideError> {
  const err = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(err).toBeInstanceOf(FarsideError);
  return err as FarsideError;
}

let scratch: string;
let src: LayoutTarget;
let dst: LayoutTarget;
beforeEach(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'farside-copy-'));
  src = await LayoutTarget.open(join(scratch, 'src'), { create: true });
  dst = await LayoutTarget.open(join(scratch, 'dst'), { create: true });
});
afterEach(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** The source holds an index (tag "multi") with a linux image and the embServe artifact. */
async function seedMultiPlatform() {
  const packed = packEmbServeArtifact({ service: SERVICE, created: new Date(0) });
  await pushAll(src, packed.manifest, [packed.config, ...packed.layers]);
  const linux = linuxImage();
  await pushAll(src, linux.manifest, linux.blobs);
  const containersOnly = JSON.parse(new TextDecoder().decode(addToIndex(undefined, linux.manifest.descriptor, LINUX_AMD64).bytes));
  const index = addToIndex(containersOnly, packed.manifest.descriptor, EMBSERVE_PLATFORM);
  await src.pushManifest(index.descriptor, index.bytes, 'multi');
  return { packed, linux, index };
}

async function has(target: LayoutTarget, descriptor: Descriptor): Promise<boolean> {
  return target.hasBlob(descriptor);
}

describe('copy', () => {
  it('copies a tagged manifest with its config and layers', async () => {
    const packed = packEmbServeArtifact({ service: SERVICE, created: new Date(0) });
    await pushAll(src, packed.manifest, [packed.config, ...packed.layers], 'v1');
    const result = await copy(src, dst, 'v1', { tag: 'deployed' });
    expect(result).toEqual({ descriptor: packed.manifest.descriptor, copiedBlobs: 2, skippedBlobs: 0 });
    const resolved = await dst.resolve('deployed');
    expect(await dst.fetchManifest(resolved)).toEqual(packed.manifest.bytes);
    expect(await dst.fetchBlob(packed.layers[0]!.descriptor)).toEqual(SERVICE);
  });

  it('skips the blobs the destination already has', async () => {
    const packed = packEmbServeArtifact({ service: SERVICE, created: new Date(0) });
    await pushAll(src, packed.manifest, [packed.config, ...packed.layers], 'v1');
    await dst.pushBlob(packed.config.descriptor, packed.config.bytes);
    const events: string[] = [];
    const result = await copy(src, dst, 'v1', { tag: 'v1', onProgress: (event) => events.push(event.digest) });
    expect(result).toMatchObject({ copiedBlobs: 1, skippedBlobs: 1 });
    expect(events).toContain(packed.manifest.descriptor.digest);
  });

  it('copies a whole index with its linux and zephyr manifests', async () => {
    const { packed, linux, index } = await seedMultiPlatform();
    const result = await copy(src, dst, 'multi', { tag: 'multi' });
    expect(result).toEqual({ descriptor: index.descriptor, copiedBlobs: 4, skippedBlobs: 0 });
    expect(await dst.fetchManifest(await dst.resolve('multi'))).toEqual(index.bytes);
    expect(await dst.resolve(linux.manifest.descriptor.digest)).toEqual(linux.manifest.descriptor);
    expect(await has(dst, packed.layers[0]!.descriptor)).toBe(true);
  });

  it('copies only the selected platform’s manifest, which becomes the tagged root', async () => {
    const { packed, linux } = await seedMultiPlatform();
    const result = await copy(src, dst, 'multi', { tag: 'edge', platform: EMBSERVE_PLATFORM });
    expect(result.descriptor.digest).toBe(packed.manifest.descriptor.digest);
    expect((await dst.resolve('edge')).digest).toBe(packed.manifest.descriptor.digest);
    expect(await has(dst, packed.config.descriptor)).toBe(true);
    expect(await has(dst, linux.blobs[1]!.descriptor)).toBe(false);
    expect((await caught(dst.resolve(linux.manifest.descriptor.digest))).code).toBe(ERROR_CODES.NOT_FOUND);
  });

  it('reports a platform the index lacks as not found and copies nothing', async () => {
    await seedMultiPlatform();
    const err = await caught(copy(src, dst, 'multi', { tag: 'edge', platform: { os: 'zephyr', architecture: 'riscv32' } }));
    expect(err.code).toBe(ERROR_CODES.NOT_FOUND);
    expect(await dst.tags()).toEqual([]);
  });

  it('stops at a tampered source blob and leaves the destination untagged', async () => {
    const packed = packEmbServeArtifact({ service: SERVICE, created: new Date(0) });
    await pushAll(src, packed.manifest, [packed.config, ...packed.layers], 'v1');
    const tampered = Buffer.from(SERVICE);
    tampered[10] = (tampered[10] ?? 0) ^ 0xff;
    await writeFile(blobPath(src.root, packed.layers[0]!.descriptor.digest), tampered);
    const err = await caught(copy(src, dst, 'v1', { tag: 'v1' }));
    expect(err.code).toBe(ERROR_CODES.INVALID_INPUT);
    expect(await has(dst, packed.layers[0]!.descriptor)).toBe(false);
    expect(await dst.tags()).toEqual([]);
  });

  it('reports a missing source reference as not found', async () => {
    expect((await caught(copy(src, dst, 'absent', { tag: 'x' }))).code).toBe(ERROR_CODES.NOT_FOUND);
  });
});

describe('copying content of an unknown media type', () => {
  it('refuses it with a clear error before transferring anything', async () => {
    const { manifest, blobs } = linuxImage();
    await pushAll(src, manifest, blobs, 'odd');
    // A source that reports the manifest under a media type nobody knows.
    const odd: typeof src = Object.create(src) as typeof src;
    odd.resolve = async (reference: string) => ({ ...(await src.resolve(reference)), mediaType: 'application/vnd.example.unknown+json' });
    const err = await caught(copy(odd, dst, 'odd', { tag: 'odd' }));
    expect(err.code).toBe(ERROR_CODES.INVALID_INPUT);
    expect(err.message).toContain('application/vnd.example.unknown+json');
    expect(await dst.tags()).toEqual([]);
  });
});
