/**
 * Worker side of the watchdog and the CPU share: marks in SharedState when module code
 * runs, from entering a module call until it returns, paused while the SDK blocks on the
 * module's behalf (`sleep_ms`, a sensor request). A call made from inside a pause (an
 * input delivered during `sleep_ms`) is a stretch of its own.
 */
import { CALL_KIND, sharedNowMs, type CallKind, type SharedState } from './shared-state.js';

export class RunMeter {
  readonly #shared: SharedState;
  #busyMs = 0;
  #since: number | undefined;
  /** What each enclosing call is, innermost last. */
  readonly #calls: CallKind[] = [];

  constructor(shared: SharedState) {
    this.#shared = shared;
  }

  /** Runs `body` as module call `kind`. */
  call<T>(kind: CallKind, body: () => T): T {
    const outermost = this.#since === undefined;
    this.#calls.push(kind);
    if (outermost) this.#begin();
    else this.#shared.setCall(kind);
    try {
      return body();
    } finally {
      this.#calls.pop();
      if (outermost) this.#end();
      else this.#shared.setCall(this.#current());
    }
  }

  /** Runs `body` off the clock: the module is not running while the SDK blocks for it. */
  paused<T>(body: () => T): T {
    const wasRunning = this.#since !== undefined;
    if (wasRunning) this.#end();
    try {
      return body();
    } finally {
      if (wasRunning) this.#begin();
    }
  }

  #begin(): void {
    this.#since = sharedNowMs();
    this.#shared.beginRun(this.#current(), this.#since);
  }

  #end(): void {
    if (this.#since === undefined) return;
    this.#busyMs += Math.max(0, sharedNowMs() - this.#since);
    this.#since = undefined;
    this.#shared.endRun(this.#busyMs);
  }

  #current(): CallKind {
    return this.#calls[this.#calls.length - 1] ?? CALL_KIND.NONE;
  }
}
