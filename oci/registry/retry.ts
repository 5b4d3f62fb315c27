/**
 * Bounded retries with exponential backoff for what may pass: 429, 5xx and network
 * failures. A 4xx other than 429 is an answer, never retried.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { ERROR_CODES, FarsideError, isFarsideError } from '../../errors/index.js';

export interface RetryPolicy {
  /** Retries after the first attempt; 0 disables retrying. */
  readonly retries: number;
  /** Delay before the first retry, in ms; each next one doubles, with jitter. */
  readonly baseDelayMs: number;
  /** No wait exceeds this, in ms, not even one a registry asks for with Retry-After. */
  readonly maxDelayMs: number;
}

/** Network failures that say nothing about the request, so trying again may work. */
const TRANSIENT_NETWORK_CODES: ReadonlySet<string> = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'ECONNABORTED', 'ENOTFOUND']);

/** 501 Not Implemented will not change on a retry; the other 5xx and 429 may. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status !== 501);
}

export function isRetryableError(err: unknown): boolean {
  if (isFarsideError(err, ERROR_CODES.TIMEOUT)) return true;
  if (!isFarsideError(err, ERROR_CODES.DEVICE_UNAVAILABLE)) return false;
  const code = (err.cause as NodeJS.ErrnoException | undefined)?.code;
  return code !== undefined && TRANSIENT_NETWORK_CODES.has(code);
}

/** The wait a `Retry-After` header (RFC 9110 §10.2.3: seconds or an HTTP date) asks for, in ms; 0 when absent or unreadable. */
export function retryAfterMs(header: string | undefined, now = Date.now()): number {
  if (header === undefined) return 0;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? 0 : Math.max(0, date - now);
}

/**
 * Runs `attempt` until it succeeds, fails for good, or retries run out. `waitBeforeRetry`
 * looks at a result: undefined keeps it, a number (ms the server asked to wait, or 0)
 * tries again. The last result or error is what the caller gets.
 */
export async function retrying<T>(policy: RetryPolicy, signal: AbortSignal | undefined, attempt: () => Promise<T>, waitBeforeRetry: (result: T) => number | undefined): Promise<T> {
  for (let retry = 0; ; retry++) {
    let asked: number;
    try {
      const result = await attempt();
      const wait = waitBeforeRetry(result);
      if (wait === undefined || retry >= policy.retries) return result;
      asked = wait;
    } catch (err) {
      if (retry >= policy.retries || !isRetryableError(err)) throw err;
      asked = 0;
    }
    await pause(Math.min(policy.maxDelayMs, Math.max(asked, backoffMs(policy, retry))), signal);
  }
}

/** Equal jitter: half the exponential delay, plus up to as much again at random, so clients that failed together do not retry together. */
export function backoffMs(policy: RetryPolicy, retry: number): number {
  const delay = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return delay / 2 + Math.random() * (delay / 2);
}

async function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  try {
    await sleep(ms, undefined, signal ? { signal } : undefined);
  } catch {
    throw new FarsideError(ERROR_CODES.CANCELLED, 'cancelled while waiting to retry');
  }
}
