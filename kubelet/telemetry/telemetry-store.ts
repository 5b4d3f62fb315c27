import type { LoadReading, RadioReading, SensorReading, WorkloadReading } from './readings.js';

/** The latest readings of one thing, as both exporters show them. */
export interface ThingReadings {
  readonly thing: string;
  /** Its Kubernetes node name. */
  readonly node: string;
  radio: RadioReading;
  device: LoadReading | undefined;
  workloads: readonly WorkloadReading[];
  /** By `<object>/<instance>`. */
  readonly sensors: Map<string, SensorReading>;
  /** Failed device requests by reason, since the thing appeared. */
  readonly errors: Map<string, number>;
}

/**
 * The latest readings of every thing: the one place the device side writes and the
 * Prometheus and OTLP sides read at collection time, so that a thing removed here is gone
 * from both at once.
 */
export class TelemetryStore {
  readonly #things = new Map<string, ThingReadings>();

  /** The thing's readings, created empty the first time. */
  ensure(thing: string, node: string): ThingReadings {
    let readings = this.#things.get(thing);
    if (readings === undefined) {
      readings = { thing, node, radio: {}, device: undefined, workloads: [], sensors: new Map(), errors: new Map() };
      this.#things.set(thing, readings);
    }
    return readings;
  }

  get(thing: string): ThingReadings | undefined {
    return this.#things.get(thing);
  }

  remove(thing: string): void {
    this.#things.delete(thing);
  }

  things(): IterableIterator<ThingReadings> {
    return this.#things.values();
  }

  /** Merges a partial radio reading: a notification may carry one of the two values. */
  mergeRadio(thing: string, radio: RadioReading): void {
    const readings = this.#things.get(thing);
    if (readings !== undefined) readings.radio = { ...readings.radio, ...radio };
  }

  /** Keeps a sensor's unit when a notification carries only its value. */
  mergeSensors(thing: string, sensors: readonly SensorReading[]): void {
    const readings = this.#things.get(thing);
    if (readings === undefined) return;
    for (const sensor of sensors) {
      const key = `${sensor.object}/${sensor.instance}`;
      const unit = sensor.unit === '' ? (readings.sensors.get(key)?.unit ?? '') : sensor.unit;
      readings.sensors.set(key, { ...sensor, unit });
    }
  }

  /** Drops the sensors not in `keys` (instances the device no longer has). */
  retainSensors(thing: string, keys: ReadonlySet<string>): void {
    const readings = this.#things.get(thing);
    if (readings === undefined) return;
    for (const key of readings.sensors.keys()) if (!keys.has(key)) readings.sensors.delete(key);
  }

  countError(thing: string, reason: string): void {
    const readings = this.#things.get(thing);
    if (readings !== undefined) readings.errors.set(reason, (readings.errors.get(reason) ?? 0) + 1);
  }
}
