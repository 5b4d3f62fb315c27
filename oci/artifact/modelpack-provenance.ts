/**
 * Where a packed model came from, as manifest annotations: OCI's well-known keys where one
 * fits (image-spec annotations.md: org.opencontainers.image.version, .source), and
 * `io.farside.model.*` (reverse-DNS, as image-spec asks of custom keys) for the rest.
 */
import { z } from 'zod';
import { invalidInput } from '../../errors/index.js';
import { sha256Digest } from '../digest.js';

export const MODEL_ANNOTATION = {
  NAME: 'io.farside.model.name',
  VERSION: 'io.farside.model.version',
  SOURCE_RUN: 'io.farside.model.source-run',
  /** sha256 of the .tflite bytes, so the model can be matched to its training output. */
  DIGEST: 'io.farside.model.digest',
  OCI_VERSION: 'org.opencontainers.image.version',
  OCI_SOURCE: 'org.opencontainers.image.source',
} as const;

export interface ModelProvenance {
  /** e.g. kws: letters, digits, `.`, `_`, `-`. */
  readonly name?: string;
  /** e.g. 1.2.0. */
  readonly version?: string;
  /** The training run: an http(s) URL (then also org.opencontainers.image.source) or an id such as mlflow:3f2a. */
  readonly sourceRun?: string;
}

const provenanceSchema = z.object({
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'a model name is up to 128 letters, digits, ".", "_" or "-"').optional(),
  version: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9.+_-]{0,127}$/, 'a model version is up to 128 letters, digits, ".", "+", "_" or "-", e.g. 1.2.0').optional(),
  sourceRun: z
    .string()
    .min(1)
    .max(2048)
    .refine((text) => !/[\s\p{Cc}]/u.test(text), 'a source run is a URL or an id without spaces')
    .optional(),
});

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** The provenance annotations of `model`; INVALID_INPUT naming the field for a bad name, version or source run. */
export function modelProvenanceAnnotations(provenance: ModelProvenance, model: Uint8Array): Record<string, string> {
  const parsed = provenanceSchema.safeParse(provenance);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalidInput(`model provenance ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  const { name, version, sourceRun } = parsed.data;
  return {
    ...(name === undefined ? {} : { [MODEL_ANNOTATION.NAME]: name }),
    ...(version === undefined ? {} : { [MODEL_ANNOTATION.VERSION]: version, [MODEL_ANNOTATION.OCI_VERSION]: version }),
    ...(sourceRun === undefined ? {} : { [MODEL_ANNOTATION.SOURCE_RUN]: sourceRun }),
    ...(sourceRun !== undefined && isHttpUrl(sourceRun) ? { [MODEL_ANNOTATION.OCI_SOURCE]: sourceRun } : {}),
    [MODEL_ANNOTATION.DIGEST]: sha256Digest(model),
  };
}
