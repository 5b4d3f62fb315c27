/**
 * Deadlines for many registrations with one timer: a binary min-heap of
 * (deadline, id, version). Rescheduling pushes a new entry and bumps the version,
 * so stale entries are skipped when they surface instead of being searched for.
 */
export class ExpirySchedule {
  readonly #heap: { at: number; id: string; version: number }[] = [];
  readonly #versions = new Map<string, number>();
  #timer: NodeJS.Timeout | undefined;
  #armedAt = Infinity;
  readonly #onExpire: (id: string) => void;
  readonly #now: () => number;

  constructor(onExpire: (id: string) => void, now: () => number = Date.now) {
    this.#onExpire = onExpire;
    this.#now = now;
  }

  schedule(id: string, at: number): void {
    const version = (this.#versions.get(id) ?? 0) + 1;
    this.#versions.set(id, version);
    this.#push({ at, id, version });
    if (at < this.#armedAt) this.#arm();
  }

  cancel(id: string): void {
    this.#versions.delete(id);
  }

  close(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#armedAt = Infinity;
    this.#heap.length = 0;
    this.#versions.clear();
  }

  #arm(): void {
    clearTimeout(this.#timer);
    const top = this.#heap[0];
    if (!top) {
      this.#armedAt = Infinity;
      this.#timer = undefined;
      return;
    }
    this.#armedAt = top.at;
    // setTimeout caps at 2^31-1 ms; a far deadline simply re-arms when it fires.
    const delay = Math.min(Math.max(top.at - this.#now(), 0), 0x7fffffff);
    this.#timer = setTimeout(() => this.#fire(), delay);
    this.#timer.unref();
  }

  #fire(): void {
    const now = this.#now();
    const due: string[] = [];
    while (this.#heap.length > 0 && this.#heap[0]!.at <= now) {
      const entry = this.#pop()!;
      if (this.#versions.get(entry.id) !== entry.version) continue;
      this.#versions.delete(entry.id);
      due.push(entry.id);
    }
    this.#arm();
    for (const id of due) this.#onExpire(id);
  }

  #push(entry: { at: number; id: string; version: number }): void {
    const heap = this.#heap;
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent]!.at <= entry.at) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = entry;
  }

  #pop(): { at: number; id: string; version: number } | undefined {
    const heap = this.#heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length === 0 || !last) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= heap.length) break;
      const r = l + 1;
      const child = r < heap.length && heap[r]!.at < heap[l]!.at ? r : l;
      if (heap[child]!.at >= last.at) break;
      heap[i] = heap[child]!;
      i = child;
    }
    heap[i] = last;
    return top;
  }
}
