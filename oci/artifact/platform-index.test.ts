import { describe, expect, it } from 'vitest';
import { expectInvalidInput } from '../../test/support/assertions.js';
import { parseManifest, type Descriptor, type ImageIndex } from '../manifest.js';
import { MEDIA_TYPE } from '../media-types.js';
import { EMBSERVE_PLATFORM } from './embserve.js';
import { addToIndex, selectPlatform } from './platform-index.js';

const digest = (char: string) => `sha256:${char.repeat(64)}` as const;
const manifest = (char: string, size = 100): Descriptor => ({ mediaType: MEDIA_TYPE.OCI_MANIFEST, digest: digest(char), size });

const LINUX_AMD64 = { ...manifest('1'), platform: { os: 'linux', architecture: 'amd64' } };
const LINUX_ARM = { ...manifest('2'), platform: { os: 'linux', architecture: 'arm', variant: 'v7' } };
const CONTAINER_INDEX: ImageIndex = { schemaVersion: 2, mediaType: MEDIA_TYPE.OCI_INDEX, manifests: [LINUX_AMD64, LINUX_ARM], annotations: { keep: 'me' } };

function indexOf(bytes: Uint8Array): ImageIndex {
  const parsed = parseManifest(bytes);
  if (parsed.kind !== 'index') throw new Error('not an index');
  return parsed.index;
}

describe('addToIndex', () => {
  it('makes a one-entry index for the embServe platform, serialized as Go would', () => {
    const added = addToIndex(undefined, manifest('a', 527));
    expect(new TextDecoder().decode(added.bytes)).toBe(
      `{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"${digest('a')}","size":527,"platform":{"architecture":"arm","os":"zephyr","variant":"v7"}}]}`,
    );
    expect(added.descriptor).toMatchObject({ mediaType: MEDIA_TYPE.OCI_INDEX, size: added.bytes.length });
  });

  it('keeps the linux entries and the index annotations and appends the zephyr entry', () => {
    const index = indexOf(addToIndex(CONTAINER_INDEX, manifest('a')).bytes);
    expect(index.manifests).toEqual([LINUX_AMD64, LINUX_ARM, { ...manifest('a'), platform: EMBSERVE_PLATFORM }]);
    expect(index.annotations).toEqual({ keep: 'me' });
  });

  it('replaces an existing zephyr/arm/v7 entry in place', () => {
    const once = indexOf(addToIndex(CONTAINER_INDEX, manifest('a')).bytes);
    const reordered = { ...once, manifests: [once.manifests[2]!, ...once.manifests.slice(0, 2)] };
    const twice = indexOf(addToIndex(reordered, manifest('b')).bytes);
    expect(twice.manifests.map((entry) => entry.digest)).toEqual([digest('b'), digest('1'), digest('2')]);
  });

  it('refuses a malformed descriptor or platform', () => {
    expectInvalidInput(() => addToIndex(undefined, { ...manifest('a'), digest: 'sha256:zz' } as unknown as Descriptor), /manifest descriptor/);
    expectInvalidInput(() => addToIndex(undefined, manifest('a'), { os: '', architecture: 'arm' }), /platform/);
  });
});

describe('selectPlatform', () => {
  const index = indexOf(addToIndex(CONTAINER_INDEX, manifest('a')).bytes);

  it('picks the entry of the exact os, architecture and variant', () => {
    expect(selectPlatform(index, EMBSERVE_PLATFORM)?.digest).toBe(digest('a'));
    expect(selectPlatform(index, { os: 'linux', architecture: 'arm', variant: 'v7' })?.digest).toBe(digest('2'));
  });

  it('falls back to an entry without a variant but prefers the exact variant', () => {
    const noVariant = { ...manifest('c'), platform: { os: 'zephyr', architecture: 'arm' } };
    const both: ImageIndex = { schemaVersion: 2, manifests: [noVariant, { ...manifest('d'), platform: EMBSERVE_PLATFORM }] };
    expect(selectPlatform(both, EMBSERVE_PLATFORM)?.digest).toBe(digest('d'));
    expect(selectPlatform({ schemaVersion: 2, manifests: [noVariant] }, EMBSERVE_PLATFORM)?.digest).toBe(digest('c'));
  });

  it('takes any variant when none is wanted, and nothing when os or architecture differ', () => {
    expect(selectPlatform(index, { os: 'linux', architecture: 'arm' })?.digest).toBe(digest('2'));
    expect(selectPlatform(index, { os: 'zephyr', architecture: 'riscv32' })).toBeUndefined();
    expect(selectPlatform(index, { os: 'zephyr', architecture: 'arm', variant: 'v8' })).toBeUndefined();
  });
});
