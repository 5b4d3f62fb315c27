/**
 * The IPSO resources a simulated sensor shows on the tree, as a Zephyr LwM2M client's
 * IPSO objects expose them: the reading, its units, the measuring range and, where the
 * object defines them, the lowest and highest reading (reset with 5605).
 */
import type { ValueOrInstances } from '../objects/instance-values.js';
import { IPSO_RESOURCE as R } from './ipso.js';
import type { SimulatedSensor } from './simulated-sensor.js';

/** What changes as the sensor reads: each axis's reading and, if tracked, Min/Max Measured Value. */
export function sensorReadingValues(sensor: SimulatedSensor): Map<number, number> {
  const values = new Map<number, number>();
  sensor.model.axes.forEach((resourceId, axis) => values.set(resourceId, sensor.readings[axis] ?? 0));
  if (sensor.model.tracksMinMax) {
    values.set(R.MIN_MEASURED_VALUE, sensor.minMeasured);
    values.set(R.MAX_MEASURED_VALUE, sensor.maxMeasured);
  }
  return values;
}

export function sensorInstanceValues(sensor: SimulatedSensor): Map<number, ValueOrInstances> {
  return new Map<number, ValueOrInstances>([
    ...sensorReadingValues(sensor),
    [R.SENSOR_UNITS, sensor.model.units],
    [R.MIN_RANGE_VALUE, sensor.model.rangeMin],
    [R.MAX_RANGE_VALUE, sensor.model.rangeMax],
  ]);
}

/** A resource's current value as a workload reads it (SensorSource.sample); undefined when the sensor has no such number. */
export function sensorResourceValue(sensor: SimulatedSensor, resourceId: number): number | undefined {
  const axis = sensor.model.axes.indexOf(resourceId);
  if (axis >= 0) return sensor.readings[axis];
  if (resourceId === R.MIN_RANGE_VALUE) return sensor.model.rangeMin;
  if (resourceId === R.MAX_RANGE_VALUE) return sensor.model.rangeMax;
  if (!sensor.model.tracksMinMax) return undefined;
  if (resourceId === R.MIN_MEASURED_VALUE) return sensor.minMeasured;
  if (resourceId === R.MAX_MEASURED_VALUE) return sensor.maxMeasured;
  return undefined;
}
