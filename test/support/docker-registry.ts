/**
 * Debian's docker-registry (distribution 2.8) on a loopback port for tests: filesystem
 * storage in a temp dir, anonymous, htpasswd (Basic) or token (Bearer) auth.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, requireExecutable, spawnUntilReady, stopProcess } from './processes.js';

export const DOCKER_REGISTRY_PATH = '/usr/bin/docker-registry';
export const HTPASSWD_PATH = '/usr/bin/htpasswd';

export interface TestRegistry {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** `127.0.0.1:<port>`, as in an image reference. */
  readonly host: string;
  /** Stops the registry and deletes its storage; idempotent. */
  close(): Promise<void>;
}

/** docker-registry's `auth.token` settings: it trusts tokens from `issuer` for `service`, signed under a certificate of `rootCertBundle`. */
export interface RegistryTokenAuth {
  readonly realm: string;
  readonly service: string;
  readonly issuer: string;
  /** PEM certificate(s) the token signatures must chain to. */
  readonly rootCertBundle: string;
}

export interface StartRegistryOptions {
  /** Basic auth with one user, from a bcrypt file made by `htpasswd -Bbn`. */
  readonly htpasswd?: { readonly user: string; readonly password: string };
  /** Bearer token auth. */
  readonly token?: RegistryTokenAuth;
}

/** How long docker-registry may take to answer /v2/, in ms. */
const START_TIMEOUT_MS = 5_000;

export async function startRegistry(options: StartRegistryOptions = {}): Promise<TestRegistry> {
  await requireExecutable(DOCKER_REGISTRY_PATH, 'docker-registry is not installed at /usr/bin/docker-registry: apt-get install docker-registry; .ci/run does');
  const dir = await mkdtemp(join(tmpdir(), 'farside-registry-'));
  try {
    const port = await freePort();
    const auth = await authConfig(dir, options);
    const config = join(dir, 'config.yml');
    await writeFile(config, registryConfig(join(dir, 'storage'), port, auth));
    const child = await spawnUntilReady('docker-registry', DOCKER_REGISTRY_PATH, ['serve', config], () => waitForApi(port));
    let closed: Promise<void> | undefined;
    return {
      url: `http://127.0.0.1:${port}`,
      host: `127.0.0.1:${port}`,
      close() {
        closed ??= (async () => {
          await stopProcess(child);
          await rm(dir, { recursive: true, force: true });
        })();
        return closed;
      },
    };
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

function registryConfig(storage: string, port: number, auth: string[]): string {
  return [
    'version: 0.1',
    'log:',
    '  level: error',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${storage}`,
    '  delete:',
    '    enabled: true',
    '  maintenance:',
    '    uploadpurging:',
    '      enabled: false',
    'http:',
    `  addr: 127.0.0.1:${port}`,
    // Signs upload session state; fixed so that the registry does not warn about a random one.
    '  secret: farside-test-secret',
    ...auth,
    '',
  ].join('\n');
}

async function authConfig(dir: string, options: StartRegistryOptions): Promise<string[]> {
  if (options.htpasswd !== undefined && options.token !== undefined) throw new Error('startRegistry: choose htpasswd or token auth, not both');
  if (options.htpasswd !== undefined) {
    const file = join(dir, 'htpasswd');
    await writeFile(file, await bcryptEntry(options.htpasswd.user, options.htpasswd.password));
    return ['auth:', '  htpasswd:', '    realm: farside-test', `    path: ${file}`];
  }
  if (options.token !== undefined) {
    const bundle = join(dir, 'token-root.pem');
    await writeFile(bundle, options.token.rootCertBundle);
    const { realm, service, issuer } = options.token;
    return ['auth:', '  token:', `    realm: ${JSON.stringify(realm)}`, `    service: ${JSON.stringify(service)}`, `    issuer: ${JSON.stringify(issuer)}`, `    rootcertbundle: ${bundle}`];
  }
  return [];
}

/** A `user:$2y$...` line; docker-registry only accepts bcrypt entries. */
async function bcryptEntry(user: string, password: string): Promise<string> {
  await requireExecutable(HTPASSWD_PATH, 'htpasswd is not installed at /usr/bin/htpasswd: apt-get install apache2-utils; .ci/run does');
  return new Promise((resolve, reject) => {
    const child = spawn(HTPASSWD_PATH, ['-Bbn', user, password], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(`${out.trim()}\n`) : reject(new Error(`htpasswd exited with ${code}: ${err.trim()}`))));
  });
}

/** Any HTTP answer on /v2/ (200, or 401 with auth) means the API is up. */
async function waitForApi(port: number): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/v2/`);
      await response.arrayBuffer();
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`docker-registry did not answer on 127.0.0.1:${port} within ${START_TIMEOUT_MS} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}



