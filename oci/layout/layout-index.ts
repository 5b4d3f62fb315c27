import { z } from 'zod';
import { invalidInput } from '../../errors/index.js';
import { imageIndexSchema, type Descriptor, type ImageIndex } from '../manifest.js';
import { ANNOTATION, MAX_MANIFEST_BYTES, MEDIA_TYPE } from '../media-types.js';

/** Tag grammar of the distribution spec ("Pulling manifests", `<reference>` as a tag). */
const TAG_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;

export function isTag(text: string): boolean {
  return TAG_PATTERN.test(text);
}

const layoutMarkerSchema = z.looseObject({ imageLayoutVersion: z.string() });

function jsonFromBytes(bytes: Uint8Array, what: string): unknown {
  if (bytes.length > MAX_MANIFEST_BYTES) throw invalidInput(`${what} of ${bytes.length} bytes is over the ${MAX_MANIFEST_BYTES}-byte limit`);
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (err) {
    throw invalidInput(`${what} is not JSON: ${(err as Error).message}`, err);
  }
}

/** Reads an `oci-layout` marker; only the 1.x layout versions are understood. */
export function parseLayoutMarker(bytes: Uint8Array): { readonly imageLayoutVersion: string } {
  const marker = layoutMarkerSchema.safeParse(jsonFromBytes(bytes, 'oci-layout'));
  if (!marker.success) throw invalidInput('oci-layout has no imageLayoutVersion string');
  if (!/^1\.\d+\.\d+$/.test(marker.data.imageLayoutVersion)) {
    throw invalidInput(`unsupported image layout version "${marker.data.imageLayoutVersion}"`);
  }
  return marker.data;
}

/** Reads a layout's `index.json`: an image index (image-layout.md "index.json file"). */
export function parseLayoutIndex(bytes: Uint8Array): ImageIndex {
  const index = imageIndexSchema.safeParse(jsonFromBytes(bytes, 'index.json'));
  if (!index.success) {
    const issue = index.error.issues[0];
    throw invalidInput(`invalid index.json: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  return index.data;
}

export function encodeLayoutIndex(index: ImageIndex): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(index));
}

export const EMPTY_LAYOUT_INDEX: ImageIndex = { schemaVersion: 2, mediaType: MEDIA_TYPE.OCI_INDEX, manifests: [] };

/** The entry a tag names; the last one wins if an outside tool left duplicates. */
export function findTagged(index: ImageIndex, tag: string): Descriptor | undefined {
  return index.manifests.findLast((entry) => entry.annotations?.[ANNOTATION.REF_NAME] === tag);
}

/** `index` with `tag` moved to `descriptor`; other entries keep their order. */
export function withTag(index: ImageIndex, descriptor: Descriptor, tag: string): ImageIndex {
  const kept = index.manifests.filter((entry) => entry.annotations?.[ANNOTATION.REF_NAME] !== tag);
  const entry: Descriptor = {
    mediaType: descriptor.mediaType,
    digest: descriptor.digest,
    size: descriptor.size,
    ...(descriptor.artifactType === undefined ? {} : { artifactType: descriptor.artifactType }),
    ...(descriptor.platform === undefined ? {} : { platform: descriptor.platform }),
    annotations: { ...descriptor.annotations, [ANNOTATION.REF_NAME]: tag },
  };
  return { ...index, manifests: [...kept, entry] };
}

/** Every tag in the index, in index order, without repeats. */
export function tagsOf(index: ImageIndex): string[] {
  const tags = index.manifests.map((entry) => entry.annotations?.[ANNOTATION.REF_NAME]).filter((tag): tag is string => tag !== undefined);
  return [...new Set(tags)];
}
