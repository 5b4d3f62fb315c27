/**
 * RegistryTarget against Debian's docker-registry (distribution 2.8): one behavioural
 * suite, run anonymous, behind htpasswd (Basic) and behind token auth (Bearer, with a
 * token server whose JWTs the registry verifies); then what only some setups show.
 */
import { execFile } from 'node:child_process';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../errors/index.js';
import { MEDIA_TYPE } from '../media-types.js';
import { startRegistry, type TestRegistry } from '../../test/support/docker-registry.js';
import { content, embserveArtifact, indexOf, patternBytes } from '../../test/support/registry-content.js';
import { startTokenServer, type TokenServer } from '../../test/support/registry-token-server.js';
import { credentialsFromDockerConfig, dockerConfigFromKubernetesSecret, parseDockerConfig, staticCredentials, type Credentials } from './credentials.js';
import { HTTP_CHANNEL, type HttpTrace } from './http-message.js';
import type { RegistryTargetOptions } from './options.js';
import { RegistryTarget } from './registry-target.js';

const ALICE: Credentials = { username: 'alice', password: 's3cret' };
const MiB = 1024 * 1024;

interface Setup {
  readonly name: string;
  start(): Promise<{ registry: TestRegistry; credentials?: Credentials; close(): Promise<void> }>;
}

const SETUPS: readonly Setup[] = [
  {
    name: 'anonymous',
    async start() {
      const registry = await startRegistry();
      return { registry, close: registry.close };
    },
  },
  {
    name: 'htpasswd (Basic)',
    async start() {
      const registry = await startRegistry({ htpasswd: { user: ALICE.username, password: ALICE.password } });
      return { registry, credentials: ALICE, close: registry.close };
    },
  },
  {
    name: 'token auth (Bearer)',
    async start() {
      const tokens = await startTokenServer({ users: { [ALICE.username]: ALICE.password } });
      const registry = await startRegistry({ token: tokens });
      return { registry, credentials: ALICE, close: async () => (await registry.close(), await tokens.close()) };
    },
  },
];

/** HTTP exchanges the client makes while `run` runs, as `METHOD path`. */
async function recordRequests(run: () => Promise<unknown>): Promise<string[]> {
  const seen: string[] = [];
  const listener = (message: unknown): void => {
    const trace = message as HttpTrace;
    seen.push(`${trace.method} ${new URL(trace.url).pathname}`);
  };
  subscribe(HTTP_CHANNEL, listener);
  try {
    await run();
  } finally {
    unsubscribe(HTTP_CHANNEL, listener);
  }
  return seen;
}

function targetOn(registry: TestRegistry, repository: string, options: Partial<RegistryTargetOptions> = {}): RegistryTarget {
  return new RegistryTarget({ registry: registry.host, repository, plainHttp: true, retries: 1, retryDelayMs: 1, ...options });
}

