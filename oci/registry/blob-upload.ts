/**
 * Pushing a blob (distribution-spec §"Pushing blobs"): POST opens an upload session,
 * then either one PUT `?digest=` carries the whole blob, or PATCH chunks carry it and
 * an empty PUT `?digest=` closes the session. POST-then-PUT is what every registry
 * supports (Debian's docker-registry refuses a single POST with the blob).
 */
import { invalidInput } from '../../errors/index.js';
import type { Descriptor } from '../manifest.js';
import type { TransferOptions } from '../target.js';
import type { Answer, RegistryClient } from './registry-client.js';
import { isRetryableStatus, retryAfterMs, retrying } from './retry.js';

export interface UploadSizes {
  /** Blobs larger than this, in bytes, go in PATCH chunks. */
  readonly chunkedUploadThresholdBytes: number;
  readonly chunkSizeBytes: number;
}

/** An upload either finished (or found the blob already there) or met a status worth starting over for. */
type Attempt = { readonly kind: 'done'; readonly alreadyThere: boolean } | { readonly kind: 'start-over'; readonly answer: Answer };

/**
 * Uploads `data` (already verified against `descriptor`). A session that fails midway
 * cannot be resumed reliably, so a retryable failure cancels it and starts a new one,
 * after checking that the blob did not arrive after all.
 */
export async function uploadBlob(client: RegistryClient, descriptor: Descriptor, data: Uint8Array, sizes: UploadSizes, options: TransferOptions = {}): Promise<void> {
  const attempt = async (): Promise<Attempt> => {
    const head = await client.send({ kind: 'head-blob', digest: descriptor.digest }, { ...signalOnly(options), access: 'push' });
    if (head.status === 200) return { kind: 'done', alreadyThere: true };
    if (head.status !== 404) throw client.fail(head, `blob ${descriptor.digest}`);
    const location = await startSession(client, descriptor, options);
    let outcome: Attempt | undefined;
    try {
      outcome = data.length > sizes.chunkedUploadThresholdBytes ? await sendChunks(client, descriptor, data, location, sizes.chunkSizeBytes, options) : await sendWhole(client, descriptor, data, location, options);
      return outcome;
    } finally {
      if (outcome?.kind !== 'done') await cancelSession(client, location);
    }
  };
  const outcome = await retrying(client.policy, options.signal, attempt, (result) => (result.kind === 'start-over' ? retryAfterMs(result.answer.headers['retry-after']) : undefined));
  if (outcome.kind === 'start-over') throw client.fail(outcome.answer, `the upload of blob ${descriptor.digest}`);
  if (outcome.alreadyThere) options.onProgress?.({ digest: descriptor.digest, done: data.length, total: data.length });
}

async function sendWhole(client: RegistryClient, descriptor: Descriptor, data: Uint8Array, location: URL, options: TransferOptions): Promise<Attempt> {
  const put = await client.send({ kind: 'finish-upload', location, digest: descriptor.digest, data }, { ...signalOnly(options), onBytesSent: progress(descriptor, 0, data.length, options) });
  return finish(client, descriptor, put);
}

async function sendChunks(client: RegistryClient, descriptor: Descriptor, data: Uint8Array, start: URL, chunkSize: number, options: TransferOptions): Promise<Attempt> {
  let location = start;
  for (let offset = 0; offset < data.length; offset += chunkSize) {
    const chunk = data.subarray(offset, offset + chunkSize);
    const patch = await client.send({ kind: 'upload-chunk', location, offset, chunk }, { ...signalOnly(options), onBytesSent: progress(descriptor, offset, data.length, options) });
    if (isRetryableStatus(patch.status)) return { kind: 'start-over', answer: patch };
    client.expect(patch, [202], `chunk ${offset}-${offset + chunk.length - 1} of blob ${descriptor.digest}`);
    // Each answer names where the session goes on; a registry may move it (or keep it).
    location = nextLocation(patch, location);
  }
  const put = await client.send({ kind: 'finish-upload', location, digest: descriptor.digest }, signalOnly(options));
  return finish(client, descriptor, put);
}

/** Best effort: the registry expires abandoned sessions anyway, so a failure to cancel is not the caller's error. */
async function cancelSession(client: RegistryClient, location: URL): Promise<void> {
  try {
    await client.send({ kind: 'cancel-upload', location });
  } catch {
    // Nothing to add to the failure being reported.
  }
}

async function startSession(client: RegistryClient, descriptor: Descriptor, options: TransferOptions): Promise<URL> {
  const post = client.expect(await client.send({ kind: 'start-upload' }, signalOnly(options)), [202], `an upload session for blob ${descriptor.digest}`);
  if (post.headers.location === undefined) throw invalidInput(`${client.registry} opened an upload session without a Location`);
  return nextLocation(post, undefined);
}

function finish(client: RegistryClient, descriptor: Descriptor, put: Answer): Attempt {
  if (isRetryableStatus(put.status)) return { kind: 'start-over', answer: put };
  client.expect(put, [201], `blob ${descriptor.digest}`);
  const stored = put.headers['docker-content-digest'];
  if (stored !== undefined && stored !== descriptor.digest) throw invalidInput(`${client.registry} stored blob ${descriptor.digest} as ${stored}`);
  return { kind: 'done', alreadyThere: false };
}

/** The session URL an answer names, resolved against the URL that answered (Location is often a path). */
function nextLocation(answer: Answer, previous: URL | undefined): URL {
  const location = answer.headers.location;
  if (location === undefined) {
    if (previous !== undefined) return previous;
    throw invalidInput('upload answer without a Location');
  }
  try {
    return new URL(location, answer.url);
  } catch {
    throw invalidInput(`upload session Location "${location}" is not a URL`);
  }
}

function progress(descriptor: Descriptor, offset: number, total: number, options: TransferOptions): ((done: number) => void) | undefined {
  const listener = options.onProgress;
  if (listener === undefined) return undefined;
  return (done) => listener({ digest: descriptor.digest, done: offset + done, total });
}

function signalOnly(options: TransferOptions): { signal?: AbortSignal } {
  return options.signal ? { signal: options.signal } : {};
}
