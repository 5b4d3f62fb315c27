/**
 * How the simulated quantities evolve: the RSSI wanders (a bounded random walk), the
 * battery drains with elapsed time. Free memory is not simulated here: it is accounted
 * from what the firmware and the workloads use.
 */
import type { DeviceProfile } from './device-profile.js';
import { randomWalkStep } from './random-walk.js';
import type { SensorState } from './standard-instances.js';

const MS_PER_HOUR = 3_600_000;

export function initialSensorState(profile: DeviceProfile): SensorState {
  return { batteryLevelPercent: profile.batteryLevelPercent, rssiDbm: profile.rssiCentreDbm };
}

export function nextSensorState(profile: DeviceProfile, state: SensorState, elapsedMs: number, random: () => number): SensorState {
  const drained = (profile.batteryDrainPercentPerHour * Math.max(0, elapsedMs)) / MS_PER_HOUR;
  return {
    batteryLevelPercent: Math.max(0, state.batteryLevelPercent - drained),
    rssiDbm: randomWalkStep(
      state.rssiDbm,
      { min: profile.rssiCentreDbm - profile.rssiSpanDb, max: profile.rssiCentreDbm + profile.rssiSpanDb, step: profile.rssiStepDb },
      random,
    ),
  };
}
