import { ERROR_CODES, FarsideError } from '../../lwm2m/index.js';

interface Pending {
  readonly run: () => Promise<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (err: unknown) => void;
  readonly timer?: NodeJS.Timeout;
}

export interface DeviceQueueOptions {
  /** The device sleeps between updates (LwM2M queue mode, Core §6.5). */
  readonly queueMode: boolean;
  /** How long a queue-mode device listens after its last message, ms. */
  readonly awakeMs: number;
  /** How long a request may wait for a sleeping device, ms. */
  readonly queueTimeoutMs: number;
  /** Most requests waiting for one device; more are refused. */
  readonly maxQueued: number;
  readonly now?: () => number;
}

/**
 * Per-device request pipeline: one request in flight at a time (RFC 7252 §4.7
 * NSTART = 1) and, for a queue-mode device, requests held until it is awake
 * (it registered, updated, or sent us anything within `awakeMs`).
 */
export class DeviceQueue {
  readonly #pending: Pending[] = [];
  #busy = false;
  #awakeUntil = 0;
  #closed: Error | undefined;
  #options: DeviceQueueOptions;

  constructor(options: DeviceQueueOptions) {
    this.#options = options;
  }

  get length(): number {
    return this.#pending.length;
  }

  setQueueMode(queueMode: boolean): void {
    this.#options = { ...this.#options, queueMode };
  }

  /** The device just spoke to us: it is listening for a while. */
  wake(): void {
    this.#awakeUntil = this.#now() + this.#options.awakeMs;
    this.#next();
  }

  isAwake(): boolean {
    return !this.#options.queueMode || this.#now() < this.#awakeUntil;
  }

  run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#closed) return Promise.reject(this.#closed);
    if (this.#pending.length >= this.#options.maxQueued) {
      return Promise.reject(new FarsideError(ERROR_CODES.DEVICE_UNAVAILABLE, `too many requests waiting for this device (${this.#options.maxQueued})`));
    }
    return new Promise<T>((resolve, reject) => {
      const queued = this.#options.queueMode && !this.isAwake();
      const pending: Pending = {
        run: task,
        resolve: resolve as (v: unknown) => void,
        reject,
        timer: queued ? this.#expireLater(() => pending) : undefined,
      };
      this.#pending.push(pending);
      this.#next();
    });
  }

  /** Fails every waiting request (device gone); later `run` calls fail too. */
  close(reason: Error): void {
    this.#closed = reason;
    for (const p of this.#pending.splice(0)) {
      clearTimeout(p.timer);
      p.reject(reason);
    }
  }

  #expireLater(self: () => Pending): NodeJS.Timeout {
    const timer = setTimeout(() => {
      const pending = self();
      const i = this.#pending.indexOf(pending);
      if (i < 0) return;
      this.#pending.splice(i, 1);
      pending.reject(new FarsideError(ERROR_CODES.DEVICE_UNAVAILABLE, `device is sleeping (queue mode) and did not wake up within ${this.#options.queueTimeoutMs} ms`));
    }, this.#options.queueTimeoutMs);
    timer.unref();
    return timer;
  }

  #next(): void {
    if (this.#busy || this.#pending.length === 0 || !this.isAwake()) return;
    const pending = this.#pending.shift()!;
    clearTimeout(pending.timer);
    this.#busy = true;
    pending
      .run()
      .then(pending.resolve, pending.reject)
      .finally(() => {
        this.#busy = false;
        this.#next();
      });
  }

  #now(): number {
    return (this.#options.now ?? Date.now)();
  }
}
