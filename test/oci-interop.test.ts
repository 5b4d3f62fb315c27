/**
 * farside's OCI client against independent implementations: Debian's docker-registry
 * (distribution 2.8) as the store and skopeo (containers/image) as a second client. If
 * skopeo reads what we push byte for byte, and we pull what skopeo copies, both sides
 * agree on the distribution and image-layout specs.
 */
import { execFile } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES, FarsideError } from '../errors/index.js';
import {
  LayoutTarget,
  MEDIA_TYPE,
  RegistryTarget,
  addToIndex,
  copy,
  packEmbServeArtifact,
  parseManifest,
  parseRegistryReference,
  understandArtifact,
  type Descriptor,
  type OciTarget,
  type PackedArtifact,
} from '../oci/index.js';
import { startRegistry, type TestRegistry } from './support/docker-registry.js';
import { content, json, patternBytes } from './support/registry-content.js';

const run = promisify(execFile);
const SKOPEO = '/usr/bin/skopeo';
const CREATED = new Date('2024-05-01T12:00:00Z');
const ZEPHYR_ARM_V7 = { os: 'zephyr', architecture: 'arm', variant: 'v7' } as const;

/** A FITA-style service.json, as `oras push` would upload it. */
function serviceJson(name: string): Uint8Array {
  return new TextEncoder().encode(
    JSON.stringify({
      name,
      version: '1.0.0',
      data_model: ['lwm2m:urn:oma:lwm2m:ext:3303'],
      service: 'AGFzbQEAAAA=',
      dependencies: { sdk_api: 1 },
      inputs: [{ key: 'temperature', type: 1, data_model_mapping: ['lwm2m:3303/0/5700'] }],
      outputs: [{ key: 'average', type: 1, data_model_mapping: ['lwm2m:3303/1/5700'] }],
    }),
  );
}

function blobsOf(packed: PackedArtifact): { descriptor: Descriptor; bytes: Uint8Array }[] {
  return [packed.config, ...packed.layers];
}

async function pushPacked(target: OciTarget, packed: PackedArtifact, tag?: string): Promise<void> {
  for (const blob of blobsOf(packed)) await target.pushBlob(blob.descriptor, blob.bytes);
  await target.pushManifest(packed.manifest.descriptor, packed.manifest.bytes, tag);
}

/** Every file under `root`, relative, sorted: what a failed pull must not have added to. */
async function filesUnder(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)))
    .sort();
}

async function skopeo(...args: string[]): Promise<string> {
  const { stdout } = await run(SKOPEO, args, { maxBuffer: 16 * 1024 * 1024 });
  return stdout;
}

