import { ERROR_CODES, FarsideError, invalidInput } from '../../errors/index.js';

export function notFound(message: string): FarsideError {
  return new FarsideError(ERROR_CODES.NOT_FOUND, message);
}

export function cancelled(signal: AbortSignal): FarsideError {
  return new FarsideError(ERROR_CODES.CANCELLED, 'layout operation cancelled', { cause: signal.reason });
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw cancelled(signal);
}

/**
 * One mapping from file-system failures to error categories: a missing file is
 * NOT_FOUND, a directory where a file belongs is a corrupt layout (INVALID_INPUT), and
 * anything else (permissions, full disk, I/O) means the store cannot be used right now.
 */
export function errorFromFileSystem(err: unknown, what: string): FarsideError {
  if (err instanceof FarsideError) return err;
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const detail = (err as Error | undefined)?.message ?? String(err);
  if (code === 'ENOENT') return new FarsideError(ERROR_CODES.NOT_FOUND, `${what}: not found`, { cause: err });
  if (code === 'EISDIR' || code === 'ENOTDIR') return invalidInput(`${what}: corrupt image layout (${detail})`, err);
  return new FarsideError(ERROR_CODES.DEVICE_UNAVAILABLE, `${what}: ${detail}`, { cause: err });
}
