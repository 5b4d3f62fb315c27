import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ExpirySchedule } from './expiry-schedule.js';

describe('the expiry schedule', () => {
  beforeEach(() => vi.useFakeTimers({ now: 0 }));
  afterEach(() => vi.useRealTimers());

  it('fires each live deadline once, in order, honouring reschedules and cancels', () => {
    const fired: string[] = [];
    const schedule = new ExpirySchedule((id) => fired.push(id), () => Date.now());
    const deadlines = new Map<string, number>();
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 500; i++) {
      const at = Math.floor(random() * 10_000);
      deadlines.set(`r${i}`, at);
      schedule.schedule(`r${i}`, at);
    }
    // Updates push some deadlines out; de-registrations cancel others.
    for (let i = 0; i < 500; i += 3) {
      const at = 10_000 + Math.floor(random() * 5_000);
      deadlines.set(`r${i}`, at);
      schedule.schedule(`r${i}`, at);
    }
    for (let i = 1; i < 500; i += 7) {
      deadlines.delete(`r${i}`);
      schedule.cancel(`r${i}`);
    }
    vi.advanceTimersByTime(20_000);
    const expected = [...deadlines.entries()].sort((a, b) => a[1] - b[1]);
    expect(fired).toHaveLength(deadlines.size);
    expect(new Set(fired)).toEqual(new Set(deadlines.keys()));
    // Fired in deadline order (ties may come in any order).
    const times = fired.map((id) => deadlines.get(id)!);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(expected.length).toBe(fired.length);
    schedule.close();
  });

  it('does not fire before the deadline', () => {
    const fired: string[] = [];
    const schedule = new ExpirySchedule((id) => fired.push(id), () => Date.now());
    schedule.schedule('a', 1_000);
    vi.advanceTimersByTime(999);
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(fired).toEqual(['a']);
    schedule.close();
  });

  it('fires nothing after close', () => {
    const fired: string[] = [];
    const schedule = new ExpirySchedule((id) => fired.push(id), () => Date.now());
    schedule.schedule('a', 100);
    schedule.close();
    vi.advanceTimersByTime(1_000);
    expect(fired).toEqual([]);
  });
});
