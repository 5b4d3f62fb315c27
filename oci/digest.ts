import { createHash } from 'node:crypto';
import { invalidInput } from '../errors/index.js';

/** `sha256:<64 hex>` (OCI image-spec descriptor digest; we produce and verify sha256, accept sha512). */
export type Digest = `${string}:${string}`;

const DIGEST_PATTERN = /^(sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/;

export function isDigest(text: string): text is Digest {
  return DIGEST_PATTERN.test(text);
}

export function parseDigest(text: string): Digest {
  if (!isDigest(text)) throw invalidInput(`"${text}" is not a digest (sha256:<64 hex digits>)`);
  return text;
}

export function sha256Digest(data: Uint8Array): Digest {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

/** Throws FARSIDE_ERR_INVALID_INPUT when `data` is not what `expected` names. */
export function verifyDigest(data: Uint8Array, expected: Digest, expectedSize?: number): void {
  if (expectedSize !== undefined && data.length !== expectedSize) {
    throw invalidInput(`content of ${expected} has ${data.length} bytes, the descriptor says ${expectedSize}`);
  }
  const [algorithm, hex] = expected.split(':') as [string, string];
  const actual = createHash(algorithm).update(data).digest('hex');
  if (actual !== hex) throw invalidInput(`digest mismatch: expected ${expected}, got ${algorithm}:${actual}`);
}
