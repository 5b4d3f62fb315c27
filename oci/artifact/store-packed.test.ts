import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LayoutTarget } from '../layout/index.js';
import { packEmbServeArtifact } from './pack.js';
import { storePacked } from './store-packed.js';

const service = new TextEncoder().encode(JSON.stringify({ name: 'temperature', version: '1.0.0', service: 'AA==', dependencies: { sdk_api: 1 } }));

describe('storePacked', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'farside-store-packed-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('writes the blobs and the tagged manifest, and writes no blob twice when stored again', async () => {
    const target = await LayoutTarget.open(dir, { create: true });
    const packed = packEmbServeArtifact({ service, created: new Date(0) });
    await storePacked(target, packed, 'v1');
    expect(await target.tags()).toEqual(['v1']);
    expect((await target.resolve('v1')).digest).toBe(packed.manifest.descriptor.digest);
    const written: string[] = [];
    await storePacked(target, packed, 'v2', { onProgress: ({ digest }) => void written.push(digest) });
    expect(written).toEqual([packed.manifest.descriptor.digest]);
    expect((await target.tags()).sort()).toEqual(['v1', 'v2']);
  });
});
