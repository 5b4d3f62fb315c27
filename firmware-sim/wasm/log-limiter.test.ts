import { describe, expect, it } from 'vitest';
import { LogLimiter } from './log-limiter.js';

describe('the log limit of a workload', () => {
  it('lets a burst of twice the rate through, drops the rest, and says how many were dropped once lines flow again', () => {
    const limiter = new LogLimiter(5, 0);
    const written = Array.from({ length: 15 }, (_, i) => limiter.admit(`line ${i}`, 0)).flat();
    expect(written).toEqual(Array.from({ length: 10 }, (_, i) => `line ${i}`));
    expect(limiter.admit('later', 1000)).toEqual(['(5 log lines dropped: over 5 lines/s)', 'later']);
    expect(limiter.admit('next', 1000)).toEqual(['next']);
  });

  it('refills at the rate over time', () => {
    const limiter = new LogLimiter(2, 0);
    for (let i = 0; i < 4; i++) limiter.admit('x', 0);
    expect(limiter.admit('too soon', 100)).toEqual([]);
    expect(limiter.admit('after half a second', 600)).toEqual(['(1 log line dropped: over 2 lines/s)', 'after half a second']);
  });
});
