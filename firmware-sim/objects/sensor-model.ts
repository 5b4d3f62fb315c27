/**
 * How the simulated quantities evolve: the radio link wanders (a bounded random walk
 * around profile.rssiCentreDbm; the TX power setting adds to it, see radio.ts), the
 * battery drains with elapsed time. Free memory is not simulated here: it is accounted
 * from what the firmware and the workloads use.
 */
import type { DeviceProfile } from './device-profile.js';
import { randomWalkStep } from './random-walk.js';
import type { SensorState } from './standard-instances.js';

const MS_PER_HOUR = 3_600_000;

export function initialSensorState(profile: DeviceProfile): SensorState {
  return { batteryLevelPercent: profile.batteryLevelPercent, linkDbm: profile.rssiCentreDbm };
}

export function nextSensorState(profile: DeviceProfile, state: SensorState, elapsedMs: number, random: () => number): SensorState {
  const drained = (profile.batteryDrainPercentPerHour * Math.max(0, elapsedMs)) / MS_PER_HOUR;
  return {
    batteryLevelPercent: Math.max(0, state.batteryLevelPercent - drained),
    linkDbm: randomWalkStep(
      state.linkDbm,
      { min: profile.rssiCentreDbm - profile.rssiSpanDb, max: profile.rssiCentreDbm + profile.rssiSpanDb, step: profile.rssiStepDb },
      random,
    ),
  };
}
