import { describe, expect, it } from 'vitest';
import { planArena } from './arena-planner.js';

describe("TFLite Micro's greedy arena planner", () => {
  it('lets buffers whose lifetimes do not overlap share the same bytes', () => {
    const plan = planArena([
      { size: 10, firstUse: 0, lastUse: 1 },
      { size: 20, firstUse: 2, lastUse: 3 },
    ]);
    expect(plan).toEqual({ offsets: [0, 0], bytes: 20 });
  });

  it('places the largest buffer first and each next one in the first gap that fits', () => {
    // A chain where each buffer overlaps only its neighbours in time.
    const plan = planArena([
      { size: 10, firstUse: 0, lastUse: 1 },
      { size: 20, firstUse: 1, lastUse: 2 },
      { size: 30, firstUse: 2, lastUse: 3 },
      { size: 40, firstUse: 3, lastUse: 4 },
      { size: 50, firstUse: 4, lastUse: 5 },
    ]);
    expect(plan).toEqual({ offsets: [0, 30, 0, 50, 0], bytes: 90 });
  });

  it('fills a gap between two placed buffers when the new one fits in it', () => {
    const plan = planArena([
      { size: 100, firstUse: 0, lastUse: 1 },
      { size: 90, firstUse: 1, lastUse: 2 },
      { size: 80, firstUse: 2, lastUse: 3 },
      { size: 10, firstUse: 2, lastUse: 2 },
    ]);
    // The 80 reuses the 100's bytes; the 10 fits between the 80's end and the 90 at 100.
    expect(plan).toEqual({ offsets: [0, 100, 0, 80], bytes: 190 });
  });

  it('breaks ties between equal sizes as TFLM does: the later request is placed first', () => {
    const plan = planArena([
      { size: 16, firstUse: 0, lastUse: 1 },
      { size: 16, firstUse: 0, lastUse: 1 },
    ]);
    expect(plan.offsets).toEqual([16, 0]);
  });

  it('plans nothing for no buffers', () => {
    expect(planArena([])).toEqual({ offsets: [], bytes: 0 });
  });
});
