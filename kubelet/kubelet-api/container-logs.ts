import type { ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { ERROR_CODES, isFarsideError } from '../../errors/index.js';
import { HttpProblem, type KubeletApiLogger } from './http-replies.js';
import { decimal, goBool, parseQuery } from './query-params.js';
import { linesAfter, parseDeviceLogLine, rfc3339Nano } from './log-lines.js';
import { findContainer } from './pod-lookup.js';
import type { ContainerWorkload, KubeletApiProvider } from './provider.js';

/** The PodLogOptions the kubelet reads from the query (k8s.io/api/core/v1 PodLogOptions). */
const LOG_QUERY_KEYS = ['tailLines', 'follow', 'timestamps', 'limitBytes', 'sinceSeconds', 'sinceTime', 'previous'] as const;
const logQuerySchema = z
  .object({
    tailLines: decimal.optional(),
    follow: goBool.default(false),
    timestamps: goBool.default(false),
    limitBytes: decimal.pipe(z.number().min(1, 'must be at least 1')).optional(),
    sinceSeconds: decimal.pipe(z.number().min(1, 'must be at least 1')).optional(),
    sinceTime: z
      .string()
      .refine((t) => /^\d{4}-\d{2}-\d{2}T/.test(t) && Number.isFinite(Date.parse(t)), 'must be an RFC 3339 time')
      .transform((t) => Date.parse(t))
      .optional(),
    previous: goBool.default(false),
  })
  .refine((q) => q.sinceSeconds === undefined || q.sinceTime === undefined, { message: 'at most one of sinceTime or sinceSeconds may be given', path: ['sinceSeconds'] });

export type LogQuery = z.output<typeof logQuerySchema>;

export interface ContainerLogsRequest {
  readonly provider: KubeletApiProvider;
  readonly nodeName: string;
  readonly namespace: string;
  readonly pod: string;
  readonly container: string;
  readonly query: URLSearchParams;
  readonly response: ServerResponse;
  /** Aborted when the server closes. */
  readonly closing: AbortSignal;
  /** Pause between reads of the device log while following, ms. */
  readonly pollMs: number;
  readonly logger: KubeletApiLogger | undefined;
  /** Wall clock, ms since the epoch. */
  readonly now: () => number;
}

/**
 * GET /containerLogs/{namespace}/{pod}/{container}: the workload's device log lines as
 * text. Throws HttpProblem or the provider's error before anything is written; once
 * streaming, failures end the stream instead.
 */
export async function serveContainerLogs(r: ContainerLogsRequest): Promise<void> {
  const query = parseQuery(logQuerySchema, r.query, LOG_QUERY_KEYS);
  const workload = requireWorkload(r);
  if (query.previous) throw new HttpProblem(400, `previous terminated container "${r.container}" in pod "${r.pod}" not found`);

  const stop = new AbortController();
  const abort = (): void => stop.abort();
  r.response.once('close', abort);
  r.closing.addEventListener('abort', abort, { once: true });
  try {
    const clock = new LineClock(r, query.timestamps || query.sinceSeconds !== undefined || query.sinceTime !== undefined);
    let seen = await r.provider.logLines(workload, { signal: stop.signal });
    const since = query.sinceTime ?? (query.sinceSeconds === undefined ? undefined : r.now() - query.sinceSeconds * 1000);
    let first = await clock.stamp(seen, stop.signal);
    if (since !== undefined) first = first.filter((line) => line.atMs >= since);
    if (query.tailLines !== undefined) first = query.tailLines === 0 ? [] : first.slice(-query.tailLines);
    r.response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-cache' });
    const writer = new LimitedWriter(r.response, query.limitBytes);
    writer.write(first.map((line) => format(line, query.timestamps)));
    if (!query.follow || writer.full) return;
    // Headers out now, so kubectl shows the stream as open before the first new line.
    if (first.length === 0) r.response.flushHeaders();
    while (!stop.signal.aborted && !writer.full) {
      await sleep(r.pollMs, undefined, { signal: stop.signal }).catch(() => undefined);
      if (stop.signal.aborted) break;
      const now = r.provider.workloadOf(r.nodeName, r.namespace, r.pod, r.container);
      if (now === undefined || now.instance !== workload.instance || now.thing !== workload.thing) break;
      let current: readonly string[];
      try {
        current = await r.provider.logLines(workload, { signal: stop.signal });
      } catch (err) {
        if (stop.signal.aborted) break;
        // A sleeping or slow device is no reason to drop a follower: try again next time.
        if (isFarsideError(err, ERROR_CODES.TIMEOUT) || isFarsideError(err, ERROR_CODES.DEVICE_UNAVAILABLE)) continue;
        r.logger?.warn({ err, node: r.nodeName, namespace: r.namespace, pod: r.pod }, 'log stream ended: the device log could not be read');
        break;
      }
      const fresh = linesAfter(seen, current);
      seen = current;
      if (fresh.length > 0) writer.write((await clock.stamp(fresh, stop.signal)).map((line) => format(line, query.timestamps)));
    }
  } finally {
    r.response.off('close', abort);
    r.closing.removeEventListener('abort', abort);
    stop.abort();
    if (r.response.headersSent && !r.response.writableEnded) r.response.end();
  }
}

function requireWorkload(r: ContainerLogsRequest): ContainerWorkload {
  findContainer(r.provider, r.nodeName, r.namespace, r.pod, r.container);
  const workload = r.provider.workloadOf(r.nodeName, r.namespace, r.pod, r.container);
  if (workload === undefined) throw new HttpProblem(400, `container "${r.container}" in pod "${r.pod}" is waiting to start: ContainerCreating`);
  return workload;
}

interface StampedLine {
  readonly atMs: number;
  readonly text: string;
}

function format(line: StampedLine, timestamps: boolean): string {
  return timestamps ? `${rfc3339Nano(line.atMs)} ${line.text}\n` : `${line.text}\n`;
}

/**
 * Wall-clock times of device log lines: the device's boot time (now minus the uptime its
 * monitoring reports) plus each line's uptime stamp. Without a stamp or an answer about
 * uptime, a line gets the time the kubelet first saw it. A stamp lower than one before
 * means the device rebooted, so its boot time is asked again.
 */
class LineClock {
  #bootMs: number | undefined;
  #asked = false;
  #latestUptimeMs = -1;

  constructor(
    private readonly r: ContainerLogsRequest,
    private readonly needed: boolean,
  ) {}

  async stamp(lines: readonly string[], signal: AbortSignal): Promise<StampedLine[]> {
    const parsed = lines.map(parseDeviceLogLine);
    if (this.needed) {
      const lowest = Math.min(...parsed.map((line) => line.uptimeMs ?? Infinity));
      if (!this.#asked || lowest < this.#latestUptimeMs) await this.#askBootTime(signal);
    }
    const now = this.r.now();
    return parsed.map((line) => {
      if (line.uptimeMs !== undefined) this.#latestUptimeMs = Math.max(this.#latestUptimeMs, line.uptimeMs);
      const derived = this.#bootMs === undefined || line.uptimeMs === undefined ? now : this.#bootMs + line.uptimeMs;
      return { atMs: Math.min(derived, now), text: line.text };
    });
  }

  async #askBootTime(signal: AbortSignal): Promise<void> {
    this.#asked = true;
    try {
      const usage = await this.r.provider.usage(this.r.nodeName, { signal });
      this.#bootMs = this.r.now() - usage.device.uptimeMs;
    } catch (err) {
      this.#bootMs = undefined;
      this.r.logger?.debug({ err, node: this.r.nodeName }, 'no device uptime for log timestamps; using the time lines were read');
    }
  }
}

/** Writes whole lines until `limitBytes` is reached, cutting the last one like the kubelet does. */
class LimitedWriter {
  #left: number;
  full = false;

  constructor(
    private readonly response: ServerResponse,
    limitBytes: number | undefined,
  ) {
    this.#left = limitBytes ?? Infinity;
  }

  write(lines: readonly string[]): void {
    if (lines.length === 0 || this.full) return;
    let chunk = Buffer.from(lines.join(''), 'utf8');
    if (chunk.length >= this.#left) {
      chunk = chunk.subarray(0, this.#left);
      this.full = true;
    }
    this.#left -= chunk.length;
    this.response.write(chunk);
  }
}
