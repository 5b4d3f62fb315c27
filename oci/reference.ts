/**
 * Image references as docker, ORAS and skopeo write them:
 * `[registry[:port]/]repository[:tag][@digest]`, and the image-layout form
 * `oci-layout:<dir>[:tag|@digest]` for a store on disk.
 */
import { invalidInput } from '../errors/index.js';
import { isDigest, type Digest } from './digest.js';

/** A repository in a distribution-spec registry. */
export interface RegistryReference {
  readonly kind: 'registry';
  /** `host[:port]` as the user means it: `docker.io`, not its API host (see registryApiHost). */
  readonly registry: string;
  /** Path in the registry, e.g. `library/alpine`. */
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: Digest;
}

/** A tag or digest in an OCI image-layout directory. */
export interface LayoutReference {
  readonly kind: 'layout';
  /** The directory, as written (relative paths stay relative). */
  readonly path: string;
  readonly tag?: string;
  readonly digest?: Digest;
}

export type Reference = RegistryReference | LayoutReference;

/** The prefix that marks an image-layout reference (ORAS's `--oci-layout` target, written inline). */
export const LAYOUT_PREFIX = 'oci-layout:';

/** Docker Hub: the registry a reference names when it names none, and the host its API really lives on. */
export const DOCKER_HUB = 'docker.io';
export const DOCKER_HUB_API_HOST = 'registry-1.docker.io';
/** Docker Hub's single-component names (`alpine`) live under this namespace. */
const DOCKER_HUB_OFFICIAL_NAMESPACE = 'library/';
/** Names docker still accepts for Docker Hub and rewrites to `docker.io`. */
const DOCKER_HUB_ALIASES: readonly string[] = ['index.docker.io', 'registry-1.docker.io'];

// distribution-spec §"Pulling manifests": <name> and <reference> grammar.
const PATH_COMPONENT = '[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*';
const REPOSITORY_PATTERN = new RegExp(`^${PATH_COMPONENT}(?:/${PATH_COMPONENT})*$`);
const TAG_PATTERN = /^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$/;
/** docker/reference's domain grammar: DNS labels or a bracketed IPv6 address, then an optional port. */
const DOMAIN_LABEL = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const HOST_PATTERN = new RegExp(`^(?:${DOMAIN_LABEL}(?:\\.${DOMAIN_LABEL})*|\\[[0-9a-fA-F:.]+\\])(?::([0-9]{1,5}))?$`);
/** docker/reference's NameTotalLengthMax: registry plus repository. */
const NAME_MAX_LENGTH = 255;
/** Longer text is not a reference anyone typed; refuse it before any regex runs on it. */
const REFERENCE_MAX_LENGTH = 4096;
/** `algorithm:` at the start of a digest, to tell `dir@sha256:...` from a directory with `@` in its name. */
const DIGEST_ALGORITHM_PREFIX = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:/;

export function isValidTag(tag: string): boolean {
  return TAG_PATTERN.test(tag);
}

export function isValidRepository(repository: string): boolean {
  return repository.length <= NAME_MAX_LENGTH && REPOSITORY_PATTERN.test(repository);
}

/** `host`, `host:port`, an IPv4 address or `[ipv6]`, each with an optional port in 1..65535. */
export function isValidRegistryHost(host: string): boolean {
  const match = HOST_PATTERN.exec(host);
  if (match === null) return false;
  const port = match[1];
  return port === undefined || (Number(port) >= 1 && Number(port) <= 65535);
}

/** The host that serves `registry`'s HTTP API: Docker Hub's differs from its name. */
export function registryApiHost(registry: string): string {
  return registry === DOCKER_HUB ? DOCKER_HUB_API_HOST : registry;
}

/** Parses a registry or image-layout reference; anything malformed is FARSIDE_ERR_INVALID_INPUT naming what is wrong. */
export function parseReference(text: string): Reference {
  if (text.length === 0) throw invalidInput('empty image reference');
  if (text.length > REFERENCE_MAX_LENGTH) throw invalidInput(`image reference of ${text.length} characters is over the ${REFERENCE_MAX_LENGTH}-character limit`);
  // eslint-disable-next-line no-control-regex
  if (/[\s\u0000-\u001f\u007f]/.test(text)) throw invalidInput(`image reference ${JSON.stringify(text)} contains white space or control characters`);
  return text.startsWith(LAYOUT_PREFIX) ? parseLayoutReference(text) : parseRegistryReference(text);
}

