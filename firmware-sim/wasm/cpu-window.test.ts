import { describe, expect, it } from 'vitest';
import { CpuWindow } from './cpu-window.js';

describe('the CPU share of a workload', () => {
  it('is busy time over elapsed time since start while the window is not yet full', () => {
    const window = new CpuWindow(0, 10_000);
    expect(window.percent(0, 0)).toBe(0);
    expect(window.percent(1000, 250)).toBe(25);
  });

  it('forgets what happened before the window', () => {
    const window = new CpuWindow(0, 1000);
    // Fully busy for the first two seconds, then idle.
    for (let t = 50; t <= 2000; t += 50) window.percent(t, t);
    for (let t = 2050; t <= 3000; t += 50) window.percent(t, 2000);
    expect(window.percent(3100, 2000)).toBe(0);
  });

  it('stays between 0 and 100', () => {
    const window = new CpuWindow(0, 1000);
    expect(window.percent(100, 500)).toBe(100);
  });
});
