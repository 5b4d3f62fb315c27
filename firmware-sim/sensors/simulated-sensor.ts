/**
 * One simulated sensor's state: a few numbers per axis, no history and no timer of its
 * own, so a fleet of thousands of devices stays small. The bank moves it on its ticks.
 */
import type { SensorKind } from '../objects/device-profile.js';
import { randomWalkStep } from '../objects/random-walk.js';
import { WALK_STEP_MS, type SignalModel } from './signal-models.js';

const MS_PER_HOUR = 3_600_000;
const HOURS_PER_DAY = 24;

export class SimulatedSensor {
  readonly kind: SensorKind;
  readonly model: SignalModel;
  readonly instanceId: number;
  /** A disabled sensor (DevCapMgmt opDisable) keeps its last reading until enabled again. */
  enabled = true;
  /** The latest reading of each axis, at the model's resolution. */
  readonly readings: number[];
  /** Lowest and highest reading since boot or the last Reset Min and Max Measured Values (axis 0). */
  minMeasured: number;
  maxMeasured: number;
  readonly #walk: number[];

  constructor(kind: SensorKind, model: SignalModel, instanceId: number, random: () => number, atMs: number) {
    this.kind = kind;
    this.model = model;
    this.instanceId = instanceId;
    // Each device starts somewhere else on its walk, drawn from its own seed.
    this.#walk = model.axes.map(() => (random() - 0.5) * model.walkSpan);
    this.readings = model.axes.map((_, axis) => this.#read(axis, atMs, random));
    this.minMeasured = this.readings[0] ?? 0;
    this.maxMeasured = this.minMeasured;
  }

  get objectId(): number {
    return this.model.objectId;
  }

  /** Moves the walk by `elapsedMs` and takes a new reading at wall-clock time `atMs`. */
  advance(elapsedMs: number, atMs: number, random: () => number): void {
    if (!this.enabled) return;
    const step = this.model.walkStep * Math.sqrt(elapsedMs / WALK_STEP_MS);
    const bounds = { min: -this.model.walkSpan, max: this.model.walkSpan, step };
    for (let axis = 0; axis < this.readings.length; axis++) {
      this.#walk[axis] = randomWalkStep(this.#walk[axis] ?? 0, bounds, random);
      this.readings[axis] = this.#read(axis, atMs, random);
    }
    const first = this.readings[0] ?? 0;
    this.minMeasured = Math.min(this.minMeasured, first);
    this.maxMeasured = Math.max(this.maxMeasured, first);
  }

  resetMinMax(): void {
    this.minMeasured = this.readings[0] ?? 0;
    this.maxMeasured = this.minMeasured;
  }

  #read(axis: number, atMs: number, random: () => number): number {
    const m = this.model;
    const hourOfDay = (((atMs / MS_PER_HOUR) % HOURS_PER_DAY) + HOURS_PER_DAY) % HOURS_PER_DAY;
    const baseline = m.baseline(axis, hourOfDay);
    const walk = this.#walk[axis] ?? 0;
    const value = (m.walkIsRelative ? baseline * (1 + walk) : baseline + walk) + (random() * 2 - 1) * m.noise;
    const scale = 10 ** m.decimals;
    return Math.min(m.max, Math.max(m.min, Math.round(value * scale) / scale));
  }
}
