/**
 * A bounded random walk for simulated sensors: each step moves at most `step` in either
 * direction and reflects off the bounds, so values wander plausibly but never escape.
 */

export interface WalkBounds {
  readonly min: number;
  readonly max: number;
  /** Largest move per step. */
  readonly step: number;
}

/** `random` returns a uniform number in [0, 1), like Math.random. */
export function randomWalkStep(value: number, bounds: WalkBounds, random: () => number): number {
  const next = value + (random() * 2 - 1) * bounds.step;
  if (next > bounds.max) return Math.max(bounds.min, 2 * bounds.max - next);
  if (next < bounds.min) return Math.min(bounds.max, 2 * bounds.min - next);
  return next;
}
