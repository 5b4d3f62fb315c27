import { describe, expect, it } from 'vitest';
import { forEachLimited } from './map-limit.js';

const tick = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('forEachLimited', () => {
  it('never runs more than the limit at once and visits every item', async () => {
    let running = 0;
    let peak = 0;
    const seen: number[] = [];
    await forEachLimited([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await tick(2);
      seen.push(n);
      running--;
    });
    expect(peak).toBe(3);
    expect(seen.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('rejects only after the tasks already running have finished, and starts no new one', async () => {
    const finished: number[] = [];
    const failure = forEachLimited([1, 2, 3, 4, 5], 2, async (n) => {
      if (n === 1) throw new Error('first blob is bad');
      await tick(20);
      finished.push(n);
    });
    await expect(failure).rejects.toThrow('first blob is bad');
    // Item 2 was in flight when 1 failed: it must be done by the time the caller hears of the failure.
    expect(finished).toEqual([2]);
  });
});
