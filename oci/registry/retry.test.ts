import { describe, expect, it } from 'vitest';
import { ERROR_CODES, FarsideError, invalidInput } from '../../errors/index.js';
import { backoffMs, isRetryableStatus, retryAfterMs, retrying } from './retry.js';

const FAST = { retries: 3, baseDelayMs: 1, maxDelayMs: 5 };

describe('retry policy', () => {
  it('retries 429 and 5xx except 501, and nothing else', () => {
    expect([429, 500, 502, 503, 504].every(isRetryableStatus)).toBe(true);
    expect([200, 400, 401, 403, 404, 501].some(isRetryableStatus)).toBe(false);
  });

  it('reads Retry-After as seconds or as an HTTP date, and as no wait when unreadable', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterMs('3', now)).toBe(3_000);
    expect(retryAfterMs('Thu, 01 Jan 2026 00:00:02 GMT', now)).toBe(2_000);
    expect(retryAfterMs('soon', now)).toBe(0);
    expect(retryAfterMs(undefined, now)).toBe(0);
  });

  it('doubles the backoff with jitter and never passes the longest delay', () => {
    const policy = { retries: 10, baseDelayMs: 100, maxDelayMs: 1_000 };
    for (let retry = 0; retry < 10; retry++) {
      const delay = backoffMs(policy, retry);
      const full = Math.min(1_000, 100 * 2 ** retry);
      expect(delay).toBeGreaterThanOrEqual(full / 2);
      expect(delay).toBeLessThanOrEqual(full);
    }
  });

  it('tries a network failure again, up to the retries, and then throws it', async () => {
    let attempts = 0;
    const refused = new FarsideError(ERROR_CODES.DEVICE_UNAVAILABLE, 'refused', { cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }) });
    await expect(
      retrying(FAST, undefined, async () => {
        attempts++;
        throw refused;
      }, () => undefined),
    ).rejects.toBe(refused);
    expect(attempts).toBe(4);
  });

  it('does not try again after an error that will not pass', async () => {
    let attempts = 0;
    await expect(
      retrying(FAST, undefined, async () => {
        attempts++;
        throw invalidInput('bad');
      }, () => undefined),
    ).rejects.toMatchObject({ code: ERROR_CODES.INVALID_INPUT });
    expect(attempts).toBe(1);
  });

  it('hands back the last result when retries run out', async () => {
    let attempts = 0;
    await expect(retrying(FAST, undefined, async () => ++attempts, () => 0)).resolves.toBe(4);
  });

  it('stops waiting with CANCELLED when the caller aborts', async () => {
    const controller = new AbortController();
    const pending = retrying({ retries: 1, baseDelayMs: 10_000, maxDelayMs: 10_000 }, controller.signal, async () => 'again', () => 0);
    setTimeout(() => controller.abort(), 10);
    await expect(pending).rejects.toMatchObject({ code: ERROR_CODES.CANCELLED });
  });
});
