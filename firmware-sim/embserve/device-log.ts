/**
 * The device's own log, as `log [n]` and `kubectl logs` show it: a fixed-size ring of
 * lines stamped with the device uptime, as a Zephyr console would print them. The ring is
 * allocated on the first line, so a fleet of idle devices costs next to nothing.
 */
import type { DeviceLog } from './contracts.js';

/** Lines kept when no capacity is given. */
export const LOG_CAPACITY_LINES = 200;

/** Longer lines are cut: a device prints through a small buffer. */
export const MAX_LOG_LINE_CHARS = 256;

export interface RingDeviceLogOptions {
  /** Device uptime, ms; each line is stamped with it. */
  readonly uptimeMs: () => number;
  /** Lines kept; older ones are overwritten. Default LOG_CAPACITY_LINES. */
  readonly capacity?: number;
}

/** `[hh:mm:ss.mmm]` of an uptime in ms; hours go past 99 on long-running devices. */
export function uptimeStamp(uptimeMs: number): string {
  const ms = Math.max(0, Math.floor(Number.isFinite(uptimeMs) ? uptimeMs : 0));
  const pad = (n: number, width: number): string => String(n).padStart(width, '0');
  const hours = Math.floor(ms / 3_600_000);
  return `[${pad(hours, 2)}:${pad(Math.floor(ms / 60_000) % 60, 2)}:${pad(Math.floor(ms / 1000) % 60, 2)}.${pad(ms % 1000, 3)}]`;
}

export class RingDeviceLog implements DeviceLog {
  readonly #uptimeMs: () => number;
  readonly #capacity: number;
  #lines: string[] | undefined;
  /** Where the next line goes once the ring is full. */
  #next = 0;

  constructor(options: RingDeviceLogOptions) {
    this.#uptimeMs = options.uptimeMs;
    const capacity = options.capacity ?? LOG_CAPACITY_LINES;
    this.#capacity = Number.isInteger(capacity) && capacity > 0 ? capacity : LOG_CAPACITY_LINES;
  }

  /** Each line of a multi-line text becomes its own entry, all with the same stamp. */
  write(text: string): void {
    const stamp = uptimeStamp(this.#uptimeMs());
    for (const line of String(text).split(/\r?\n|\r/)) {
      const cut = line.length > MAX_LOG_LINE_CHARS ? `${line.slice(0, MAX_LOG_LINE_CHARS - 1)}…` : line;
      this.#push(`${stamp} ${cut}`);
    }
  }

  recent(n: number): readonly string[] {
    const lines = this.#lines;
    const count = Math.floor(n);
    if (lines === undefined || !(count > 0)) return [];
    const ordered = lines.length < this.#capacity ? lines : [...lines.slice(this.#next), ...lines.slice(0, this.#next)];
    return ordered.slice(-count);
  }

  #push(line: string): void {
    const lines = (this.#lines ??= []);
    if (lines.length < this.#capacity) {
      lines.push(line);
      return;
    }
    lines[this.#next] = line;
    this.#next = (this.#next + 1) % this.#capacity;
  }
}