describe('OCI interop with docker-registry and skopeo', () => {
  let registry: TestRegistry;
  let work: string;
  const targets: RegistryTarget[] = [];
  let layouts = 0;

  /** A RegistryTarget for `repository` in the test registry; closed after the suite. */
  function repo(repository: string): RegistryTarget {
    const target = RegistryTarget.fromReference(parseRegistryReference(`${registry.host}/${repository}:latest`), { plainHttp: true, retries: 1, retryDelayMs: 1 });
    targets.push(target);
    return target;
  }

  async function freshLayout(): Promise<LayoutTarget> {
    return LayoutTarget.open(join(work, `layout-${++layouts}`), { create: true });
  }

  beforeAll(async () => {
    await run(SKOPEO, ['--version']).catch((err: { code?: string }) => {
      if (err.code === 'ENOENT') throw new Error(`skopeo is not installed at ${SKOPEO}: apt-get install skopeo (.ci/run does)`);
      throw err;
    });
    registry = await startRegistry();
    work = await mkdtemp(join(tmpdir(), 'farside-oci-interop-'));
  });

  afterAll(async () => {
    for (const target of targets) target.close();
    await registry?.close();
    if (work !== undefined) await rm(work, { recursive: true, force: true });
  });

  describe('pushing with farside, reading with skopeo', () => {
    const packed = packEmbServeArtifact({ service: serviceJson('temperature-average'), created: CREATED });

    beforeAll(async () => {
      const layout = await freshLayout();
      await pushPacked(layout, packed, 'v1');
      await copy(layout, repo('farside/pushed'), 'v1', { tag: 'v1' });
    });

    it('lets skopeo read the pushed manifest back byte for byte', async () => {
      const raw = await skopeo('inspect', '--tls-verify=false', '--raw', `docker://${registry.host}/farside/pushed:v1`);
      expect(raw).toBe(new TextDecoder().decode(packed.manifest.bytes));
    });

    it('lets skopeo read the config as the zephyr/arm/v7 platform', async () => {
      const config = await skopeo('inspect', '--tls-verify=false', '--config', '--raw', `docker://${registry.host}/farside/pushed:v1`);
      expect(config).toBe(new TextDecoder().decode(packed.config.bytes));
      const summary = JSON.parse(await skopeo('inspect', '--tls-verify=false', `docker://${registry.host}/farside/pushed:v1`)) as Record<string, unknown>;
      expect(summary).toMatchObject({ Digest: packed.manifest.descriptor.digest, Architecture: 'arm', Os: 'zephyr', RepoTags: ['v1'] });
      expect(summary['Layers']).toEqual([packed.layers[0]!.descriptor.digest]);
    });
  });

  describe('copying with skopeo, pulling with farside', () => {
    async function expectPulledIntact(repository: string, tag: string, packed: PackedArtifact): Promise<void> {
      const layout = await freshLayout();
      const result = await copy(repo(repository), layout, tag, { tag });
      expect(result.descriptor.digest).toBe(packed.manifest.descriptor.digest);
      expect(await layout.tags()).toEqual([tag]);
      const manifest = await layout.fetchManifest(await layout.resolve(tag));
      expect(Buffer.from(manifest).equals(packed.manifest.bytes)).toBe(true);
      for (const blob of blobsOf(packed)) {
        const stored = await readFile(join(layout.root, 'blobs', 'sha256', blob.descriptor.digest.slice('sha256:'.length)));
        expect(stored.equals(blob.bytes)).toBe(true);
      }
      const parsed = parseManifest(manifest);
      expect(parsed.kind === 'manifest' && understandArtifact(parsed.manifest).kind).toBe('embserve');
    }

    it('pulls an artifact skopeo copied between repositories with the same digest and identical blobs', async () => {
      const packed = packEmbServeArtifact({ service: serviceJson('copied-by-skopeo'), created: CREATED });
      await pushPacked(repo('farside/source'), packed, '1');
      await skopeo('copy', '--quiet', '--src-tls-verify=false', '--dest-tls-verify=false', `docker://${registry.host}/farside/source:1`, `docker://${registry.host}/farside/copied:1`);
      await expectPulledIntact('farside/copied', '1', packed);
    });

    it('pulls an artifact skopeo pushed from an image layout that farside wrote', async () => {
      const model = { name: 'model.tflite', bytes: patternBytes(64 * 1024, 7) };
      const packed = packEmbServeArtifact({ service: serviceJson('from-layout'), model, created: CREATED });
      const layout = await freshLayout();
      await pushPacked(layout, packed, 'v2');
      await skopeo('copy', '--quiet', '--dest-tls-verify=false', `oci:${layout.root}:v2`, `docker://${registry.host}/farside/from-layout:v2`);
      await expectPulledIntact('farside/from-layout', 'v2', packed);
    });
  });

  it('pulls the embServe manifest out of a multi-platform index for zephyr/arm/v7', async () => {
    const target = repo('farside/multi');
    const linuxConfig = json(MEDIA_TYPE.OCI_CONFIG, { architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] } });
    const linuxLayer = content('application/vnd.oci.image.layer.v1.tar', patternBytes(2048, 3));
    const linuxManifest = json(MEDIA_TYPE.OCI_MANIFEST, { schemaVersion: 2, mediaType: MEDIA_TYPE.OCI_MANIFEST, config: linuxConfig.descriptor, layers: [linuxLayer.descriptor] });
    for (const blob of [linuxConfig, linuxLayer]) await target.pushBlob(blob.descriptor, blob.bytes);
    await target.pushManifest(linuxManifest.descriptor, linuxManifest.bytes);
    const embserve = packEmbServeArtifact({ service: serviceJson('multi-platform'), created: CREATED });
    await pushPacked(target, embserve);
    const withLinux = addToIndex(undefined, linuxManifest.descriptor, { os: 'linux', architecture: 'amd64' });
    const parsedLinux = parseManifest(withLinux.bytes);
    if (parsedLinux.kind !== 'index') throw new Error('addToIndex did not make an index');
    const index = addToIndex(parsedLinux.index, embserve.manifest.descriptor, ZEPHYR_ARM_V7);
    await target.pushManifest(index.descriptor, index.bytes, 'multi');

    const raw = await skopeo('inspect', '--tls-verify=false', '--raw', `docker://${registry.host}/farside/multi:multi`);
    expect(raw).toBe(new TextDecoder().decode(index.bytes));

    const layout = await freshLayout();
    const result = await copy(target, layout, 'multi', { tag: 'device', platform: ZEPHYR_ARM_V7 });
    expect(result.descriptor.digest).toBe(embserve.manifest.descriptor.digest);
    expect(result.copiedBlobs).toBe(2);
    expect((await layout.resolve('device')).digest).toBe(embserve.manifest.descriptor.digest);
    expect(await layout.hasBlob(linuxLayer.descriptor)).toBe(false);
    expect(await layout.hasBlob(linuxConfig.descriptor)).toBe(false);
  });

  describe('failed pulls', () => {
    async function expectFailedPull(src: OciTarget, tag: string, code: string, message: RegExp): Promise<void> {
      const layout = await freshLayout();
      const before = await filesUnder(layout.root);
      const failure = await copy(src, layout, tag, { tag }).then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(failure).toBeInstanceOf(FarsideError);
      expect((failure as FarsideError).code).toBe(code);
      expect((failure as FarsideError).message).toMatch(message);
      expect(await layout.tags()).toEqual([]);
      expect(await filesUnder(layout.root)).toEqual(before);
    }

    it('ends with NOT_FOUND for a missing tag and leaves the destination layout untouched', async () => {
      await expectFailedPull(repo('farside/pushed'), 'no-such-tag', ERROR_CODES.NOT_FOUND, /tag "no-such-tag" not found in .*farside\/pushed/);
    });

    describe('from a registry whose blob storage answers 503', () => {
      const packed = packEmbServeArtifact({ service: serviceJson('unavailable'), created: CREATED });
      let server: Server;
      let host: string;
      let blobRequests = 0;

      /** Serves the manifest under tag "v1" so the pull gets as far as the blobs, which all fail. */
      function answer(request: IncomingMessage, response: ServerResponse): void {
        const path = request.url ?? '';
        if (path === '/v2/' || path === '/v2') {
          response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
        } else if (path === '/v2/farside/down/manifests/v1' || path === `/v2/farside/down/manifests/${packed.manifest.descriptor.digest}`) {
          response.writeHead(200, {
            'content-type': MEDIA_TYPE.OCI_MANIFEST,
            'content-length': String(packed.manifest.bytes.length),
            'docker-content-digest': packed.manifest.descriptor.digest,
          });
          response.end(request.method === 'HEAD' ? undefined : packed.manifest.bytes);
        } else {
          if (path.includes('/blobs/')) blobRequests++;
          response.writeHead(503, { 'content-type': 'application/json' });
          response.end(request.method === 'HEAD' ? undefined : JSON.stringify({ errors: [{ code: 'UNAVAILABLE', message: 'storage backend is down' }] }));
        }
      }

      beforeAll(async () => {
        server = createServer(answer);
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
      });

      afterAll(async () => {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      });

      it('ends with DEVICE_UNAVAILABLE after its retries and leaves the destination layout untouched', async () => {
        const target = new RegistryTarget({ registry: host, repository: 'farside/down', plainHttp: true, retries: 1, retryDelayMs: 1 });
        targets.push(target);
        await expectFailedPull(target, 'v1', ERROR_CODES.DEVICE_UNAVAILABLE, /HTTP 503, UNAVAILABLE: storage backend is down/);
        expect(blobRequests).toBeGreaterThan(0);
      });
    });
  });
});