/** Parses a reference that must name a registry (an `oci-layout:` one is refused). */
export function parseRegistryReference(text: string): RegistryReference {
  if (text.startsWith(LAYOUT_PREFIX)) throw invalidInput(`"${text}" names an image-layout directory, not a registry`);
  const fail = (why: string): never => {
    throw invalidInput(`invalid image reference "${text}": ${why}`);
  };
  const [rest, digest] = splitDigest(text, fail);
  // A tag's colon comes after the last slash; one before it belongs to a registry port.
  const colon = rest.lastIndexOf(':');
  const tagged = colon > rest.lastIndexOf('/');
  const name = tagged ? rest.slice(0, colon) : rest;
  const tag = tagged ? rest.slice(colon + 1) : undefined;
  if (tag !== undefined && !isValidTag(tag)) fail(`tag "${tag}" must be 1 to 128 of [A-Za-z0-9_.-], not starting with "." or "-"`);

  const [registry, path] = splitRegistry(name);
  if (!isValidRegistryHost(registry)) fail(`"${registry}" is not a registry host[:port]`);
  const repository = registry === DOCKER_HUB && !path.includes('/') ? DOCKER_HUB_OFFICIAL_NAMESPACE + path : path;
  if (repository.length === 0) fail('no repository');
  if (!REPOSITORY_PATTERN.test(repository)) {
    fail(REPOSITORY_PATTERN.test(repository.toLowerCase()) ? `repository "${repository}" must be lowercase` : `repository "${repository}" must be lowercase components of [a-z0-9] joined by ".", "_", "__" or "-", separated by "/"`);
  }
  if (registry.length + 1 + repository.length > NAME_MAX_LENGTH) fail(`the name is over ${NAME_MAX_LENGTH} characters`);
  return { kind: 'registry', registry, repository, ...(tag !== undefined && { tag }), ...(digest !== undefined && { digest }) };
}

/**
 * docker's rule: the first path component names a registry when it has a `.` or `:`,
 * is `localhost`, or has an upper-case letter (repositories never do); otherwise the
 * reference is on Docker Hub.
 */
function splitRegistry(name: string): [registry: string, path: string] {
  const slash = name.indexOf('/');
  const first = slash === -1 ? '' : name.slice(0, slash);
  const isRegistry = slash !== -1 && (/[.:]/.test(first) || first === 'localhost' || first !== first.toLowerCase());
  if (!isRegistry) return [DOCKER_HUB, name];
  const path = name.slice(slash + 1);
  return [DOCKER_HUB_ALIASES.includes(first) ? DOCKER_HUB : first, path];
}

function parseLayoutReference(text: string): LayoutReference {
  const fail = (why: string): never => {
    throw invalidInput(`invalid image-layout reference "${text}": ${why}`);
  };
  const [rest, digest] = splitDigest(text.slice(LAYOUT_PREFIX.length), fail, true);
  // Only a colon after the last path separator can start a tag: `C:\images` is a path.
  const colon = rest.lastIndexOf(':');
  const tagged = colon > Math.max(rest.lastIndexOf('/'), rest.lastIndexOf('\\'));
  const path = tagged ? rest.slice(0, colon) : rest;
  const tag = tagged ? rest.slice(colon + 1) : undefined;
  if (path.length === 0) fail('no directory');
  if (tag !== undefined && !isValidTag(tag)) fail(`tag "${tag}" must be 1 to 128 of [A-Za-z0-9_.-], not starting with "." or "-"`);
  if (tag !== undefined && digest !== undefined) fail('give a tag or a digest, not both');
  return { kind: 'layout', path, ...(tag !== undefined && { tag }), ...(digest !== undefined && { digest }) };
}

/**
 * Splits `...@algorithm:hex` off. In a registry reference `@` only ever starts a digest;
 * a directory name may contain one, so there only `@algorithm:` does.
 */
function splitDigest(text: string, fail: (why: string) => never, inDirectory = false): [rest: string, digest: Digest | undefined] {
  const at = text.lastIndexOf('@');
  if (at === -1) return [text, undefined];
  const candidate = text.slice(at + 1);
  if (inDirectory && !DIGEST_ALGORITHM_PREFIX.test(candidate)) return [text, undefined];
  if (!isDigest(candidate)) fail(`"${candidate}" after "@" is not a digest (sha256:<64 hex digits> or sha512:<128>)`);
  return [text.slice(0, at), candidate as Digest];
}

/** The canonical text of a reference; parseReference reads it back to an equal value. */
export function formatReference(reference: Reference): string {
  const suffix = `${reference.tag !== undefined ? `:${reference.tag}` : ''}${reference.digest !== undefined ? `@${reference.digest}` : ''}`;
  switch (reference.kind) {
    case 'registry':
      return `${reference.registry}/${reference.repository}${suffix}`;
    case 'layout':
      return `${LAYOUT_PREFIX}${reference.path}${suffix}`;
    default: {
      const unknown: never = reference;
      throw invalidInput(`unknown reference kind in ${JSON.stringify(unknown)}`);
    }
  }
}

/** What to resolve in the repository: the digest when there is one (it pins content), else the tag, else `latest`. */
export function tagOrDigest(reference: Reference): string {
  return reference.digest ?? reference.tag ?? 'latest';
}
