import { afterEach, describe, expect, it, vi } from 'vitest';
import { ERROR_CODES, FarsideError, isFarsideError } from '../../errors/index.js';
import { PendingReplies } from './pending-replies.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('PendingReplies', () => {
  it('resolves a waiting request once and forgets it', async () => {
    const pending = new PendingReplies();
    const reply = pending.wait('1', 1000, 'GET x');
    expect(pending.resolve('1', { response_code: 69 })).toBe(true);
    expect(pending.resolve('1', { response_code: 132 })).toBe(false);
    expect(await reply).toEqual({ response_code: 69 });
    expect(pending.size).toBe(0);
  });

  it('rejects with FarsideError TIMEOUT after the timeout, naming the request', async () => {
    vi.useFakeTimers();
    const pending = new PendingReplies();
    const reply = pending.wait('1', 250, 'GET dev1/Device/0').catch((err: unknown) => err);
    await vi.advanceTimersByTimeAsync(249);
    expect(pending.has('1')).toBe(true);
    await vi.advanceTimersByTimeAsync(1);
    const err = await reply;
    expect(isFarsideError(err, ERROR_CODES.TIMEOUT)).toBe(true);
    expect((err as Error).message).toBe('GET dev1/Device/0 got no reply within 250 ms');
    expect(pending.size).toBe(0);
  });

  it('rejects with FarsideError CANCELLED when the signal aborts, even one aborted already', async () => {
    const pending = new PendingReplies();
    const controller = new AbortController();
    const reply = pending.wait('1', 1000, 'GET x', controller.signal).catch((err: unknown) => err);
    controller.abort();
    expect(isFarsideError(await reply, ERROR_CODES.CANCELLED)).toBe(true);
    const early = await pending.wait('2', 1000, 'GET x', AbortSignal.abort()).catch((err: unknown) => err);
    expect(isFarsideError(early, ERROR_CODES.CANCELLED)).toBe(true);
    expect(pending.size).toBe(0);
  });

  it('rejects everything at once', async () => {
    const pending = new PendingReplies();
    const replies = ['1', '2'].map((id) => pending.wait(id, 1000, 'GET x').catch((err: unknown) => err));
    pending.rejectAll(new FarsideError(ERROR_CODES.CANCELLED, 'closed'));
    expect((await Promise.all(replies)).every((err) => isFarsideError(err, ERROR_CODES.CANCELLED))).toBe(true);
  });
});
