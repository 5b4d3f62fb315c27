/** The logger methods used; a pino Logger fits. */
export interface TelemetryLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  debug(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/** How often one kind of failure may be logged, ms: a dead device or collector must not flood the log. */
export const WARNING_PERIOD_MS = 60_000;

/**
 * Logs a warning per key at most once per period, telling how many were held back since.
 * Failures are counted in metrics anyway; the log only has to say that something is wrong.
 */
export class RateLimitedWarnings {
  readonly #logger: TelemetryLogger | undefined;
  readonly #periodMs: number;
  readonly #last = new Map<string, { at: number; held: number }>();

  constructor(logger: TelemetryLogger | undefined, periodMs = WARNING_PERIOD_MS) {
    this.#logger = logger;
    this.#periodMs = periodMs;
  }

  warn(key: string, fields: object, message: string): void {
    const now = Date.now();
    const last = this.#last.get(key);
    if (last !== undefined && now - last.at < this.#periodMs) {
      last.held++;
      return;
    }
    this.#last.set(key, { at: now, held: 0 });
    this.#logger?.warn({ ...fields, ...(last?.held ? { heldBack: last.held } : {}) }, message);
  }

  info(fields: object, message: string): void {
    this.#logger?.info(fields, message);
  }

  /** Forgets the keys starting with `prefix` (a thing that left). */
  forget(prefix: string): void {
    for (const key of this.#last.keys()) if (key.startsWith(prefix)) this.#last.delete(key);
  }
}
