/**
 * An OciTarget backed by one repository of a distribution-spec registry (docker
 * registry, Harbor, ghcr.io, Docker Hub, ...). Everything read is checked against its
 * digest and size before it is returned.
 */
import { invalidInput } from '../../errors/index.js';
import { isDigest, sha256Digest, verifyDigest, type Digest } from '../digest.js';
import { parseManifest, type Descriptor } from '../manifest.js';
import { INDEX_MEDIA_TYPES, MANIFEST_MEDIA_TYPES, MAX_MANIFEST_BYTES, MEDIA_TYPE } from '../media-types.js';
import { isValidTag, type RegistryReference } from '../reference.js';
import type { OciTarget, TransferOptions } from '../target.js';
import { uploadBlob } from './blob-upload.js';
import { resolveOptions, type RegistryTargetOptions } from './options.js';
import { RegistryClient, type Answer, type SendOptions } from './registry-client.js';

/** Resolved manifests kept for the fetch that follows. */
const RECENT_MANIFESTS = 16;

export class RegistryTarget implements OciTarget {
  readonly #recentManifests = new Map<Digest, Uint8Array>();
  readonly registry: string;
  readonly repository: string;
  readonly #client: RegistryClient;
  readonly #sizes: { readonly chunkedUploadThresholdBytes: number; readonly chunkSizeBytes: number };

  /** Validates the options (FARSIDE_ERR_INVALID_INPUT); no connection is made until a method is called. */
  constructor(options: RegistryTargetOptions) {
    const resolved = resolveOptions(options);
    this.registry = resolved.registry;
    this.repository = resolved.repository;
    this.#sizes = { chunkedUploadThresholdBytes: resolved.chunkedUploadThresholdBytes, chunkSizeBytes: resolved.chunkSizeBytes };
    this.#client = new RegistryClient(resolved);
  }

  /** The target for a parsed reference's repository (its tag or digest is for resolve()). */
  static fromReference(reference: RegistryReference, options: Omit<RegistryTargetOptions, 'registry' | 'repository'> = {}): RegistryTarget {
    return new RegistryTarget({ ...options, registry: reference.registry, repository: reference.repository });
  }

  /** GET /v2/: resolves when the registry speaks the distribution API and lets us in. */
  async ping(options: TransferOptions = {}): Promise<void> {
    this.#client.expect(await this.#client.send({ kind: 'ping' }, signalOnly(options)), [200], 'the API root /v2/');
  }

  /**
   * GET of the manifest: its digest, size and media type, with the verified bytes kept
   * for the fetchManifest that follows, so a pull costs one manifest request, not a HEAD
   * and a GET (Docker Hub's rate limit counts the GET either way).
   */
  async resolve(reference: string, options: TransferOptions = {}): Promise<Descriptor> {
    if (!isDigest(reference) && !isValidTag(reference)) throw invalidInput(`"${reference}" is neither a tag nor a digest`);
    const subject = isDigest(reference) ? `manifest ${reference}` : `tag "${reference}"`;
    const get = await this.#client.send({ kind: 'get-manifest', reference }, { ...signalOnly(options), maxBodyBytes: MAX_MANIFEST_BYTES });
    const answer = this.#client.expect(get, [200], subject);
    const descriptor = this.#descriptorFromBody(answer, reference);
    this.#remember(descriptor.digest, answer.body);
    return descriptor;
  }

  async fetchManifest(descriptor: Descriptor, options: TransferOptions = {}): Promise<Uint8Array> {
    const cached = this.#recentManifests.get(descriptor.digest);
    if (cached !== undefined && cached.length === descriptor.size) return cached;
    if (descriptor.size > MAX_MANIFEST_BYTES) throw invalidInput(`manifest ${descriptor.digest} of ${descriptor.size} bytes is over the ${MAX_MANIFEST_BYTES}-byte limit`);
    const get = await this.#client.send({ kind: 'get-manifest', reference: descriptor.digest }, this.#download(descriptor, options));
    const bytes = this.#client.expect(get, [200], `manifest ${descriptor.digest}`).body;
    verifyDigest(bytes, descriptor.digest, descriptor.size);
    return bytes;
  }

