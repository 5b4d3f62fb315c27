/**
 * IPSO Smart Object ids the simulated sensors use (OMA LwM2M registry, objects 3300-3323,
 * reusable resources 5601-5704).
 */
import type { SensorKind } from '../objects/device-profile.js';

export const IPSO_OBJECT = {
  GENERIC_SENSOR: 3300,
  ILLUMINANCE: 3301,
  TEMPERATURE: 3303,
  HUMIDITY: 3304,
  ACCELEROMETER: 3313,
  VOLTAGE: 3316,
  PRESSURE: 3323,
} as const;

export const IPSO_RESOURCE = {
  MIN_MEASURED_VALUE: 5601,
  MAX_MEASURED_VALUE: 5602,
  MIN_RANGE_VALUE: 5603,
  MAX_RANGE_VALUE: 5604,
  RESET_MIN_AND_MAX_MEASURED_VALUES: 5605,
  SENSOR_VALUE: 5700,
  SENSOR_UNITS: 5701,
  X_VALUE: 5702,
  Y_VALUE: 5703,
  Z_VALUE: 5704,
} as const;

/** The IPSO object each kind of sensor appears as. */
export const IPSO_OBJECT_OF: Readonly<Record<SensorKind, number>> = {
  temperature: IPSO_OBJECT.TEMPERATURE,
  humidity: IPSO_OBJECT.HUMIDITY,
  pressure: IPSO_OBJECT.PRESSURE,
  illuminance: IPSO_OBJECT.ILLUMINANCE,
  accelerometer: IPSO_OBJECT.ACCELEROMETER,
  voltage: IPSO_OBJECT.VOLTAGE,
  generic: IPSO_OBJECT.GENERIC_SENSOR,
};
