/**
 * What each kind of sensor measures and how its signal behaves: a slow daily cycle, a
 * bounded random walk on top (weather, drafts, drift) and sensor noise on each reading,
 * reported at the resolution a typical Zephyr driver gives. Figures are indoor ones for
 * the parts such boards carry (SHT3x, BME280, OPT3001, LIS2DH, an ADC rail).
 */
import type { SensorKind } from '../objects/device-profile.js';
import { IPSO_OBJECT_OF, IPSO_RESOURCE as R } from './ipso.js';

const HOURS_PER_DAY = 24;

export interface SignalModel {
  readonly objectId: number;
  /** Resources holding the reading, one per axis: Sensor Value, or X/Y/Z Value. */
  readonly axes: readonly number[];
  /** Sensor Units (5701), UCUM-style as SenML uses them. */
  readonly units: string;
  /** The part's measuring range (Min/Max Range Value 5603/5604). */
  readonly rangeMin: number;
  readonly rangeMax: number;
  /** Whether the object has Min/Max Measured Value and their Reset (Accelerometer 3313 has not). */
  readonly tracksMinMax: boolean;
  /** Decimal places of a reading. */
  readonly decimals: number;
  /** The slow part of `axis` at `hourOfDay` (0 to 24, UTC). */
  baseline(axis: number, hourOfDay: number): number;
  /** How far the walk may wander from the baseline, and its largest step per WALK_STEP_MS. */
  readonly walkSpan: number;
  readonly walkStep: number;
  /** When true the walk scales the baseline (clouds dim daylight) instead of adding to it. */
  readonly walkIsRelative: boolean;
  /** Uniform sensor noise on each reading, ±. */
  readonly noise: number;
  /** Readings never leave these, whatever the walk and noise do. */
  readonly min: number;
  readonly max: number;
}

/** The elapsed time for which a walk moves at most `walkStep`; longer ticks move further (√t). */
export const WALK_STEP_MS = 5000;

/** A sine over the day peaking at `peakHour`, between -1 and 1. */
function daily(hourOfDay: number, peakHour: number): number {
  return Math.cos((2 * Math.PI * (hourOfDay - peakHour)) / HOURS_PER_DAY);
}

/** Indoor daylight, lx: none at night, rising from 06:00 to a peak at 13:00, gone by 20:00. */
function daylight(hourOfDay: number): number {
  const sunUp = (hourOfDay - 6) / 14;
  return sunUp > 0 && sunUp < 1 ? 400 * Math.sin(Math.PI * sunUp) : 0;
}

type Shape = Omit<SignalModel, 'objectId' | 'axes' | 'tracksMinMax'>;

const SHAPES: Readonly<Record<SensorKind, Shape>> = {
  // Warmest mid-afternoon; 20 to 26 °C in all.
  temperature: { units: 'Cel', rangeMin: -40, rangeMax: 125, decimals: 2, baseline: (_, h) => 23 + 2.2 * daily(h, 15), walkSpan: 0.6, walkStep: 0.05, walkIsRelative: false, noise: 0.05, min: 20, max: 26 },
  // Relative humidity falls as the room warms; 35 to 65 %RH.
  humidity: { units: '%RH', rangeMin: 0, rangeMax: 100, decimals: 2, baseline: (_, h) => 50 - 8 * daily(h, 15), walkSpan: 5, walkStep: 0.2, walkIsRelative: false, noise: 0.3, min: 35, max: 65 },
  // Sea-level pressure with the twice-daily atmospheric tide; weather moves it a few hPa.
  pressure: { units: 'hPa', rangeMin: 300, rangeMax: 1100, decimals: 2, baseline: (_, h) => 1013.25 + 0.6 * Math.cos((2 * Math.PI * (h - 10)) / 12), walkSpan: 8, walkStep: 0.05, walkIsRelative: false, noise: 0.03, min: 1000, max: 1030 },
  illuminance: { units: 'lx', rangeMin: 0, rangeMax: 83865, decimals: 1, baseline: (_, h) => daylight(h), walkSpan: 0.3, walkStep: 0.02, walkIsRelative: true, noise: 0.5, min: 0, max: 1000 },
  // A board lying flat: gravity on Z, a little vibration and drift on every axis.
  accelerometer: { units: 'g', rangeMin: -2, rangeMax: 2, decimals: 3, baseline: (axis) => (axis === 2 ? 1 : 0), walkSpan: 0.02, walkStep: 0.005, walkIsRelative: false, noise: 0.01, min: -2, max: 2 },
  // A 3.3 V supply rail seen through the ADC.
  voltage: { units: 'V', rangeMin: 0, rangeMax: 3.6, decimals: 3, baseline: () => 3.3, walkSpan: 0.05, walkStep: 0.005, walkIsRelative: false, noise: 0.01, min: 3, max: 3.6 },
  // An analog input in percent of full scale, e.g. soil moisture.
  generic: { units: '%', rangeMin: 0, rangeMax: 100, decimals: 1, baseline: (_, h) => 50 + 10 * daily(h, 12), walkSpan: 20, walkStep: 1, walkIsRelative: false, noise: 0.5, min: 0, max: 100 },
};

function signalModel(kind: SensorKind): SignalModel {
  const objectId = IPSO_OBJECT_OF[kind];
  const axes = kind === 'accelerometer' ? [R.X_VALUE, R.Y_VALUE, R.Z_VALUE] : [R.SENSOR_VALUE];
  return { ...SHAPES[kind], objectId, axes, tracksMinMax: kind !== 'accelerometer' };
}

/** One shared model per kind, so a device's sensors hold only their own state. */
export const SIGNAL_MODELS: Readonly<Record<SensorKind, SignalModel>> = Object.fromEntries(
  (Object.keys(SHAPES) as SensorKind[]).map((kind) => [kind, signalModel(kind)]),
) as Record<SensorKind, SignalModel>;
