import type { OciTarget, TransferOptions } from '../target.js';
import type { PackedArtifact } from './pack.js';

/**
 * Writes a packed artifact to a store: the blobs it lacks, then the manifest (under `tag`, if
 * given), so that the tag never points at missing content.
 */
export async function storePacked(target: OciTarget, packed: PackedArtifact, tag?: string, options: TransferOptions = {}): Promise<void> {
  for (const part of [packed.config, ...packed.layers]) {
    if (!(await target.hasBlob(part.descriptor, options))) await target.pushBlob(part.descriptor, part.bytes, options);
  }
  await target.pushManifest(packed.manifest.descriptor, packed.manifest.bytes, tag, options);
}
