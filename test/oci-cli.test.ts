import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistry } from './support/docker-registry.js';

const exec = promisify(execFile);

async function farside(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, ['--import', 'tsx', 'cli/main.ts', ...args], { env: { ...process.env, HOME: dir } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

let dir: string;
let registry: Awaited<ReturnType<typeof startRegistry>>;

const SERVICE = {
  name: 'temp',
  version: '1.0',
  data_model: ['lwm2m:urn:oma:lwm2m:ext:3303'],
  service: 'AGFzbQEAAAA=',
  dependencies: { sdk_api: 1 },
  inputs: [],
  outputs: [{ key: 'temp', type: 1, data_model_mapping: ['lwm2m:3303/x/5700'] }],
};

describe('farside pack, push, pull and inspect', () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'farside-oci-cli-'));
    await writeFile(join(dir, 'service.json'), JSON.stringify(SERVICE));
    await writeFile(join(dir, 'model.tflite'), Buffer.alloc(4096, 7));
    registry = await startRegistry();
  });
  afterAll(async () => {
    await registry.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('packs into a local layout, pushes to a registry, pulls it back with the same digest and inspects it', async () => {
    const layout = `oci-layout:${join(dir, 'store')}`;
    const packed = await farside(['pack', join(dir, 'service.json'), `${layout}:temp-1.0`, '--model', join(dir, 'model.tflite')]);
    expect(packed.code, packed.stderr).toBe(0);
    const manifest = JSON.parse(packed.stdout).manifest as { digest: string };

    const pushed = await farside(['push', `${layout}:temp-1.0`, `${registry.host}/edge/temp:1.0`, '--plain-http']);
    expect(pushed.code, pushed.stderr).toBe(0);
    expect(JSON.parse(pushed.stdout).descriptor.digest).toBe(manifest.digest);

    const pulled = await farside(['pull', `${registry.host}/edge/temp:1.0`, `oci-layout:${join(dir, 'pulled')}:temp`, '--plain-http']);
    expect(pulled.code, pulled.stderr).toBe(0);
    expect(JSON.parse(pulled.stdout).descriptor.digest).toBe(manifest.digest);

    const inspected = await farside(['inspect', `${registry.host}/edge/temp:1.0`, '--plain-http']);
    expect(inspected.code, inspected.stderr).toBe(0);
    const info = JSON.parse(inspected.stdout);
    expect(info.kind).toBe('embserve');
    expect(info.layers.map((l: { mediaType: string }) => l.mediaType)).toContain('application/vnd.embserve.v1+json');
  });

  it('adds the artifact to a multi-platform index as zephyr/arm/v7', async () => {
    const layout = `oci-layout:${join(dir, 'multi')}:app`;
    const first = await farside(['pack', join(dir, 'service.json'), layout, '--index']);
    expect(first.code, first.stderr).toBe(0);
    const inspected = JSON.parse((await farside(['inspect', layout])).stdout);
    expect(inspected.kind).toBe('index');
    expect(inspected.manifests[0].platform).toEqual({ architecture: 'arm', os: 'zephyr', variant: 'v7' });
  });

  it('refuses a service.json that is not one, and writes nothing', async () => {
    await writeFile(join(dir, 'broken.json'), '{"name": 3}');
    const res = await farside(['pack', join(dir, 'broken.json'), `oci-layout:${join(dir, 'never')}:x`]);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toMatch(/service\.json|name/);
    await expect(readdir(join(dir, 'never'))).rejects.toThrow();
  });

  it('fails clearly on a tag that is not in the registry', async () => {
    const res = await farside(['pull', `${registry.host}/edge/temp:nope`, `oci-layout:${join(dir, 'nope')}:x`, '--plain-http']);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toMatch(/not found/i);
    await expect(readdir(join(dir, 'nope'))).rejects.toThrow();
  });

  it('explains each command with --help', async () => {
    for (const command of ['pack', 'push', 'pull', 'inspect']) {
      const res = await farside([command, '--help']);
      expect(res.code).toBe(0);
      expect(res.stdout).toContain(`Usage: farside ${command}`);
    }
  });
});
