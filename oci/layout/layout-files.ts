import { join } from 'node:path';
import type { Digest } from '../digest.js';

/**
 * Names inside an OCI image layout directory (image-spec v1.1.0 "image-layout.md"):
 * the `oci-layout` marker, the `index.json` entry point and `blobs/<alg>/<encoded>`.
 */
export const LAYOUT_FILE = {
  MARKER: 'oci-layout',
  INDEX: 'index.json',
  BLOBS: 'blobs',
} as const;

/** The only layout version image-spec defines (image-layout.md "oci-layout file"). */
export const IMAGE_LAYOUT_VERSION = '1.0.0';

/**
 * Where a blob lives. Callers pass digests that passed `isDigest`, so the algorithm and
 * hex parts are `[a-z0-9]` only and cannot climb out of the layout.
 */
export function blobPath(root: string, digest: Digest): string {
  const [algorithm, encoded] = digest.split(':') as [string, string];
  return join(root, LAYOUT_FILE.BLOBS, algorithm, encoded);
}
