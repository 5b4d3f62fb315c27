/**
 * Read-modify-write of index.json must not interleave within this process, whichever
 * LayoutTarget instance does it, so the queue is keyed by the resolved directory.
 * (Other processes are not coordinated: image-layout defines no lock file.)
 */
const tails = new Map<string, Promise<unknown>>();

export async function serializeByDirectory<T>(directory: string, task: () => Promise<T>): Promise<T> {
  const previous = tails.get(directory) ?? Promise.resolve();
  const run = previous.then(task, task);
  const tail = run.catch(() => undefined);
  tails.set(directory, tail);
  try {
    return await run;
  } finally {
    if (tails.get(directory) === tail) tails.delete(directory);
  }
}
