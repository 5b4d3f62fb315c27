/**
 * How the simulated quantities evolve: the RSSI and free memory wander (bounded random
 * walks), the battery drains with elapsed time.
 */
import type { DeviceProfile } from './device-profile.js';
import { randomWalkStep } from './random-walk.js';
import type { SensorState } from './standard-instances.js';

const MS_PER_HOUR = 3_600_000;
/** Free memory stays between these fractions of the total: a busy but healthy heap. */
const MEMORY_FREE_MIN_FRACTION = 0.35;
const MEMORY_FREE_MAX_FRACTION = 0.75;
const MEMORY_STEP_KB = 2;

export function initialSensorState(profile: DeviceProfile): SensorState {
  return { batteryLevelPercent: profile.batteryLevelPercent, memoryFreeKB: profile.memoryFreeKB, rssiDbm: profile.rssiCentreDbm };
}

export function nextSensorState(profile: DeviceProfile, state: SensorState, elapsedMs: number, random: () => number): SensorState {
  const drained = (profile.batteryDrainPercentPerHour * Math.max(0, elapsedMs)) / MS_PER_HOUR;
  return {
    batteryLevelPercent: Math.max(0, state.batteryLevelPercent - drained),
    memoryFreeKB: randomWalkStep(
      state.memoryFreeKB,
      { min: profile.memoryTotalKB * MEMORY_FREE_MIN_FRACTION, max: profile.memoryTotalKB * MEMORY_FREE_MAX_FRACTION, step: MEMORY_STEP_KB },
      random,
    ),
    rssiDbm: randomWalkStep(
      state.rssiDbm,
      { min: profile.rssiCentreDbm - profile.rssiSpanDb, max: profile.rssiCentreDbm + profile.rssiSpanDb, step: profile.rssiStepDb },
      random,
    ),
  };
}
