/**
 * The board's sensors (profile.sensors) as IPSO object instances on the device's tree,
 * moved on the device's ticks: one instance per sensor, numbered from 0 within each
 * object, in profile order. It is also what workloads read the physical world through
 * (SensorSource). Same seed, same start time and same ticks give the same readings.
 */
import { z } from 'zod';
import { defaultRegistry, invalidInput, type ModelLookup } from '../../lwm2m/index.js';
import type { SensorSource } from '../embserve/contracts.js';
import type { SensorKind } from '../objects/device-profile.js';
import { instanceFromValues } from '../objects/instance-values.js';
import type { ObjectTree } from '../objects/object-tree.js';
import { IPSO_RESOURCE } from './ipso.js';
import { sensorInstanceValues, sensorReadingValues, sensorResourceValue } from './sensor-instances.js';
import { SIGNAL_MODELS } from './signal-models.js';
import { SimulatedSensor } from './simulated-sensor.js';

export interface SensorBankOptions {
  readonly tree: ObjectTree;
  /** The board's sensors, in the order their instances are created (profile.sensors). */
  readonly sensors: readonly SensorKind[];
  /** Uniform random numbers in [0, 1); a seeded one (seededRandom) makes the readings replayable. */
  readonly random: () => number;
  /** Wall-clock time at boot, ms since the epoch: where in the daily cycle the signals start. Default 0 (midnight UTC). */
  readonly startedAt?: number;
  /** Object models. Default: defaultRegistry(). */
  readonly models?: ModelLookup;
}

/** Where one sensor lives on the tree, and whether it is enabled. */
export interface SensorHandle {
  readonly kind: SensorKind;
  readonly objectId: number;
  readonly instanceId: number;
  readonly enabled: boolean;
}

export interface SensorBank extends SensorSource {
  /** The sensors, in profile order. */
  readonly sensors: readonly SensorHandle[];
  /** Moves every enabled sensor by `elapsedMs` (negative or not finite counts as 0) and notifies observers of what changed. */
  tick(elapsedMs: number): void;
  /** Enables or disables one sensor; a disabled one keeps its last reading. False when there is no such sensor. */
  setEnabled(objectId: number, instanceId: number, enabled: boolean): boolean;
  /**
   * The current reading of the first sensor of `objectId` for `resourceId` (default Sensor
   * Value 5700; X/Y/Z Value 5702-5704 for an accelerometer; also Min/Max Measured and Range).
   */
  sample(objectId: number, resourceId?: number): number | undefined;
}

const sensorKinds = z.array(z.enum(Object.keys(SIGNAL_MODELS) as [SensorKind, ...SensorKind[]]));

export function createSensorBank(options: SensorBankOptions): SensorBank {
  const kinds = sensorKinds.safeParse(options.sensors);
  if (!kinds.success) throw invalidInput(`sensor bank: ${kinds.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const { tree, random } = options;
  const models = options.models ?? defaultRegistry();
  let atMs = options.startedAt ?? 0;
  const nextInstanceId = new Map<number, number>();
  const sensors = kinds.data.map((kind) => {
    const model = SIGNAL_MODELS[kind];
    const instanceId = nextInstanceId.get(model.objectId) ?? 0;
    nextInstanceId.set(model.objectId, instanceId + 1);
    return new SimulatedSensor(kind, model, instanceId, random, atMs);
  });

  const publish = (sensor: SimulatedSensor): void => {
    for (const [resourceId, value] of sensorReadingValues(sensor)) tree.setValue([sensor.objectId, sensor.instanceId, resourceId], value);
  };
  for (const sensor of sensors) {
    tree.addInstance(sensor.objectId, instanceFromValues(models, sensor.objectId, sensor.instanceId, sensorInstanceValues(sensor)));
    if (!sensor.model.tracksMinMax) continue;
    tree.onExecute([sensor.objectId, sensor.instanceId, IPSO_RESOURCE.RESET_MIN_AND_MAX_MEASURED_VALUES], () => {
      sensor.resetMinMax();
      publish(sensor);
    });
  }
  const find = (objectId: number, instanceId: number): SimulatedSensor | undefined =>
    sensors.find((s) => s.objectId === objectId && s.instanceId === instanceId);

  return {
    sensors,
    tick: (elapsedMs) => {
      const elapsed = Number.isFinite(elapsedMs) && elapsedMs > 0 ? elapsedMs : 0;
      atMs += elapsed;
      for (const sensor of sensors) {
        if (!sensor.enabled) continue;
        sensor.advance(elapsed, atMs, random);
        publish(sensor);
      }
    },
    setEnabled: (objectId, instanceId, enabled) => {
      const sensor = find(objectId, instanceId);
      if (sensor !== undefined) sensor.enabled = enabled;
      return sensor !== undefined;
    },
    sample: (objectId, resourceId = IPSO_RESOURCE.SENSOR_VALUE) => {
      const sensor = sensors.find((s) => s.objectId === objectId);
      return sensor === undefined ? undefined : sensorResourceValue(sensor, resourceId);
    },
  };
}
