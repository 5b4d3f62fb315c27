import type { z } from 'zod';
import { invalidInput } from '../../errors/index.js';
import { descriptorSchema, imageIndexSchema, platformSchema, type Descriptor, type ImageIndex, type Platform } from '../manifest.js';
import { MEDIA_TYPE } from '../media-types.js';
import { describe, type DescribedContent } from './described-content.js';
import { EMBSERVE_PLATFORM } from './embserve.js';
import { encodeImageIndex } from './oci-json.js';

function checked<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw invalidInput(`invalid ${what}: ${result.error.issues[0]?.path.map(String).join('.')}: ${result.error.issues[0]?.message}`);
  return result.data;
}

function samePlatform(a: Platform, b: Platform): boolean {
  return a.os === b.os && a.architecture === b.architecture && (a.variant ?? '') === (b.variant ?? '');
}

/**
 * An index that serves `manifest` to `platform` and everything else as before: other
 * entries (say linux/amd64 container images) keep their place, an entry for the same
 * os/architecture/variant is replaced in place, a new platform is appended. Annotations,
 * artifactType and subject of the old index are kept. Serialized as Go's encoding/json
 * would (like `oras manifest index create/update`).
 */
export function addToIndex(existing: ImageIndex | undefined, manifest: Descriptor, platform: Platform = EMBSERVE_PLATFORM): DescribedContent {
  const base = existing === undefined ? undefined : checked(imageIndexSchema, existing, 'image index');
  const wanted = checked(platformSchema, platform, 'platform');
  const entry: Descriptor = { ...checked(descriptorSchema, manifest, 'manifest descriptor'), platform: wanted };
  const others = base?.manifests ?? [];
  const at = others.findIndex((candidate) => candidate.platform !== undefined && samePlatform(candidate.platform, wanted));
  const kept = others.filter((candidate, position) => position === at || candidate.platform === undefined || !samePlatform(candidate.platform, wanted));
  const manifests = at === -1 ? [...kept, entry] : kept.map((candidate) => (candidate === others[at] ? entry : candidate));
  const index: ImageIndex = { ...base, schemaVersion: 2, mediaType: MEDIA_TYPE.OCI_INDEX, manifests };
  return describe(MEDIA_TYPE.OCI_INDEX, new TextEncoder().encode(encodeImageIndex(index)));
}

/**
 * The index entry for `want`: os and architecture must be equal; an entry with the same
 * variant wins over one that names no variant. When `want` has no variant any variant
 * will do (first in index order).
 */
export function selectPlatform(index: ImageIndex, want: Platform): Descriptor | undefined {
  let withoutVariant: Descriptor | undefined;
  for (const entry of index.manifests) {
    const platform = entry.platform;
    if (platform === undefined || platform.os !== want.os || platform.architecture !== want.architecture) continue;
    if (want.variant === undefined || platform.variant === want.variant) return entry;
    if (platform.variant === undefined) withoutVariant ??= entry;
  }
  return withoutVariant;
}
