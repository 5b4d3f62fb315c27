/**
 * The CPU share of a workload: time spent inside calls into its module over the last
 * window of wall-clock time. Samples of (time, busy total) are kept sparse, about twenty
 * per window, so a fast tick does not grow the list.
 */
export const DEFAULT_CPU_WINDOW_MS = 10_000;

const SAMPLES_PER_WINDOW = 20;

interface Sample {
  readonly at: number;
  readonly busyMs: number;
}

export class CpuWindow {
  readonly #windowMs: number;
  readonly #samples: Sample[];

  /** `startedAt`: when the workload started, with nothing busy yet. */
  constructor(startedAt: number, windowMs = DEFAULT_CPU_WINDOW_MS) {
    this.#windowMs = windowMs;
    this.#samples = [{ at: startedAt, busyMs: 0 }];
  }

  /** Busy share between the oldest sample still in the window and `now`, %. */
  percent(now: number, busyMs: number): number {
    this.#record(now, busyMs);
    const oldest = this.#samples[0]!;
    const elapsed = now - oldest.at;
    if (elapsed <= 0) return 0;
    return Math.min(100, Math.max(0, ((busyMs - oldest.busyMs) / elapsed) * 100));
  }

  #record(now: number, busyMs: number): void {
    const last = this.#samples[this.#samples.length - 1]!;
    if (now - last.at >= this.#windowMs / SAMPLES_PER_WINDOW) this.#samples.push({ at: now, busyMs });
    // Keep one sample at or before the window's start, so the window is always full length.
    while (this.#samples.length > 2 && this.#samples[1]!.at <= now - this.#windowMs) this.#samples.shift();
  }
}
