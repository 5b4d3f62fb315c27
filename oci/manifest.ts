import { z } from 'zod';
import { invalidInput } from '../errors/index.js';
import { isDigest, type Digest } from './digest.js';
import { MAX_MANIFEST_BYTES } from './media-types.js';

export const platformSchema = z.object({
  architecture: z.string().min(1),
  os: z.string().min(1),
  variant: z.string().optional(),
  'os.version': z.string().optional(),
  'os.features': z.array(z.string()).optional(),
});

export const descriptorSchema = z.object({
  mediaType: z.string().min(1),
  digest: z.string().refine(isDigest, 'not a digest').transform((d) => d as Digest),
  size: z.number().int().nonnegative(),
  urls: z.array(z.string()).optional(),
  annotations: z.record(z.string(), z.string()).optional(),
  data: z.string().optional(),
  artifactType: z.string().optional(),
  platform: platformSchema.optional(),
});

export const imageManifestSchema = z.object({
  schemaVersion: z.literal(2),
  mediaType: z.string().optional(),
  artifactType: z.string().optional(),
  config: descriptorSchema,
  layers: z.array(descriptorSchema),
  subject: descriptorSchema.optional(),
  annotations: z.record(z.string(), z.string()).optional(),
});

export const imageIndexSchema = z.object({
  schemaVersion: z.literal(2),
  mediaType: z.string().optional(),
  artifactType: z.string().optional(),
  manifests: z.array(descriptorSchema),
  subject: descriptorSchema.optional(),
  annotations: z.record(z.string(), z.string()).optional(),
});

export type Platform = z.infer<typeof platformSchema>;
export type Descriptor = z.infer<typeof descriptorSchema>;
export type ImageManifest = z.infer<typeof imageManifestSchema>;
export type ImageIndex = z.infer<typeof imageIndexSchema>;

/** A manifest or index as parsed from bytes; which one it is comes from its shape and media type. */
export type ParsedManifest = { readonly kind: 'manifest'; readonly manifest: ImageManifest } | { readonly kind: 'index'; readonly index: ImageIndex };

/** Parses and validates manifest bytes; over 4 MiB, not JSON, or the wrong shape is FARSIDE_ERR_INVALID_INPUT. */
export function parseManifest(bytes: Uint8Array): ParsedManifest {
  if (bytes.length > MAX_MANIFEST_BYTES) throw invalidInput(`manifest of ${bytes.length} bytes is over the ${MAX_MANIFEST_BYTES}-byte limit`);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (err) {
    throw invalidInput(`manifest is not JSON: ${(err as Error).message}`);
  }
  if (typeof json === 'object' && json !== null && 'manifests' in json) {
    const index = imageIndexSchema.safeParse(json);
    if (!index.success) throw invalidInput(`invalid image index: ${index.error.issues[0]?.path.join('.')}: ${index.error.issues[0]?.message}`);
    return { kind: 'index', index: index.data };
  }
  const manifest = imageManifestSchema.safeParse(json);
  if (!manifest.success) throw invalidInput(`invalid image manifest: ${manifest.error.issues[0]?.path.join('.')}: ${manifest.error.issues[0]?.message}`);
  return { kind: 'manifest', manifest: manifest.data };
}