  async fetchBlob(descriptor: Descriptor, options: TransferOptions = {}): Promise<Uint8Array> {
    const get = await this.#client.send({ kind: 'get-blob', digest: descriptor.digest }, this.#download(descriptor, options));
    const bytes = this.#client.expect(get, [200], `blob ${descriptor.digest}`).body;
    verifyDigest(bytes, descriptor.digest, descriptor.size);
    return bytes;
  }

  async hasBlob(descriptor: Descriptor, options: TransferOptions = {}): Promise<boolean> {
    const head = await this.#client.send({ kind: 'head-blob', digest: descriptor.digest }, signalOnly(options));
    if (head.status === 404) return false;
    this.#client.expect(head, [200], `blob ${descriptor.digest}`);
    return true;
  }

  /** Checks `data` against the descriptor first: wrong bytes are refused here, not stored under a digest they do not have. */
  async pushBlob(descriptor: Descriptor, data: Uint8Array, options: TransferOptions = {}): Promise<void> {
    verifyDigest(data, descriptor.digest, descriptor.size);
    await uploadBlob(this.#client, descriptor, data, this.#sizes, options);
  }

  /** PUT by tag (the registry also keeps it by digest) or, without a tag, by digest. */
  async pushManifest(descriptor: Descriptor, bytes: Uint8Array, tag?: string, options: TransferOptions = {}): Promise<void> {
    if (tag !== undefined && !isValidTag(tag)) throw invalidInput(`"${tag}" is not a tag (1 to 128 of [A-Za-z0-9_.-], not starting with "." or "-")`);
    verifyDigest(bytes, descriptor.digest, descriptor.size);
    parseManifest(bytes);
    const subject = tag !== undefined ? `manifest ${descriptor.digest} (tag "${tag}")` : `manifest ${descriptor.digest}`;
    const put = await this.#client.send({ kind: 'put-manifest', reference: tag ?? descriptor.digest, mediaType: descriptor.mediaType, bytes }, signalOnly(options));
    const stored = this.#client.expect(put, [201], subject).headers['docker-content-digest'];
    if (stored !== undefined && stored !== descriptor.digest) throw invalidInput(`${this.registry} stored ${subject} as ${stored}`);
  }

  /** Keeps the last few resolved manifests (already verified against their digest). */
  #remember(digest: Digest, bytes: Uint8Array): void {
    this.#recentManifests.set(digest, bytes);
    if (this.#recentManifests.size > RECENT_MANIFESTS) this.#recentManifests.delete(this.#recentManifests.keys().next().value!);
  }

  /** Drops idle connections to the registry; the target stays usable. */
  close(): void {
    this.#client.close();
  }

  #descriptorFromBody(get: Answer, reference: string): Descriptor {
    const bytes = get.body;
    const parsed = parseManifest(bytes);
    const claimed = get.headers['docker-content-digest'];
    const expected: Digest | undefined = isDigest(reference) ? reference : claimed !== undefined && isDigest(claimed) ? claimed : undefined;
    if (expected !== undefined) verifyDigest(bytes, expected);
    const declared = parsed.kind === 'index' ? parsed.index.mediaType : parsed.manifest.mediaType;
    const mediaType = manifestMediaType(get.headers['content-type']) ?? declared ?? (parsed.kind === 'index' ? MEDIA_TYPE.OCI_INDEX : MEDIA_TYPE.OCI_MANIFEST);
    return { mediaType, digest: expected ?? sha256Digest(bytes), size: bytes.length };
  }

  #download(descriptor: Descriptor, options: TransferOptions): SendOptions {
    const listener = options.onProgress;
    return {
      ...signalOnly(options),
      // One byte more than the descriptor says is already wrong; stop reading there.
      maxBodyBytes: descriptor.size,
      ...(listener && { onBytesReceived: (done: number) => listener({ digest: descriptor.digest, done, total: descriptor.size }) }),
    };
  }
}

/** The Content-Type's media type when it is a manifest or index type (parameters dropped). */
function manifestMediaType(contentType: string | undefined): string | undefined {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  return type !== undefined && (MANIFEST_MEDIA_TYPES.includes(type) || INDEX_MEDIA_TYPES.includes(type)) ? type : undefined;
}

function signalOnly(options: TransferOptions): { signal?: AbortSignal } {
  return options.signal ? { signal: options.signal } : {};
}
