import { ERROR_CODES, FarsideError } from '../../errors/index.js';
import type { SdfResponse } from '../contract/payloads.js';

interface Pending {
  resolve(response: SdfResponse): void;
  reject(err: Error): void;
}

/**
 * Requests waiting for their reply, by correlation id. Each waits at most its timeout
 * and gives up when its signal aborts; whichever comes first settles it, once.
 */
export class PendingReplies {
  readonly #byId = new Map<string, Pending>();

  get size(): number {
    return this.#byId.size;
  }

  has(id: string): boolean {
    return this.#byId.has(id);
  }

  /** The reply to request `id`; rejects with FarsideError TIMEOUT after `timeoutMs`, CANCELLED when `signal` aborts. */
  wait(id: string, timeoutMs: number, what: string, signal?: AbortSignal): Promise<SdfResponse> {
    return new Promise<SdfResponse>((resolve, reject) => {
      const onAbort = (): void => this.reject(id, new FarsideError(ERROR_CODES.CANCELLED, `${what} was cancelled`, { cause: signal?.reason }));
      const timer = setTimeout(() => this.reject(id, new FarsideError(ERROR_CODES.TIMEOUT, `${what} got no reply within ${timeoutMs} ms`)), timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.#byId.delete(id);
      };
      this.#byId.set(id, {
        resolve: (response) => {
          done();
          resolve(response);
        },
        reject: (err) => {
          done();
          reject(err);
        },
      });
      if (signal?.aborted) onAbort();
      else signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Settles request `id` with its reply; false when nobody waits for it (any more). */
  resolve(id: string, response: SdfResponse): boolean {
    const pending = this.#byId.get(id);
    pending?.resolve(response);
    return pending !== undefined;
  }

  reject(id: string, err: Error): void {
    this.#byId.get(id)?.reject(err);
  }

  rejectAll(err: Error): void {
    for (const pending of [...this.#byId.values()]) pending.reject(err);
  }
}
