/**
 * Seeded uniform random numbers for simulation (lossy links here, device signals in
 * firmware-sim), so that a run can be replayed: the same seed draws the same values.
 */

/** mulberry32: tiny state (one closure, 4 bytes of it), fast; fine for simulation, never for secrets. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** A stable 32-bit seed from a name (FNV-1a), for devices that were given no seed. */
export function seedFromName(name: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    hash ^= name.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
