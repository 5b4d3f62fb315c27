/**
 * Pulling a 1 MiB embServe artifact from docker-registry: farside's copy(registry →
 * image layout) against bare HTTP GETs of the same manifest and blobs written to files.
 * The ratio is what farside's checks (digests, sizes, atomic renames, index.json) cost
 * over moving the bytes. Target: ratio ≤ 1.5.
 */
import http from 'node:http';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LayoutTarget, MEDIA_TYPE, RegistryTarget, copy, packEmbServeArtifact, type Descriptor } from '../oci/index.js';
import { startRegistry, type TestRegistry } from '../test/support/docker-registry.js';
import { patternBytes } from '../test/support/registry-content.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const WARMUP_ROUNDS = 3;
const MODEL_BYTES = 1024 * 1024;
const REPOSITORY = 'farside/bench';
const TAG = 'v1';
/** What the raw client accepts for the manifest, as any registry client would. */
const MANIFEST_ACCEPT = [MEDIA_TYPE.OCI_MANIFEST, MEDIA_TYPE.OCI_INDEX, MEDIA_TYPE.DOCKER_MANIFEST, MEDIA_TYPE.DOCKER_MANIFEST_LIST].join(', ');

const SERVICE = new TextEncoder().encode(
  JSON.stringify({ name: 'bench-model', version: '1.0.0', data_model: ['lwm2m:urn:oma:lwm2m:ext:3303'], service: 'AGFzbQEAAAA=', model: { file: 'model.tflite' } }),
);

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const round = (n: number, digits = 2): number => Number(n.toFixed(digits));

function get(agent: http.Agent, url: string, headers: http.OutgoingHttpHeaders = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent, headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => (response.statusCode === 200 ? resolve(Buffer.concat(chunks)) : reject(new Error(`GET ${url}: HTTP ${response.statusCode}`))));
        response.on('error', reject);
      })
      .on('error', reject);
  });
}

/** The baseline: the manifest and its blobs fetched concurrently and written to files, nothing checked. */
async function rawPull(registry: TestRegistry, dir: string): Promise<number> {
  const agent = new http.Agent({ keepAlive: true });
  try {
    const base = `${registry.url}/v2/${REPOSITORY}`;
    const manifest = await get(agent, `${base}/manifests/${TAG}`, { accept: MANIFEST_ACCEPT });
    const parsed = JSON.parse(manifest.toString('utf8')) as { config: Descriptor; layers: Descriptor[] };
    await mkdir(dir, { recursive: true });
    const blobs = [parsed.config, ...parsed.layers];
    await Promise.all(blobs.map(async (blob) => writeFile(join(dir, blob.digest.replace(':', '-')), await get(agent, `${base}/blobs/${blob.digest}`))));
    await writeFile(join(dir, 'manifest.json'), manifest);
    return manifest.length + blobs.reduce((sum, blob) => sum + blob.size, 0);
  } finally {
    agent.destroy();
  }
}

async function farsidePull(registry: TestRegistry, dir: string): Promise<void> {
  const source = new RegistryTarget({ registry: registry.host, repository: REPOSITORY, plainHttp: true });
  try {
    await copy(source, await LayoutTarget.open(dir, { create: true }), TAG, { tag: TAG });
  } finally {
    source.close();
  }
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

export async function main(): Promise<void> {
  const registry = await startRegistry();
  const work = await mkdtemp(join(tmpdir(), 'farside-bench-oci-'));
  try {
    const packed = packEmbServeArtifact({ service: SERVICE, model: { name: 'model.tflite', bytes: patternBytes(MODEL_BYTES, 42) } });
    const target = new RegistryTarget({ registry: registry.host, repository: REPOSITORY, plainHttp: true });
    for (const blob of [packed.config, ...packed.layers]) await target.pushBlob(blob.descriptor, blob.bytes);
    await target.pushManifest(packed.manifest.descriptor, packed.manifest.bytes, TAG);
    target.close();
    process.stderr.write(`pushed ${registry.host}/${REPOSITORY}:${TAG} (${packed.manifest.descriptor.digest})\n`);

    let bytes = 0;
    const pulls: number[] = [];
    const raws: number[] = [];
    for (let i = 0; i < WARMUP_ROUNDS + ROUNDS; i++) {
      // Alternating which goes first keeps a warm page cache or registry from favouring one side.
      const pull = () => timed(() => farsidePull(registry, join(work, `pull-${i}`)));
      const raw = () => timed(async () => (bytes = await rawPull(registry, join(work, `raw-${i}`))));
      let pullMs: number;
      let rawMs: number;
      if (i % 2 === 0) {
        pullMs = await pull();
        rawMs = await raw();
      } else {
        rawMs = await raw();
        pullMs = await pull();
      }
      await rm(join(work, `pull-${i}`), { recursive: true, force: true });
      await rm(join(work, `raw-${i}`), { recursive: true, force: true });
      if (i < WARMUP_ROUNDS) continue;
      pulls.push(pullMs);
      raws.push(rawMs);
      process.stderr.write(`\rround ${i - WARMUP_ROUNDS + 1}/${ROUNDS}: farside ${pullMs.toFixed(1)} ms, raw ${rawMs.toFixed(1)} ms`);
    }
    process.stderr.write('\n');

    const pullMs = median(pulls);
    const rawMs = median(raws);
    process.stdout.write(`${JSON.stringify({ bench: 'oci', bytes, rounds: ROUNDS, pull_ms: round(pullMs), raw_ms: round(rawMs), ratio: round(pullMs / rawMs) })}\n`);
  } finally {
    await registry.close();
    await rm(work, { recursive: true, force: true });
  }
}
