/**
 * Delivery failures in the device log, at most one line per route per interval: a peer
 * that is down would otherwise fill the small log with the same line for every output.
 * The next line says how many were left out.
 */
import type { DeviceLog } from '../embserve/contracts.js';

/** Default: one line per route per 10 s. */
export const ROUTE_LOG_INTERVAL_MS = 10_000;

interface Window {
  readonly loggedAt: number;
  suppressed: number;
}

export class RouteFailureLog {
  readonly #log: DeviceLog;
  readonly #now: () => number;
  readonly #intervalMs: number;
  readonly #windows = new Map<number, Window>();

  constructor(log: DeviceLog, now: () => number, intervalMs = ROUTE_LOG_INTERVAL_MS) {
    this.#log = log;
    this.#now = now;
    this.#intervalMs = intervalMs;
  }

  /** Logs a failure of route `instanceId` unless one was logged within the interval. */
  failed(instanceId: number, reason: string): void {
    const now = this.#now();
    const window = this.#windows.get(instanceId);
    if (window !== undefined && now - window.loggedAt < this.#intervalMs) {
      window.suppressed++;
      return;
    }
    const more = window !== undefined && window.suppressed > 0 ? ` (${window.suppressed} more failures since the last line)` : '';
    this.#windows.set(instanceId, { loggedAt: now, suppressed: 0 });
    this.#log.write(`route ${instanceId}: ${reason}${more}`);
  }

  /** Starts afresh for a route that was deleted or rewritten. */
  forget(instanceId: number): void {
    this.#windows.delete(instanceId);
  }
}
