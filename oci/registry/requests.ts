/**
 * The distribution-spec requests the client makes, as data, and the one function that
 * turns each into an HTTP message (OCI distribution-spec v1.1, "Pull", "Push").
 */
import { ERROR_CODES, FarsideError } from '../../errors/index.js';
import type { Digest } from '../digest.js';
import { MEDIA_TYPE } from '../media-types.js';
import type { HttpMessage } from './http-message.js';

export type RegistryRequest =
  /** §"Determining support": GET /v2/ */
  | { readonly kind: 'ping' }
  | { readonly kind: 'head-manifest'; readonly reference: string }
  | { readonly kind: 'get-manifest'; readonly reference: string }
  | { readonly kind: 'put-manifest'; readonly reference: string; readonly mediaType: string; readonly bytes: Uint8Array }
  | { readonly kind: 'head-blob'; readonly digest: Digest }
  | { readonly kind: 'get-blob'; readonly digest: Digest }
  /** §"Pushing a blob monolithically" / "in chunks": POST opens an upload session, answered with its Location. */
  | { readonly kind: 'start-upload' }
  /** §"Pushing a blob in chunks": PATCH with Content-Range `<first>-<last>` (inclusive). */
  | { readonly kind: 'upload-chunk'; readonly location: URL; readonly offset: number; readonly chunk: Uint8Array }
  /** PUT `<location>?digest=` closes the session, with the whole blob (monolithic) or nothing more (after chunks). */
  | { readonly kind: 'finish-upload'; readonly location: URL; readonly digest: Digest; readonly data?: Uint8Array }
  /** §"Canceling an upload": DELETE the session, so that a failed push leaves nothing behind. */
  | { readonly kind: 'cancel-upload'; readonly location: URL };

/** What a request needs from the registry's authorization: token scopes are `pull` or `pull,push`. */
export type Access = 'pull' | 'push';

export interface RegistryMessage extends HttpMessage {
  readonly access: Access;
  /**
   * A failure may be retried by sending the same message again. Upload steps may not
   * (a session that failed midway is started over instead), nor may a best-effort cancel.
   */
  readonly retryable: boolean;
  /** Blob reads may be redirected to storage. */
  readonly followRedirects: boolean;
}

/** Every manifest type the client reads, so that a registry serves each as stored instead of converting or refusing it. */
export const MANIFEST_ACCEPT = [MEDIA_TYPE.OCI_MANIFEST, MEDIA_TYPE.OCI_INDEX, MEDIA_TYPE.DOCKER_MANIFEST, MEDIA_TYPE.DOCKER_MANIFEST_LIST].join(', ');
const OCTET_STREAM = 'application/octet-stream';

/** `base` is the registry's API root, e.g. `https://registry-1.docker.io`; `repository` is already validated. */
export function messageFromRequest(base: URL, repository: string, request: RegistryRequest): RegistryMessage {
  const at = (path: string): URL => new URL(`/v2/${repository}/${path}`, base);
  switch (request.kind) {
    case 'ping':
      return { method: 'GET', url: new URL('/v2/', base), headers: {}, access: 'pull', retryable: true, followRedirects: false };
    case 'head-manifest':
    case 'get-manifest':
      return {
        method: request.kind === 'head-manifest' ? 'HEAD' : 'GET',
        url: at(`manifests/${request.reference}`),
        headers: { accept: MANIFEST_ACCEPT },
        access: 'pull',
        retryable: true,
        followRedirects: false,
      };
    case 'put-manifest':
      return { method: 'PUT', url: at(`manifests/${request.reference}`), headers: { 'content-type': request.mediaType }, body: request.bytes, access: 'push', retryable: true, followRedirects: false };
    case 'head-blob':
    case 'get-blob':
      return { method: request.kind === 'head-blob' ? 'HEAD' : 'GET', url: at(`blobs/${request.digest}`), headers: {}, access: 'pull', retryable: true, followRedirects: true };
    case 'start-upload':
      // A second session after a lost answer costs nothing: registries expire unused ones.
      return { method: 'POST', url: at('blobs/uploads/'), headers: {}, access: 'push', retryable: true, followRedirects: false };
    case 'upload-chunk':
      return {
        method: 'PATCH',
        url: request.location,
        headers: { 'content-type': OCTET_STREAM, 'content-range': `${request.offset}-${request.offset + request.chunk.length - 1}` },
        body: request.chunk,
        access: 'push',
        retryable: false,
        followRedirects: false,
      };
    case 'finish-upload':
      return {
        method: 'PUT',
        url: withQuery(request.location, 'digest', request.digest),
        headers: { 'content-type': OCTET_STREAM },
        body: request.data ?? new Uint8Array(0),
        access: 'push',
        retryable: false,
        followRedirects: false,
      };
    case 'cancel-upload':
      return { method: 'DELETE', url: request.location, headers: {}, access: 'push', retryable: false, followRedirects: false };
    default: {
      const unknown: never = request;
      throw new FarsideError(ERROR_CODES.INTERNAL, `unknown registry request ${JSON.stringify(unknown)}`);
    }
  }
}

/**
 * Appends a parameter without re-encoding the query a registry put in its Location
 * (upload state tokens are opaque). `value` is a validated digest, `[a-z0-9:]` only,
 * written as the spec's examples write it.
 */
function withQuery(url: URL, name: string, value: Digest): URL {
  const copy = new URL(url);
  const pair = `${name}=${value}`;
  copy.search = copy.search.length > 1 ? `${copy.search}&${pair}` : `?${pair}`;
  return copy;
}
