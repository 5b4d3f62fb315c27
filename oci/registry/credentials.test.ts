import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../errors/index.js';
import { fuzzDecoder, inTurn } from '../../test/support/fuzz.js';
import { editText, randomText, truncate } from '../../test/support/prng.js';
import { credentialsFromDockerConfig, defaultDockerConfigPath, dockerConfigFromKubernetesSecret, parseDockerConfig, readDockerConfig } from './credentials.js';

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

describe('credentials from a docker config.json', () => {
  it('decodes auths[host].auth, splitting user and password at the first colon', async () => {
    const provider = credentialsFromDockerConfig(parseDockerConfig(JSON.stringify({ auths: { 'r.example:5000': { auth: b64('alice:pa:ss') } } })));
    await expect(provider('r.example:5000')).resolves.toEqual({ username: 'alice', password: 'pa:ss' });
    await expect(provider('other.example')).resolves.toBeUndefined();
  });

  it('takes username and password fields when there is no auth', async () => {
    const provider = credentialsFromDockerConfig(parseDockerConfig(JSON.stringify({ auths: { 'ghcr.io': { username: 'bob', password: 'pw' } } })));
    await expect(provider('ghcr.io')).resolves.toEqual({ username: 'bob', password: 'pw' });
  });

  it('matches URL keys and the many names of Docker Hub', async () => {
    const provider = credentialsFromDockerConfig(parseDockerConfig(JSON.stringify({ auths: { 'https://index.docker.io/v1/': { auth: b64('hub:pw') }, 'http://LocalHost:5000': { auth: b64('local:pw') } } })));
    await expect(provider('docker.io')).resolves.toEqual({ username: 'hub', password: 'pw' });
    await expect(provider('localhost:5000')).resolves.toEqual({ username: 'local', password: 'pw' });
  });

  it('looks through several configs in order, as the kubelet does with pull secrets', async () => {
    const first = parseDockerConfig(JSON.stringify({ auths: { 'a.example': { auth: b64('a:1') } } }));
    const second = parseDockerConfig(JSON.stringify({ auths: { 'b.example': { auth: b64('b:2') }, 'a.example': { auth: b64('x:x') } } }));
    const provider = credentialsFromDockerConfig(first, second);
    await expect(provider('a.example')).resolves.toEqual({ username: 'a', password: '1' });
    await expect(provider('b.example')).resolves.toEqual({ username: 'b', password: '2' });
  });

  it('says that credential helpers are not run, naming the helper', async () => {
    const provider = credentialsFromDockerConfig(parseDockerConfig(JSON.stringify({ credsStore: 'desktop', credHelpers: { 'gcr.io': 'gcloud' } })));
    await expect(provider('gcr.io')).rejects.toMatchObject({ code: ERROR_CODES.NOT_ALLOWED, message: expect.stringContaining('docker-credential-gcloud') });
    await expect(provider('r.example')).rejects.toMatchObject({ message: expect.stringContaining('docker-credential-desktop') });
  });

  it('refuses an auth field that is not base64 of user:password', async () => {
    await expect(credentialsFromDockerConfig(parseDockerConfig('{"auths":{"r":{"auth":"!!!"}}}'))('r')).rejects.toMatchObject({ code: ERROR_CODES.INVALID_INPUT });
    await expect(credentialsFromDockerConfig(parseDockerConfig(JSON.stringify({ auths: { r: { auth: b64('nocolon') } } })))('r')).rejects.toThrow(/user:password/);
  });

  it('reads config.json from a file, and reports a missing one as not found', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'farside-docker-config-'));
    try {
      await writeFile(join(dir, 'config.json'), JSON.stringify({ auths: { 'r.example': { auth: b64('c:d') } }, psFormat: 'table' }));
      expect(defaultDockerConfigPath({ DOCKER_CONFIG: dir })).toBe(join(dir, 'config.json'));
      const config = await readDockerConfig(defaultDockerConfigPath({ DOCKER_CONFIG: dir }));
      await expect(credentialsFromDockerConfig(config)('r.example')).resolves.toEqual({ username: 'c', password: 'd' });
      await expect(readDockerConfig(join(dir, 'missing.json'))).rejects.toMatchObject({ code: ERROR_CODES.NOT_FOUND });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('credentials from a Kubernetes image pull secret', () => {
  const config = { auths: { 'r.example': { username: 'k8s', password: 'pw', auth: b64('k8s:pw') } } };

  it('reads a kubernetes.io/dockerconfigjson secret with base64 data', async () => {
    const secret = { apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': b64(JSON.stringify(config)) } };
    await expect(credentialsFromDockerConfig(dockerConfigFromKubernetesSecret(secret))('r.example')).resolves.toEqual({ username: 'k8s', password: 'pw' });
  });

  it('reads stringData and the older kubernetes.io/dockercfg format', async () => {
    const fromStringData = dockerConfigFromKubernetesSecret({ type: 'kubernetes.io/dockerconfigjson', stringData: { '.dockerconfigjson': JSON.stringify(config) } });
    const fromDockercfg = dockerConfigFromKubernetesSecret({ type: 'kubernetes.io/dockercfg', data: { '.dockercfg': b64(JSON.stringify(config.auths)) } });
    expect(fromStringData).toEqual(fromDockercfg);
  });

  it.each([
    [{ type: 'Opaque', data: {} }, 'not an image pull secret'],
    [{ type: 'kubernetes.io/dockerconfigjson', data: {} }, 'has no .dockerconfigjson'],
    [{ type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': 'not base64!' } }, 'not base64'],
    [{ type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': b64('{"auths":[]}') } }, 'invalid docker config'],
    [null, 'not an image pull secret'],
  ])('refuses a bad secret with a clear error (%#)', (secret, why) => {
    expect(() => dockerConfigFromKubernetesSecret(secret)).toThrow(expect.objectContaining({ code: ERROR_CODES.INVALID_INPUT, message: expect.stringContaining(why) }));
  });

  it('returns a config or throws FARSIDE_ERR_INVALID_INPUT on 10,000 seeded config texts and secrets', () => {
    const seeds = [JSON.stringify(config), '{"auths":{}}', '{"credsStore":"desktop"}', JSON.stringify({ auths: { a: { auth: b64('u:p') } } })];
    fuzzDecoder({
      seed: 0xd0c4,
      runs: 10_000,
      input: (rng, round) => inTurn(round, [() => randomText(rng, rng.int(40), '{}[]":,auths username'), () => truncate(rng, rng.pick(seeds)), () => editText(rng, rng.pick(seeds), '{}[]":,0a')]),
      decoders: {
        parseDockerConfig,
        secret: (text: string) => dockerConfigFromKubernetesSecret({ type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': b64(text) } }),
      },
      decodesMoreThan: 2_000,
    });
  });
});
