import { mkdtemp, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ERROR_CODES, FarsideError } from '../../errors/index.js';
import { sha256Digest } from '../digest.js';
import type { Descriptor } from '../manifest.js';
import { ANNOTATION, MEDIA_TYPE } from '../media-types.js';
import { blobPath } from './layout-files.js';
import { LayoutTarget } from './layout-target.js';

const encoder = new TextEncoder();

function described(mediaType: string, bytes: Uint8Array): { descriptor: Descriptor; bytes: Uint8Array } {
  return { descriptor: { mediaType, digest: sha256Digest(bytes), size: bytes.length }, bytes };
}

function sampleArtifact(text = 'hello layout') {
  const config = described(MEDIA_TYPE.OCI_CONFIG, encoder.encode('{"architecture":"arm","os":"zephyr"}'));
  const layer = described(MEDIA_TYPE.EMBSERVE_SERVICE, encoder.encode(JSON.stringify({ text })));
  const manifest = described(
    MEDIA_TYPE.OCI_MANIFEST,
    encoder.encode(JSON.stringify({ schemaVersion: 2, mediaType: MEDIA_TYPE.OCI_MANIFEST, config: config.descriptor, layers: [layer.descriptor] })),
  );
  return { config, layer, manifest };
}

async function pushSample(target: LayoutTarget, tag?: string, text?: string) {
  const sample = sampleArtifact(text);
  await target.pushBlob(sample.config.descriptor, sample.config.bytes);
  await target.pushBlob(sample.layer.descriptor, sample.layer.bytes);
  await target.pushManifest(sample.manifest.descriptor, sample.manifest.bytes, tag);
  return sample;
}

