/**
 * Runs tasks one at a time per key, in call order; a failed task does not stop the next.
 * Deployments to one thing pick their instance id and create it under this, so two at
 * once from the same client never pick the same id.
 */
export class KeyedSerializer {
  readonly #tails = new Map<string, Promise<void>>();

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const before = this.#tails.get(key) ?? Promise.resolve();
    const result = before.then(task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.#tails.set(key, tail);
    try {
      return await result;
    } finally {
      // The last one out leaves no entry behind, so the map does not grow with every thing ever seen.
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    }
  }
}
