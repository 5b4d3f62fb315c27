/** Options of a RegistryTarget, validated once when it is constructed. */
import { z } from 'zod';
import { invalidInput } from '../../errors/index.js';
import { isValidRegistryHost, isValidRepository } from '../reference.js';
import type { CredentialsProvider } from './credentials.js';

export interface RegistryTargetOptions {
  /** `host[:port]` as written in references, e.g. `ghcr.io`, `127.0.0.1:5000`; `docker.io` is served from registry-1.docker.io. */
  readonly registry: string;
  /** Repository in that registry, e.g. `library/alpine`. */
  readonly repository: string;
  /** Speak plain HTTP instead of HTTPS (a local test registry). Default false. */
  readonly plainHttp?: boolean;
  /** Skip TLS certificate verification (a self-signed registry). Default false. */
  readonly insecure?: boolean;
  /** Asked for credentials only when the registry challenges; default: anonymous only. */
  readonly credentials?: CredentialsProvider;
  /** Longest silence on a connection before a request fails with TIMEOUT, in ms. Default 30 000. */
  readonly timeoutMs?: number;
  /** Retries after a 429, a 5xx or a network failure; never after another 4xx. Default 3. */
  readonly retries?: number;
  /** Wait before the first retry, in ms, doubled for each next one (with jitter). Default 200. */
  readonly retryDelayMs?: number;
  /** Longest wait between retries, in ms, including one a registry asks for with Retry-After. Default 5 000. */
  readonly maxRetryDelayMs?: number;
  /** Blobs larger than this, in bytes, are uploaded in PATCH chunks; smaller ones by a single PUT. Default 8 MiB. */
  readonly chunkedUploadThresholdBytes?: number;
  /** Size of each PATCH chunk, in bytes. Default 8 MiB. */
  readonly chunkSizeBytes?: number;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_RETRIES = 3;
export const DEFAULT_RETRY_DELAY_MS = 200;
export const DEFAULT_MAX_RETRY_DELAY_MS = 5_000;
export const DEFAULT_CHUNKED_UPLOAD_THRESHOLD_BYTES = 8 * 1024 * 1024;
export const DEFAULT_CHUNK_SIZE_BYTES = 8 * 1024 * 1024;

const optionsSchema = z.object({
  registry: z.string().refine(isValidRegistryHost, 'must be host[:port]'),
  repository: z.string().refine(isValidRepository, 'must be lowercase path components of [a-z0-9._-] separated by "/"'),
  plainHttp: z.boolean().default(false),
  insecure: z.boolean().default(false),
  credentials: z.custom<CredentialsProvider>((value) => typeof value === 'function', 'must be a function').optional(),
  timeoutMs: z.number().int().positive().default(DEFAULT_TIMEOUT_MS),
  retries: z.number().int().min(0).max(20).default(DEFAULT_RETRIES),
  retryDelayMs: z.number().int().min(0).default(DEFAULT_RETRY_DELAY_MS),
  maxRetryDelayMs: z.number().int().min(0).default(DEFAULT_MAX_RETRY_DELAY_MS),
  chunkedUploadThresholdBytes: z.number().int().min(0).default(DEFAULT_CHUNKED_UPLOAD_THRESHOLD_BYTES),
  chunkSizeBytes: z.number().int().positive().default(DEFAULT_CHUNK_SIZE_BYTES),
});

export type ResolvedOptions = z.infer<typeof optionsSchema>;

/** FARSIDE_ERR_INVALID_INPUT naming the first bad option. */
export function resolveOptions(options: RegistryTargetOptions): ResolvedOptions {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalidInput(`invalid registry options: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}