async function rejection(promise: Promise<unknown>): Promise<FarsideError> {
  const err = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(err).toBeInstanceOf(FarsideError);
  return err as FarsideError;
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

let scratch: string;
beforeEach(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'farside-layout-'));
});
afterEach(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('LayoutTarget.open', () => {
  it('creates oci-layout, an empty index.json and blobs/ when asked to', async () => {
    const root = join(scratch, 'store');
    await LayoutTarget.open(root, { create: true });
    expect(JSON.parse(await readFile(join(root, 'oci-layout'), 'utf8'))).toEqual({ imageLayoutVersion: '1.0.0' });
    expect(JSON.parse(await readFile(join(root, 'index.json'), 'utf8'))).toEqual({ schemaVersion: 2, mediaType: MEDIA_TYPE.OCI_INDEX, manifests: [] });
    expect((await stat(join(root, 'blobs'))).isDirectory()).toBe(true);
  });

  it('keeps an existing layout as it is when asked to create one', async () => {
    const root = join(scratch, 'store');
    const first = await LayoutTarget.open(root, { create: true });
    await pushSample(first, 'v1');
    const again = await LayoutTarget.open(root, { create: true });
    expect(await again.tags()).toEqual(['v1']);
  });

  it('reports a missing directory as not found unless asked to create it', async () => {
    const err = await rejection(LayoutTarget.open(join(scratch, 'nowhere')));
    expect(err.code).toBe(ERROR_CODES.NOT_FOUND);
  });

  it('refuses a directory that has no oci-layout file', async () => {
    const err = await rejection(LayoutTarget.open(scratch));
    expect(err.code).toBe(ERROR_CODES.INVALID_INPUT);
    expect(err.message).toMatch(/oci-layout is missing/);
  });

  it('refuses a layout of an unknown version or with a broken index.json', async () => {
    const root = join(scratch, 'store');
    await LayoutTarget.open(root, { create: true });
    await writeFile(join(root, 'index.json'), '{"schemaVersion":2,"manifests":[{"digest":"nope"}]}');
    expect((await rejection(LayoutTarget.open(root))).code).toBe(ERROR_CODES.INVALID_INPUT);
    await writeFile(join(root, 'oci-layout'), '{"imageLayoutVersion":"2.0.0"}');
    expect((await rejection(LayoutTarget.open(root))).message).toMatch(/unsupported image layout version/);
  });

  it('does nothing on disk when only constructed', async () => {
    const root = join(scratch, 'lazy');
    new LayoutTarget(root);
    await expect(stat(root)).rejects.toThrow();
  });
});

describe('LayoutTarget content', () => {
  it('round-trips blobs and a tagged manifest', async () => {
    const target = await LayoutTarget.open(join(scratch, 'store'), { create: true });
    const sample = await pushSample(target, 'v1');
    const resolved = await target.resolve('v1');
    expect(resolved).toEqual(sample.manifest.descriptor);
    expect(await target.fetchManifest(resolved)).toEqual(sample.manifest.bytes);
    expect(await target.fetchBlob(sample.layer.descriptor)).toEqual(sample.layer.bytes);
    expect(await target.hasBlob(sample.config.descriptor)).toBe(true);
  });

  it('writes tags into index.json as org.opencontainers.image.ref.name', async () => {
    const root = join(scratch, 'store');
    const target = await LayoutTarget.open(root, { create: true });
    const sample = await pushSample(target, 'v1');
    const index = JSON.parse(await readFile(join(root, 'index.json'), 'utf8'));
    expect(index.manifests).toEqual([{ ...sample.manifest.descriptor, annotations: { [ANNOTATION.REF_NAME]: 'v1' } }]);
    expect(await readFile(join(root, 'blobs', 'sha256', sample.layer.descriptor.digest.slice(7)))).toEqual(Buffer.from(sample.layer.bytes));
  });

  it('moves a tag to the manifest pushed last and keeps the other tags', async () => {
    const target = await LayoutTarget.open(join(scratch, 'store'), { create: true });
    await pushSample(target, 'stable', 'one');
    await pushSample(target, 'latest', 'one');
    const second = await pushSample(target, 'latest', 'two');
    expect(await target.tags()).toEqual(['stable', 'latest']);
    expect((await target.resolve('latest')).digest).toBe(second.manifest.descriptor.digest);
  });

  it('resolves a digest, also of a manifest no tag names', async () => {
    const target = await LayoutTarget.open(join(scratch, 'store'), { create: true });
    const tagged = await pushSample(target, 'v1', 'tagged');
    const untagged = await pushSample(target, undefined, 'untagged');
    expect(await target.resolve(tagged.manifest.descriptor.digest)).toEqual(tagged.manifest.descriptor);
    expect(await target.resolve(untagged.manifest.descriptor.digest)).toEqual(untagged.manifest.descriptor);
  });

  it('reports a missing tag, digest or blob as not found', async () => {
    const target = await LayoutTarget.open(join(scratch, 'store'), { create: true });
    const absent = sampleArtifact('absent');
    expect((await rejection(target.resolve('nope'))).code).toBe(ERROR_CODES.NOT_FOUND);
    expect((await rejection(target.resolve(absent.manifest.descriptor.digest))).code).toBe(ERROR_CODES.NOT_FOUND);
    expect((await rejection(target.fetchBlob(absent.layer.descriptor))).code).toBe(ERROR_CODES.NOT_FOUND);
    expect(await target.hasBlob(absent.layer.descriptor)).toBe(false);
  });

  it('reports a tampered blob file as invalid input, whether its size changed or not', async () => {
    const root = join(scratch, 'store');
    const target = await LayoutTarget.open(root, { create: true });
    const sample = await pushSample(target, 'v1');
    const path = blobPath(root, sample.layer.descriptor.digest);
    const same = Buffer.from(sample.layer.bytes);
    same[3] = (same[3] ?? 0) ^ 1;
    await writeFile(path, same);
    const err = await rejection(target.fetchBlob(sample.layer.descriptor));
    expect(err.code).toBe(ERROR_CODES.INVALID_INPUT);
    expect(err.message).toMatch(/digest mismatch/);
    await writeFile(path, 'short');
    expect((await rejection(target.fetchBlob(sample.layer.descriptor))).message).toMatch(/bytes on disk/);
    expect(await target.hasBlob(sample.layer.descriptor)).toBe(false);
  });

  it('refuses content that does not match its descriptor and stores nothing', async () => {
    const root = join(scratch, 'store');
    const target = await LayoutTarget.open(root, { create: true });
    const sample = sampleArtifact();
    const err = await rejection(target.pushBlob(sample.layer.descriptor, encoder.encode('something else')));
    expect(err.code).toBe(ERROR_CODES.INVALID_INPUT);
    const notAManifest = described(MEDIA_TYPE.OCI_MANIFEST, encoder.encode('{"schemaVersion":2}'));
    expect((await rejection(target.pushManifest(notAManifest.descriptor, notAManifest.bytes, 'v1'))).code).toBe(ERROR_CODES.INVALID_INPUT);
    expect(await filesUnder(join(root, 'blobs'))).toEqual([]);
  });

  it('refuses a descriptor whose digest could lead outside the layout', async () => {
    const target = await LayoutTarget.open(join(scratch, 'store'), { create: true });
    const bad = { mediaType: 'x/y', digest: 'sha256:../../../etc/passwd', size: 1 } as unknown as Descriptor;
    expect((await rejection(target.fetchBlob(bad))).code).toBe(ERROR_CODES.INVALID_INPUT);
    expect((await rejection(target.pushBlob(bad, new Uint8Array(1)))).code).toBe(ERROR_CODES.INVALID_INPUT);
  });

  it('refuses a tag outside the distribution-spec grammar', async () => {
    const target = await LayoutTarget.open(join(scratch, 'store'), { create: true });
    const sample = sampleArtifact();
    const err = await rejection(target.pushManifest(sample.manifest.descriptor, sample.manifest.bytes, 'no/slashes'));
    expect(err.code).toBe(ERROR_CODES.INVALID_INPUT);
  });

  it('stops with a cancelled error when the signal is already aborted', async () => {
    const target = await LayoutTarget.open(join(scratch, 'store'), { create: true });
    const err = await rejection(target.resolve('v1', { signal: AbortSignal.abort() }));
    expect(err.code).toBe(ERROR_CODES.CANCELLED);
  });
});

describe('LayoutTarget writes', () => {
  it('leaves no temporary file behind when a blob cannot be written', async () => {
    const root = join(scratch, 'store');
    const target = await LayoutTarget.open(root, { create: true });
    const sample = sampleArtifact();
    // A directory where the blob file belongs makes the final rename fail after the temporary file was written.
    const path = blobPath(root, sample.layer.descriptor.digest);
    await mkdir(join(path, 'occupied'), { recursive: true });
    const err = await rejection(target.pushBlob(sample.layer.descriptor, sample.layer.bytes));
    expect(err.code).toBe(ERROR_CODES.INVALID_INPUT);
    expect((await filesUnder(root)).filter((file) => file.endsWith('.tmp'))).toEqual([]);
  });

  it('takes many concurrent pushes of the same blob and keeps one intact copy', async () => {
    const root = join(scratch, 'store');
    const target = await LayoutTarget.open(root, { create: true });
    const sample = sampleArtifact();
    const others = Array.from({ length: 5 }, () => new LayoutTarget(root));
    await Promise.all(Array.from({ length: 20 }, (_, k) => (others[k % others.length] ?? target).pushBlob(sample.layer.descriptor, sample.layer.bytes)));
    expect(await target.fetchBlob(sample.layer.descriptor)).toEqual(sample.layer.bytes);
    expect(await filesUnder(join(root, 'blobs'))).toEqual([blobPath(root, sample.layer.descriptor.digest)]);
  });

  it('keeps every tag when tags are written at the same time', async () => {
    const root = join(scratch, 'store');
    const target = await LayoutTarget.open(root, { create: true });
    const tags = Array.from({ length: 12 }, (_, k) => `t${k}`);
    await Promise.all(tags.map((tag) => pushSample(new LayoutTarget(root), tag, tag)));
    expect((await target.tags()).sort()).toEqual([...tags].sort());
    expect((await filesUnder(root)).filter((file) => file.endsWith('.tmp'))).toEqual([]);
  });
});
