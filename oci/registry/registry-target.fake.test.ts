/**
 * RegistryTarget against small fake registries in node:http, for what a well-behaved
 * docker-registry never does: fail and recover, lie about content, redirect, hang,
 * and issue Bearer challenges the test controls.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../errors/index.js';
import { sha256Digest } from '../digest.js';
import { MAX_MANIFEST_BYTES, MEDIA_TYPE } from '../media-types.js';
import { content, embserveArtifact, patternBytes } from '../../test/support/registry-content.js';
import { staticCredentials } from './credentials.js';
import type { RegistryTargetOptions } from './options.js';
import { RegistryTarget } from './registry-target.js';

type Handler = (request: IncomingMessage, body: Buffer, response: ServerResponse) => void;

interface FakeServer {
  readonly host: string;
  /** `METHOD path?query` of every request, in order. */
  readonly requests: string[];
  /** The Authorization header of every request (undefined when none), in order. */
  readonly authorizations: (string | undefined)[];
}

const servers: http.Server[] = [];
const targets: RegistryTarget[] = [];

afterEach(async () => {
  for (const target of targets.splice(0)) target.close();
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => (server.closeAllConnections(), server.close(resolve)))));
});

async function fakeServer(handler: Handler): Promise<FakeServer> {
  const requests: string[] = [];
  const authorizations: (string | undefined)[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests.push(`${request.method} ${request.url}`);
      authorizations.push(request.headers.authorization);
      handler(request, Buffer.concat(chunks), response);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { host: `127.0.0.1:${(server.address() as AddressInfo).port}`, requests, authorizations };
}

function targetOn(host: string, options: Partial<RegistryTargetOptions> = {}): RegistryTarget {
  const target = new RegistryTarget({ registry: host, repository: 'fake/repo', plainHttp: true, retries: 3, retryDelayMs: 1, maxRetryDelayMs: 20, ...options });
  targets.push(target);
  return target;
}

const blob = content('application/octet-stream', patternBytes(1000, 3));

describe('RegistryTarget retries', () => {
  it('retries a 503 and a 502, then returns the blob', async () => {
    const statuses = [503, 502];
    const fake = await fakeServer((_request, _body, response) => {
      const status = statuses.shift();
      if (status !== undefined) response.writeHead(status).end();
      else response.writeHead(200, { 'content-length': blob.bytes.length }).end(blob.bytes);
    });
    await expect(targetOn(fake.host).fetchBlob(blob.descriptor)).resolves.toEqual(blob.bytes);
    expect(fake.requests).toHaveLength(3);
  });

  it('gives up after the configured retries with DEVICE_UNAVAILABLE and the registry error', async () => {
    const fake = await fakeServer((_request, _body, response) => response.writeHead(500).end('{"errors":[{"code":"UNKNOWN","message":"disk on fire"}]}'));
    await expect(targetOn(fake.host, { retries: 2 }).fetchBlob(blob.descriptor)).rejects.toMatchObject({
      code: ERROR_CODES.DEVICE_UNAVAILABLE,
      message: expect.stringMatching(/after 2 retries.*UNKNOWN: disk on fire/),
    });
    expect(fake.requests).toHaveLength(3);
  });

  it('waits as a 429 asks, but no longer than the longest retry delay', async () => {
    let first = true;
    const fake = await fakeServer((_request, _body, response) => {
      if (first) response.writeHead(429, { 'retry-after': '120' }).end();
      else response.writeHead(200, { 'content-length': blob.bytes.length }).end(blob.bytes);
      first = false;
    });
    const started = Date.now();
    await expect(targetOn(fake.host).fetchBlob(blob.descriptor)).resolves.toEqual(blob.bytes);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('does not retry a 4xx', async () => {
    const fake = await fakeServer((_request, _body, response) => response.writeHead(400).end('{"errors":[{"code":"NAME_INVALID"}]}'));
    await expect(targetOn(fake.host).fetchBlob(blob.descriptor)).rejects.toMatchObject({ code: ERROR_CODES.INVALID_INPUT, message: expect.stringContaining('NAME_INVALID') });
    expect(fake.requests).toHaveLength(1);
  });

  it('retries a refused connection, then reports DEVICE_UNAVAILABLE', async () => {
    const fake = await fakeServer(() => undefined);
    await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
    await expect(targetOn(fake.host, { retries: 1 }).ping()).rejects.toMatchObject({ code: ERROR_CODES.DEVICE_UNAVAILABLE, message: expect.stringContaining('ECONNREFUSED') });
  });

  it('reports a registry that stops answering as TIMEOUT', async () => {
    const fake = await fakeServer(() => undefined);
    await expect(targetOn(fake.host, { timeoutMs: 100, retries: 0 }).ping()).rejects.toMatchObject({ code: ERROR_CODES.TIMEOUT });
  });

  it('stops at once, with CANCELLED, when the caller aborts', async () => {
    const fake = await fakeServer(() => undefined);
    const controller = new AbortController();
    const pending = targetOn(fake.host).fetchBlob(blob.descriptor, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toMatchObject({ code: ERROR_CODES.CANCELLED });
  });
});

describe('RegistryTarget verification', () => {
  it('refuses a blob whose bytes do not match its digest', async () => {
    const wrong = patternBytes(blob.bytes.length, 4);
    const fake = await fakeServer((_request, _body, response) => response.writeHead(200).end(wrong));
    await expect(targetOn(fake.host).fetchBlob(blob.descriptor)).rejects.toMatchObject({ code: ERROR_CODES.INVALID_INPUT, message: expect.stringContaining('digest mismatch') });
  });

  it('stops reading a blob longer than its descriptor says', async () => {
    const fake = await fakeServer((_request, _body, response) => response.writeHead(200).end(patternBytes(blob.bytes.length * 50, 5)));
    await expect(targetOn(fake.host).fetchBlob(blob.descriptor)).rejects.toMatchObject({ code: ERROR_CODES.INVALID_INPUT, message: expect.stringContaining(`more than the ${blob.bytes.length} bytes`) });
  });

  it('refuses a manifest over 4 MiB, whether the GET streams it or the descriptor says so', async () => {
    const digest = sha256Digest(new Uint8Array(1));
    const streamed = await fakeServer((_request, _body, response) => {
      response.writeHead(200, { 'content-type': MEDIA_TYPE.OCI_MANIFEST }).end(Buffer.alloc(MAX_MANIFEST_BYTES + 10, 0x20));
    });
    await expect(targetOn(streamed.host).resolve('v1')).rejects.toMatchObject({ code: ERROR_CODES.INVALID_INPUT });
    const target = targetOn(streamed.host);
    await expect(target.fetchManifest({ mediaType: MEDIA_TYPE.OCI_MANIFEST, digest, size: MAX_MANIFEST_BYTES + 1 })).rejects.toMatchObject({ code: ERROR_CODES.INVALID_INPUT, message: expect.stringContaining('over the 4194304-byte limit') });
    expect(streamed.requests.filter((r) => r.includes(digest))).toEqual([]);
  });

  it('resolves with one GET, computes the digest itself, and serves the following fetch without asking again', async () => {
    const { manifest } = embserveArtifact('get-fallback');
    const fake = await fakeServer((_request, _body, response) => {
      response.writeHead(200, { 'content-type': `${MEDIA_TYPE.OCI_MANIFEST}; charset=utf-8` }).end(manifest.bytes);
    });
    const target = targetOn(fake.host);
    await expect(target.resolve('v1')).resolves.toEqual(manifest.descriptor);
    await expect(target.fetchManifest(manifest.descriptor)).resolves.toEqual(manifest.bytes);
    expect(fake.requests).toEqual(['GET /v2/fake/repo/manifests/v1']);
  });

  it('refuses a registry that says it stored a pushed manifest under another digest', async () => {
    const { manifest } = embserveArtifact('liar');
    const fake = await fakeServer((_request, _body, response) => response.writeHead(201, { 'docker-content-digest': sha256Digest(new Uint8Array(2)) }).end());
    await expect(targetOn(fake.host).pushManifest(manifest.descriptor, manifest.bytes, 'v1')).rejects.toMatchObject({ code: ERROR_CODES.INVALID_INPUT, message: expect.stringContaining('stored') });
  });

  it('refuses to push bytes that do not match their descriptor, sending nothing', async () => {
    const fake = await fakeServer((_request, _body, response) => response.writeHead(500).end());
    await expect(targetOn(fake.host).pushBlob(blob.descriptor, patternBytes(blob.bytes.length, 9))).rejects.toMatchObject({ code: ERROR_CODES.INVALID_INPUT });
    expect(fake.requests).toEqual([]);
  });
});

describe('RegistryTarget uploads', () => {
  it('starts a chunked upload over after a failed PATCH, cancelling the broken session', async () => {
    let sessions = 0;
    let failedOnce = false;
    const received = new Map<number, Buffer[]>();
    const fake = await fakeServer((request, body, response) => {
      const url = new URL(request.url ?? '/', 'http://fake');
      const session = Number(url.pathname.split('/').at(-1));
      if (request.method === 'HEAD') response.writeHead(404).end();
      else if (request.method === 'POST') response.writeHead(202, { location: `/v2/fake/repo/blobs/uploads/${++sessions}?_state=a%3Db` }).end();
      else if (request.method === 'PATCH' && session === 1 && received.get(1)?.length === 1 && !failedOnce) {
        failedOnce = true;
        response.writeHead(500).end();
      } else if (request.method === 'PATCH') {
        received.set(session, [...(received.get(session) ?? []), body]);
        response.writeHead(202, { location: url.pathname + url.search }).end();
      } else if (request.method === 'DELETE') response.writeHead(204).end();
      else if (request.method === 'PUT') {
        const whole = Buffer.concat(received.get(session) ?? []);
        const ok = url.searchParams.get('digest') === sha256Digest(whole) && url.searchParams.get('_state') === 'a=b';
        response.writeHead(ok ? 201 : 400, ok ? { 'docker-content-digest': sha256Digest(whole) } : {}).end();
      }
    });
    const target = targetOn(fake.host, { chunkedUploadThresholdBytes: 100, chunkSizeBytes: 300 });
    await target.pushBlob(blob.descriptor, blob.bytes);
    expect(fake.requests.map((r) => r.split(' ')[0])).toEqual(['HEAD', 'POST', 'PATCH', 'PATCH', 'DELETE', 'HEAD', 'POST', 'PATCH', 'PATCH', 'PATCH', 'PATCH', 'PUT']);
    expect(fake.requests.at(-1)).toContain(`_state=a%3Db&digest=${blob.descriptor.digest}`);
  });
});

describe('RegistryTarget Bearer authorization', () => {
  /** A registry that wants `Bearer token-for:<scope>`, and a token endpoint on the same server that checks Basic credentials. */
  async function bearerRegistry(): Promise<FakeServer & { scopes: string[] }> {
    const scopes: string[] = [];
    const storage = await fakeServer((request, _body, response) => {
      // Storage behind a redirect: it must not see the registry's credentials.
      if (request.headers.authorization !== undefined) response.writeHead(400).end();
      else response.writeHead(200).end(blob.bytes);
    });
    const fake = await fakeServer((request, _body, response) => {
      const url = new URL(request.url ?? '/', 'http://fake');
      if (url.pathname === '/token') {
        if (request.headers.authorization !== `Basic ${Buffer.from('carol:pw').toString('base64')}`) return void response.writeHead(401).end();
        const scope = url.searchParams.get('scope') ?? '';
        scopes.push(scope);
        return void response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token: `token-for:${scope}`, expires_in: 300 }));
      }
      const needed = request.method === 'GET' || request.method === 'HEAD' ? 'pull' : 'push';
      const auth = request.headers.authorization ?? '';
      const granted = auth.startsWith('Bearer token-for:repository:fake/repo:') ? auth.slice(auth.lastIndexOf(':') + 1).split(',') : [];
      if (!granted.includes(needed)) {
        const realm = `http://${fake.host}/token`;
        return void response.writeHead(401, { 'www-authenticate': `Bearer realm="${realm}",service="fake",scope="repository:fake/repo:${needed}"` }).end();
      }
      if (url.pathname.includes('/blobs/')) return void response.writeHead(307, { location: `http://${storage.host}/bucket/blob?sig=1` }).end();
      response.writeHead(404).end();
    });
    return Object.assign(fake, { scopes });
  }

  it('answers the challenge with a token for the repository scope, caches it, and keeps it from storage behind a redirect', async () => {
    const fake = await bearerRegistry();
    const target = targetOn(fake.host, { credentials: staticCredentials({ username: 'carol', password: 'pw' }) });
    await expect(target.fetchBlob(blob.descriptor)).resolves.toEqual(blob.bytes);
    await expect(target.fetchBlob(blob.descriptor)).resolves.toEqual(blob.bytes);
    await expect(target.resolve('v1')).rejects.toMatchObject({ code: ERROR_CODES.NOT_FOUND });
    expect(fake.scopes).toEqual(['repository:fake/repo:pull']);
    // One unauthorized try, then every request carries the token from the start.
    expect(fake.authorizations.filter((a) => a === undefined)).toHaveLength(1);
  });

  it('fetches a pull,push token for a write', async () => {
    const fake = await bearerRegistry();
    const { manifest } = embserveArtifact('bearer');
    const target = targetOn(fake.host, { credentials: staticCredentials({ username: 'carol', password: 'pw' }) });
    await expect(target.pushManifest(manifest.descriptor, manifest.bytes, 'v1')).rejects.toMatchObject({ code: ERROR_CODES.NOT_FOUND });
    expect(fake.scopes).toEqual(['repository:fake/repo:pull,push']);
  });

  it('reports refused credentials at the token server as NOT_ALLOWED naming the user', async () => {
    const fake = await bearerRegistry();
    const target = targetOn(fake.host, { credentials: staticCredentials({ username: 'carol', password: 'nope' }) });
    await expect(target.fetchBlob(blob.descriptor)).rejects.toMatchObject({ code: ERROR_CODES.NOT_ALLOWED, message: expect.stringContaining('user "carol"') });
  });
});

describe('RegistryTarget construction', () => {
  it('connects to nothing until a method is called', () => {
    expect(() => new RegistryTarget({ registry: 'unreachable.invalid:1', repository: 'a/b' })).not.toThrow();
  });

  it.each([
    [{ registry: 'bad host', repository: 'a' }, 'registry'],
    [{ registry: 'r.io', repository: 'Upper' }, 'repository'],
    [{ registry: 'r.io', repository: 'a', retries: -1 }, 'retries'],
    [{ registry: 'r.io', repository: 'a', credentials: 'alice' as never }, 'credentials'],
  ])('refuses bad options with INVALID_INPUT naming the option (%#)', (options, name) => {
    expect(() => new RegistryTarget(options)).toThrow(expect.objectContaining({ code: ERROR_CODES.INVALID_INPUT, message: expect.stringContaining(name) }));
  });

  it('refuses a reference that is neither a tag nor a digest before sending anything', async () => {
    await expect(new RegistryTarget({ registry: 'r.io', repository: 'a' }).resolve('../etc')).rejects.toMatchObject({ code: ERROR_CODES.INVALID_INPUT });
  });
});