describe.each(SETUPS)('RegistryTarget against docker-registry, $name', (setup) => {
  let running: Awaited<ReturnType<Setup['start']>>;
  let target: RegistryTarget;
  const artifact = embserveArtifact('suite');

  beforeAll(async () => {
    running = await setup.start();
    target = targetOn(running.registry, 'farside/suite', running.credentials && { credentials: staticCredentials(running.credentials) });
  });
  afterAll(async () => {
    target?.close();
    await running?.close();
  });

  it('answers the /v2/ ping', async () => {
    await expect(target.ping()).resolves.toBeUndefined();
  });

  it('pushes a small blob with one POST then one PUT, and then finds it with HEAD', async () => {
    const requests = await recordRequests(() => target.pushBlob(artifact.layer.descriptor, artifact.layer.bytes));
    const writes = requests.filter((r) => !r.startsWith('HEAD') && !r.startsWith('GET'));
    expect(writes.map((r) => r.split(' ')[0])).toEqual(expect.arrayContaining(['POST', 'PUT']));
    expect(writes.some((r) => r.startsWith('PATCH'))).toBe(false);
    await expect(target.hasBlob(artifact.layer.descriptor)).resolves.toBe(true);
  });

  it('pushes a 10 MiB blob in PATCH chunks, reporting progress, and pulls it back verified', async () => {
    const big = content('application/octet-stream', patternBytes(10 * MiB, 7));
    const progress: number[] = [];
    const requests = await recordRequests(() => target.pushBlob(big.descriptor, big.bytes, { onProgress: (event) => progress.push(event.done) }));
    // 8 MiB default chunks: 8 MiB, then 2 MiB.
    expect(requests.filter((r) => r.startsWith('PATCH'))).toHaveLength(2);
    expect(progress.at(-1)).toBe(big.bytes.length);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    const pulled: number[] = [];
    const bytes = await target.fetchBlob(big.descriptor, { onProgress: (event) => pulled.push(event.done) });
    expect(Buffer.from(bytes).equals(Buffer.from(big.bytes))).toBe(true);
    expect(pulled.at(-1)).toBe(big.bytes.length);
  });

  it('does not upload a blob the registry already has', async () => {
    await target.pushBlob(artifact.config.descriptor, artifact.config.bytes);
    const again = await recordRequests(() => target.pushBlob(artifact.config.descriptor, artifact.config.bytes));
    expect(again.filter((r) => !r.startsWith('HEAD'))).toEqual([]);
  });

  it('pushes a manifest by tag and resolves the tag to its digest, size and media type', async () => {
    await target.pushBlob(artifact.config.descriptor, artifact.config.bytes);
    await target.pushBlob(artifact.layer.descriptor, artifact.layer.bytes);
    await target.pushManifest(artifact.manifest.descriptor, artifact.manifest.bytes, 'v1');
    await expect(target.resolve('v1')).resolves.toEqual(artifact.manifest.descriptor);
  });

  it('pulls the manifest and its blobs byte for byte', async () => {
    const descriptor = await target.resolve('v1');
    expect(Buffer.from(await target.fetchManifest(descriptor)).equals(Buffer.from(artifact.manifest.bytes))).toBe(true);
    expect(Buffer.from(await target.fetchBlob(artifact.layer.descriptor)).equals(Buffer.from(artifact.layer.bytes))).toBe(true);
    await expect(target.resolve(artifact.manifest.descriptor.digest)).resolves.toEqual(artifact.manifest.descriptor);
  });

  it('pushes an image index and resolves it with the index media type', async () => {
    const index = indexOf(artifact.manifest);
    await target.pushManifest(index.descriptor, index.bytes, 'multi');
    await expect(target.resolve('multi')).resolves.toEqual({ mediaType: MEDIA_TYPE.OCI_INDEX, digest: index.descriptor.digest, size: index.bytes.length });
  });

  it('reports a missing tag and a missing blob as NOT_FOUND', async () => {
    await expect(target.resolve('nope')).rejects.toMatchObject({ code: ERROR_CODES.NOT_FOUND, message: expect.stringContaining(`tag "nope" not found in ${running.registry.host}/farside/suite`) });
    const missing = content('application/octet-stream', patternBytes(10, 99));
    await expect(target.hasBlob(missing.descriptor)).resolves.toBe(false);
    await expect(target.fetchBlob(missing.descriptor)).rejects.toMatchObject({ code: ERROR_CODES.NOT_FOUND, message: expect.stringContaining(`blob ${missing.descriptor.digest} not found`) });
  });

  it('pushes content that skopeo, an independent client, reads back', async () => {
    const creds = running.credentials ? ['--creds', `${running.credentials.username}:${running.credentials.password}`] : [];
    const { stdout } = await promisify(execFile)('skopeo', ['inspect', '--raw', '--tls-verify=false', ...creds, `docker://${running.registry.host}/farside/suite:v1`]);
    expect(stdout).toBe(Buffer.from(artifact.manifest.bytes).toString('utf8'));
  });
});

