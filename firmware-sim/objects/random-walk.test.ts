import { describe, expect, it } from 'vitest';
import { randomWalkStep } from './random-walk.js';

describe('randomWalkStep', () => {
  it('moves at most one step', () => {
    expect(randomWalkStep(0, { min: -10, max: 10, step: 2 }, () => 0.75)).toBe(1);
    expect(randomWalkStep(0, { min: -10, max: 10, step: 2 }, () => 0)).toBe(-2);
  });

  it('reflects off the bounds instead of leaving them', () => {
    expect(randomWalkStep(9.5, { min: -10, max: 10, step: 2 }, () => 0.999999)).toBeCloseTo(8.5, 3);
    expect(randomWalkStep(-9.5, { min: -10, max: 10, step: 2 }, () => 0)).toBeCloseTo(-8.5, 3);
  });
});
