import { sha256Digest } from '../digest.js';
import type { Descriptor } from '../manifest.js';

/** Bytes together with the descriptor that names them; ready for pushBlob/pushManifest. */
export interface DescribedContent {
  readonly descriptor: Descriptor;
  readonly bytes: Uint8Array;
}

export function describe(mediaType: string, bytes: Uint8Array, annotations?: Readonly<Record<string, string>>): DescribedContent {
  const descriptor: Descriptor = { mediaType, digest: sha256Digest(bytes), size: bytes.length };
  return { descriptor: annotations === undefined ? descriptor : { ...descriptor, annotations: { ...annotations } }, bytes };
}