describe('RegistryTarget against docker-registry behind htpasswd', () => {
  let registry: TestRegistry;
  beforeAll(async () => {
    registry = await startRegistry({ htpasswd: { user: ALICE.username, password: ALICE.password } });
  });
  afterAll(() => registry?.close());

  it('refuses a wrong password with NOT_ALLOWED naming the registry and the user', async () => {
    const target = targetOn(registry, 'farside/auth', { credentials: staticCredentials({ ...ALICE, password: 'wrong' }) });
    await expect(target.ping()).rejects.toMatchObject({ code: ERROR_CODES.NOT_ALLOWED, message: expect.stringMatching(new RegExp(`^${registry.host} refused.*user "alice" was sent`)) });
  });

  it('refuses an anonymous client with NOT_ALLOWED saying no credentials were sent', async () => {
    await expect(targetOn(registry, 'farside/auth').resolve('v1')).rejects.toMatchObject({ code: ERROR_CODES.NOT_ALLOWED, message: expect.stringContaining('no credentials were sent') });
  });

  it('logs in with credentials from a docker config.json', async () => {
    const config = parseDockerConfig(JSON.stringify({ auths: { [`http://${registry.host}`]: { auth: Buffer.from('alice:s3cret').toString('base64') } } }));
    await expect(targetOn(registry, 'farside/auth', { credentials: credentialsFromDockerConfig(config) }).ping()).resolves.toBeUndefined();
  });

  it('logs in with credentials from a kubernetes.io/dockerconfigjson pull secret', async () => {
    const dockerconfigjson = JSON.stringify({ auths: { [registry.host]: { username: 'alice', password: 's3cret' } } });
    const secret = { apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': Buffer.from(dockerconfigjson).toString('base64') } };
    const target = targetOn(registry, 'farside/auth', { credentials: credentialsFromDockerConfig(dockerConfigFromKubernetesSecret(secret)) });
    const artifact = embserveArtifact('secret');
    await target.pushBlob(artifact.layer.descriptor, artifact.layer.bytes);
    await expect(target.hasBlob(artifact.layer.descriptor)).resolves.toBe(true);
  });
});

describe('RegistryTarget against docker-registry behind token auth', () => {
  let tokens: TokenServer;
  let registry: TestRegistry;
  beforeAll(async () => {
    tokens = await startTokenServer({ users: { [ALICE.username]: ALICE.password }, anonymousActions: ['pull'] });
    registry = await startRegistry({ token: tokens });
  });
  afterAll(async () => {
    await registry?.close();
    await tokens?.close();
  });
  afterEach(() => {
    (tokens.requests as unknown[]).length = 0;
  });

  it('asks the token server once per scope and reuses the pull,push token for pulls', async () => {
    const target = targetOn(registry, 'farside/tokens', { credentials: staticCredentials(ALICE) });
    const artifact = embserveArtifact('tokens');
    for (const part of [artifact.config, artifact.layer]) await target.pushBlob(part.descriptor, part.bytes);
    await target.pushManifest(artifact.manifest.descriptor, artifact.manifest.bytes, 'v1');
    await target.fetchManifest(await target.resolve('v1'));
    expect(tokens.requests).toEqual([{ user: 'alice', scopes: ['repository:farside/tokens:pull,push'] }]);
  });

  it('pulls with an anonymous pull token, and says so when a push is refused', async () => {
    const artifact = embserveArtifact('anonymous');
    await targetOn(registry, 'farside/open', { credentials: staticCredentials(ALICE) }).pushBlob(artifact.layer.descriptor, artifact.layer.bytes);
    const anonymous = targetOn(registry, 'farside/open');
    await expect(anonymous.fetchBlob(artifact.layer.descriptor)).resolves.toEqual(artifact.layer.bytes);
    await expect(anonymous.pushBlob(artifact.config.descriptor, artifact.config.bytes)).rejects.toMatchObject({ code: ERROR_CODES.NOT_ALLOWED, message: expect.stringContaining('anonymous token') });
  });

  it('refuses a wrong password at the token server with NOT_ALLOWED naming the user', async () => {
    const target = targetOn(registry, 'farside/tokens', { credentials: staticCredentials({ ...ALICE, password: 'wrong' }) });
    await expect(target.resolve('v1')).rejects.toMatchObject({ code: ERROR_CODES.NOT_ALLOWED, message: expect.stringMatching(/token server .* refused .*user "alice"/) });
  });
});
