import { randomBytes } from 'node:crypto';
import { link, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** A sibling of `path` that no other writer (thread, process) picks. */
function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
}

async function writeTemp(path: string, data: Uint8Array, durable: boolean): Promise<void> {
  const handle = await open(path, 'wx');
  try {
    await handle.writeFile(data);
    // Flushed before the rename so that a crash cannot leave a complete-looking empty file.
    if (durable) await handle.sync();
  } finally {
    await handle.close();
  }
}

async function removeQuietly(path: string): Promise<void> {
  await unlink(path).catch(() => undefined);
}

/**
 * Replaces `path` with `data` in one step: readers see the old file or the new one,
 * never a prefix. On any failure the temporary file is removed and the error rethrown.
 */
export async function writeFileAtomic(path: string, data: Uint8Array): Promise<void> {
  const temp = tempPathFor(path);
  try {
    await writeTemp(temp, data, true);
    await rename(temp, path);
  } catch (err) {
    await removeQuietly(temp);
    throw err;
  }
}

/**
 * Like writeFileAtomic, but leaves an existing `path` alone (link(2) fails with EEXIST
 * instead of replacing). Returns whether this call created the file.
 *
 * Used for content-addressed blobs, which are not fsynced one by one: every read
 * verifies a blob's digest, so one torn by a crash is detected and fetched again,
 * while index.json (the commit point, written with writeFileAtomic) is durable.
 */
export async function createFileAtomic(path: string, data: Uint8Array): Promise<boolean> {
  const temp = tempPathFor(path);
  try {
    await writeTemp(temp, data, false);
    await link(temp, path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    await removeQuietly(temp);
  }
}
