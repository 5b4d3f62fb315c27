/**
 * What the Summary API and /metrics/resource need but a device does not report: cumulative
 * CPU time and a steady start time. Monitoring (35003) gives only the current nanocores and
 * uptime, so each workload's CPU time is integrated across scrapes (nanocores × uptime
 * elapsed), starting from nanocores × uptime on first sight. It never goes down while the
 * uptime grows; when the uptime goes back the workload restarted, and so does its counter
 * (with a new start time, which is how metrics-server tells a restart from a drop).
 */

/** Less than a nanocore reads as "not running" to metrics-server, which then drops the container. */
export const MIN_NANO_CORES = 1;
/** A start time (now − uptime) moves by the request's round trip on every scrape; within this it is the same start, ms. */
export const START_TIME_TOLERANCE_MS = 2_000;

export interface UsageReading {
  readonly cpuNanoCores: number;
  readonly uptimeMs: number;
}

export interface CumulativeUsage {
  /** CPU in use, nanocores, at least MIN_NANO_CORES. */
  readonly nanoCores: number;
  /** CPU time since start, core-nanoseconds; grows with the uptime. */
  readonly coreNanoSeconds: number;
  /** When it started, ms since the epoch. */
  readonly startMs: number;
}

interface Entry {
  readonly uptimeMs: number;
  readonly coreNanoSeconds: number;
  readonly startMs: number;
}

export class UsageHistory {
  readonly #byNode = new Map<string, Map<string, Entry>>();

  /**
   * One scrape of `nodeName`: the cumulative usage of each reading by key. Keys not in this
   * scrape are forgotten, so removed workloads do not pile up.
   */
  scrape(nodeName: string, readings: ReadonlyMap<string, UsageReading>, nowMs: number): Map<string, CumulativeUsage> {
    const before = this.#byNode.get(nodeName) ?? new Map<string, Entry>();
    const after = new Map<string, Entry>();
    const result = new Map<string, CumulativeUsage>();
    for (const [key, reading] of readings) {
      const nanoCores = Math.max(MIN_NANO_CORES, Math.round(finiteOr0(reading.cpuNanoCores)));
      const uptimeMs = Math.max(0, finiteOr0(reading.uptimeMs));
      const last = before.get(key);
      const restarted = last === undefined || uptimeMs < last.uptimeMs;
      const gained = restarted ? (nanoCores * uptimeMs) / 1000 : (nanoCores * (uptimeMs - last.uptimeMs)) / 1000;
      const coreNanoSeconds = Math.max(MIN_NANO_CORES, Math.round((restarted ? 0 : last.coreNanoSeconds) + gained));
      const startMs = !restarted && Math.abs(nowMs - uptimeMs - last.startMs) <= START_TIME_TOLERANCE_MS ? last.startMs : nowMs - uptimeMs;
      after.set(key, { uptimeMs, coreNanoSeconds, startMs });
      result.set(key, { nanoCores, coreNanoSeconds, startMs });
    }
    this.#byNode.set(nodeName, after);
    return result;
  }

  forget(nodeName: string): void {
    this.#byNode.delete(nodeName);
  }
}

function finiteOr0(n: number): number {
  return Number.isFinite(n) ? n : 0;
}
