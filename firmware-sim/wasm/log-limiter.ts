/**
 * Keeps a workload that logs in a loop from flooding the device log: a token bucket of
 * `perSecond` lines with a burst of twice that. Dropped lines are counted and announced
 * with the next line that gets through.
 */
export const DEFAULT_LOG_LINES_PER_SECOND = 10;

export class LogLimiter {
  readonly #perSecond: number;
  readonly #burst: number;
  #tokens: number;
  #refilledAt: number;
  #dropped = 0;

  constructor(perSecond: number, now: number) {
    this.#perSecond = perSecond;
    this.#burst = Math.max(1, 2 * perSecond);
    this.#tokens = this.#burst;
    this.#refilledAt = now;
  }

  /** The lines to write for `line` at `now`: none when over the rate, else it (after a note of what was dropped). */
  admit(line: string, now: number): string[] {
    this.#tokens = Math.min(this.#burst, this.#tokens + ((now - this.#refilledAt) / 1000) * this.#perSecond);
    this.#refilledAt = now;
    if (this.#tokens < 1) {
      this.#dropped += 1;
      return [];
    }
    this.#tokens -= 1;
    const dropped = this.#dropped;
    this.#dropped = 0;
    return dropped > 0 ? [`(${dropped} log line${dropped === 1 ? '' : 's'} dropped: over ${this.#perSecond} lines/s)`, line] : [line];
  }
}
