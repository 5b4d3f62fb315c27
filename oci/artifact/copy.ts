import { ERROR_CODES, FarsideError, invalidInput } from '../../errors/index.js';
import { verifyDigest } from '../digest.js';
import { INDEX_MEDIA_TYPES, MANIFEST_MEDIA_TYPES } from '../media-types.js';
import { parseManifest, platformSchema, type Descriptor, type ImageIndex, type ParsedManifest, type Platform } from '../manifest.js';
import type { OciTarget, TransferOptions } from '../target.js';
import { forEachLimited } from './map-limit.js';
import { selectPlatform } from './platform-index.js';

export interface CopyOptions extends TransferOptions {
  /** Tag for the copied root at the destination; without one it is stored by digest only. */
  readonly tag?: string;
  /**
   * When the reference is an index, copy only this platform's manifest, which then becomes
   * the root (and gets the tag). A reference that is a single manifest is copied as it is.
   */
  readonly platform?: Platform;
  /** Blobs transferred at the same time. Default 4. */
  readonly concurrency?: number;
}

export interface CopyResult {
  /** The root stored at the destination: the manifest or index (or the selected platform's manifest). */
  readonly descriptor: Descriptor;
  /** Blobs (configs and layers) transferred. */
  readonly copiedBlobs: number;
  /** Blobs the destination already had. */
  readonly skippedBlobs: number;
}

/** Indexes of indexes are allowed, but not without end (or in a loop). */
const MAX_INDEX_DEPTH = 4;
const DEFAULT_CONCURRENCY = 4;

interface CopyRun {
  readonly src: OciTarget;
  readonly dst: OciTarget;
  readonly options: CopyOptions;
  copiedBlobs: number;
  skippedBlobs: number;
}

async function copyBlob(run: CopyRun, descriptor: Descriptor): Promise<void> {
  const transfer = { signal: run.options.signal };
  if (await run.dst.hasBlob(descriptor, transfer)) {
    run.skippedBlobs++;
  } else {
    const data = await run.src.fetchBlob(descriptor, transfer);
    // Checked here too: the source may be any OciTarget, and a bad blob must not reach the destination.
    verifyDigest(data, descriptor.digest, descriptor.size);
    await run.dst.pushBlob(descriptor, data, transfer);
    run.copiedBlobs++;
  }
  run.options.onProgress?.({ digest: descriptor.digest, done: descriptor.size, total: descriptor.size });
}

interface FetchedManifest {
  readonly bytes: Uint8Array;
  readonly parsed: ParsedManifest;
}

/** What a copy can carry: OCI and Docker v2 manifests and indexes; anything else is refused before any transfer. */
const COPYABLE_MEDIA_TYPES: ReadonlySet<string> = new Set([...MANIFEST_MEDIA_TYPES, ...INDEX_MEDIA_TYPES]);

async function fetchVerifiedManifest(run: CopyRun, descriptor: Descriptor): Promise<FetchedManifest> {
  if (!COPYABLE_MEDIA_TYPES.has(descriptor.mediaType)) {
    throw invalidInput(`${descriptor.digest} has media type ${descriptor.mediaType}, which is neither an OCI/Docker manifest nor an index`);
  }
  const bytes = await run.src.fetchManifest(descriptor, { signal: run.options.signal });
  verifyDigest(bytes, descriptor.digest, descriptor.size);
  return { bytes, parsed: parseManifest(bytes) };
}

/** Copies the content under `descriptor` (children first), then the manifest itself. */
async function copyTree(run: CopyRun, descriptor: Descriptor, tag: string | undefined, depth: number, fetched?: FetchedManifest): Promise<void> {
  const { bytes, parsed } = fetched ?? (await fetchVerifiedManifest(run, descriptor));
  if (parsed.kind === 'manifest') {
    const blobs = [parsed.manifest.config, ...parsed.manifest.layers];
    await forEachLimited(blobs, run.options.concurrency ?? DEFAULT_CONCURRENCY, (blob) => copyBlob(run, blob));
  } else {
    if (depth >= MAX_INDEX_DEPTH) throw invalidInput(`image indexes nested deeper than ${MAX_INDEX_DEPTH} levels`);
    for (const child of parsed.index.manifests) await copyTree(run, child, undefined, depth + 1);
  }
  await run.dst.pushManifest(descriptor, bytes, tag, { signal: run.options.signal });
  run.options.onProgress?.({ digest: descriptor.digest, done: descriptor.size, total: descriptor.size });
}

function platformEntry(index: ImageIndex, platform: Platform): Descriptor {
  const entry = selectPlatform(index, platform);
  if (entry === undefined) {
    const wanted = [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/');
    throw new FarsideError(ERROR_CODES.NOT_FOUND, `the image index has no manifest for ${wanted}`);
  }
  return entry;
}

/**
 * Copies what `reference` names in `src` to `dst`: a manifest with its config and
 * layers, or an index with all its manifests (or, with `platform`, only the matching
 * one). Blobs the destination has are skipped; everything fetched is checked against
 * its digest; children are stored before whatever refers to them, so an interrupted
 * copy never leaves a tag pointing at missing content. Used for push and for pull.
 */
export async function copy(src: OciTarget, dst: OciTarget, reference: string, options: CopyOptions = {}): Promise<CopyResult> {
  if (options.platform !== undefined && !platformSchema.safeParse(options.platform).success) throw invalidInput('invalid platform');
  const run: CopyRun = { src, dst, options, copiedBlobs: 0, skippedBlobs: 0 };
  const resolved = await src.resolve(reference, { signal: options.signal });
  const fetched = await fetchVerifiedManifest(run, resolved);
  if (options.platform !== undefined && fetched.parsed.kind === 'index') {
    const selected = platformEntry(fetched.parsed.index, options.platform);
    await copyTree(run, selected, options.tag, 1);
    return { descriptor: selected, copiedBlobs: run.copiedBlobs, skippedBlobs: run.skippedBlobs };
  }
  const root = resolved;
  await copyTree(run, root, options.tag, 0, fetched);
  return { descriptor: root, copiedBlobs: run.copiedBlobs, skippedBlobs: run.skippedBlobs };
}
