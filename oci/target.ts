import type { Digest } from './digest.js';
import type { Descriptor } from './manifest.js';

/** Progress of a long transfer, for a terminal progress bar. */
export type ProgressListener = (event: { readonly digest: Digest; readonly done: number; readonly total: number }) => void;

export interface TransferOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: ProgressListener;
}

/**
 * Where OCI content lives: a registry repository (distribution-spec) or an
 * image-layout directory. Every read verifies digest and size; every failure is a
 * FarsideError (NOT_FOUND for missing content, INVALID_INPUT for bad content,
 * DEVICE_UNAVAILABLE for an unreachable store, TIMEOUT), and a failed write
 * leaves nothing half-written behind.
 */
export interface OciTarget {
  /** The descriptor a tag or digest points at (manifest or index), with its media type. */
  resolve(reference: string, options?: TransferOptions): Promise<Descriptor>;
  /** Manifest or index bytes, exactly as stored (their digest is verified). */
  fetchManifest(descriptor: Descriptor, options?: TransferOptions): Promise<Uint8Array>;
  fetchBlob(descriptor: Descriptor, options?: TransferOptions): Promise<Uint8Array>;
  hasBlob(descriptor: Descriptor, options?: TransferOptions): Promise<boolean>;
  pushBlob(descriptor: Descriptor, data: Uint8Array, options?: TransferOptions): Promise<void>;
  /** Stores manifest bytes under their digest and, when given, a tag. */
  pushManifest(descriptor: Descriptor, bytes: Uint8Array, tag?: string, options?: TransferOptions): Promise<void>;
}
