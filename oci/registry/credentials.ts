/**
 * Registry credentials from where users already keep them: docker's `config.json` and
 * Kubernetes image pull secrets (`kubernetes.io/dockerconfigjson`, and the older
 * `kubernetes.io/dockercfg`), both validated with zod before anything is read from them.
 */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { ERROR_CODES, FarsideError, invalidInput } from '../../errors/index.js';
import { DOCKER_HUB } from '../reference.js';

export interface Credentials {
  readonly username: string;
  readonly password: string;
}

/**
 * Credentials for a registry host (`host[:port]` as written in references, e.g.
 * `docker.io`), or undefined for none. Asked only when a registry challenges, so a
 * provider may be slow or throw (FarsideError) without costing anonymous pulls anything.
 */
export type CredentialsProvider = (registry: string) => Promise<Credentials | undefined>;

const authEntrySchema = z.object({
  auth: z.string().optional(),
  username: z.string().optional(),
  password: z.string().optional(),
  identitytoken: z.string().optional(),
});

/** The parts of docker's config.json we read; other fields (psFormat, proxies, ...) are ignored. */
const dockerConfigSchema = z.object({
  auths: z.record(z.string(), authEntrySchema).optional(),
  credsStore: z.string().optional(),
  credHelpers: z.record(z.string(), z.string()).optional(),
});

export type DockerConfig = z.infer<typeof dockerConfigSchema>;

/** Secret types of Kubernetes image pull secrets (core/v1 SecretType). */
export const SECRET_TYPE = {
  DOCKER_CONFIG_JSON: 'kubernetes.io/dockerconfigjson',
  DOCKER_CFG: 'kubernetes.io/dockercfg',
} as const;

const secretSchema = z.object({
  type: z.enum([SECRET_TYPE.DOCKER_CONFIG_JSON, SECRET_TYPE.DOCKER_CFG]),
  data: z.record(z.string(), z.string()).optional(),
  stringData: z.record(z.string(), z.string()).optional(),
});

const BASE64_PATTERN = /^[A-Za-z0-9+/]*={0,2}$/;

/** Parses config.json text (or a pull secret's decoded `.dockerconfigjson`); FARSIDE_ERR_INVALID_INPUT when malformed. */
export function parseDockerConfig(text: string): DockerConfig {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw invalidInput(`docker config is not JSON: ${(err as Error).message}`);
  }
  const config = dockerConfigSchema.safeParse(json);
  if (!config.success) throw invalidInput(`invalid docker config: ${describeIssue(config.error)}`);
  return config.data;
}

/**
 * The docker config inside a Kubernetes image pull secret object (as the API returns
 * it, `data` base64-encoded, or with `stringData`).
 */
export function dockerConfigFromKubernetesSecret(secret: unknown): DockerConfig {
  const parsed = secretSchema.safeParse(secret);
  if (!parsed.success) throw invalidInput(`not an image pull secret: ${describeIssue(parsed.error)}`);
  const key = parsed.data.type === SECRET_TYPE.DOCKER_CONFIG_JSON ? '.dockerconfigjson' : '.dockercfg';
  const encoded = parsed.data.data?.[key];
  const text = encoded !== undefined ? decodeBase64(encoded, `secret data ${key}`) : parsed.data.stringData?.[key];
  if (text === undefined) throw invalidInput(`${parsed.data.type} secret has no ${key}`);
  // .dockercfg is the older format: just the `auths` map, without the wrapper.
  return parsed.data.type === SECRET_TYPE.DOCKER_CONFIG_JSON ? parseDockerConfig(text) : parseDockerConfig(JSON.stringify({ auths: safeJson(text, key) }));
}

/** Where docker keeps its config: `$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`. */
export function defaultDockerConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.DOCKER_CONFIG ?? join(homedir(), '.docker'), 'config.json');
}

/** Reads and parses a config.json; a missing file is FARSIDE_ERR_NOT_FOUND. */
export async function readDockerConfig(path: string = defaultDockerConfigPath()): Promise<DockerConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new FarsideError(ERROR_CODES.NOT_FOUND, `docker config ${path} does not exist`, { cause: err });
    throw invalidInput(`cannot read docker config ${path}: ${(err as Error).message}`, err);
  }
  return parseDockerConfig(text);
}

/**
 * A provider that looks the registry up in each config in turn (like the kubelet does
 * with a pod's pull secrets) and takes the first entry found. Credential helpers
 * (`credsStore`, `credHelpers`) are not run: a registry that only they know of is a
 * FARSIDE_ERR_NOT_ALLOWED naming the helper, so the user knows where the secret is.
 */
export function credentialsFromDockerConfig(...configs: readonly DockerConfig[]): CredentialsProvider {
  return async (registry) => {
    const host = canonicalHost(registry);
    for (const config of configs) {
      for (const [key, entry] of Object.entries(config.auths ?? {})) {
        if (canonicalHost(key) !== host) continue;
        const credentials = credentialsFromEntry(entry, key);
        if (credentials !== undefined) return credentials;
      }
    }
    for (const config of configs) {
      const helper = Object.entries(config.credHelpers ?? {}).find(([key]) => canonicalHost(key) === host)?.[1] ?? config.credsStore;
      if (helper !== undefined) {
        throw new FarsideError(
          ERROR_CODES.NOT_ALLOWED,
          `credentials for ${registry} are kept by the docker credential helper "docker-credential-${helper}", which farside does not run; put them in "auths" (docker login --password-stdin with no credsStore) or use an image pull secret`,
        );
      }
    }
    return undefined;
  };
}

/** Fixed credentials for every registry (a CLI flag, a test). */
export function staticCredentials(credentials: Credentials): CredentialsProvider {
  return async () => credentials;
}

function credentialsFromEntry(entry: z.infer<typeof authEntrySchema>, key: string): Credentials | undefined {
  if (entry.auth !== undefined && entry.auth !== '') {
    const decoded = decodeBase64(entry.auth, `auths["${key}"].auth`);
    const colon = decoded.indexOf(':');
    if (colon === -1) throw invalidInput(`auths["${key}"].auth is not base64 of "user:password"`);
    return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }
  if (entry.username !== undefined && entry.password !== undefined) return { username: entry.username, password: entry.password };
  if (entry.identitytoken !== undefined) {
    throw new FarsideError(ERROR_CODES.NOT_ALLOWED, `auths["${key}"] holds an OAuth identity token, which farside does not exchange; give a username and password or token instead`);
  }
  return undefined;
}

/**
 * The host an auths key or reference registry stands for: config keys are often URLs
 * (`https://index.docker.io/v1/`), and Docker Hub goes by several names.
 */
function canonicalHost(keyOrHost: string): string {
  const host = keyOrHost.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/\/.*$/, '').toLowerCase();
  return ['index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com'].includes(host) ? DOCKER_HUB : host;
}

function decodeBase64(text: string, what: string): string {
  const compact = text.replace(/\s+/g, '');
  // Buffer.from skips bad characters silently; a corrupted secret must say so instead.
  if (!BASE64_PATTERN.test(compact)) throw invalidInput(`${what} is not base64`);
  const bytes = Buffer.from(compact, 'base64');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw invalidInput(`${what} is not base64 of UTF-8 text`);
  }
}

function safeJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw invalidInput(`${what} is not JSON: ${(err as Error).message}`);
  }
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue === undefined ? 'invalid' : `${issue.path.join('.') || '(top level)'}: ${issue.message}`;
}
