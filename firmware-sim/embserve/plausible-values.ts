/**
 * Plausible readings for simulated IPSO sensors: the units an instance carries (Sensor
 * Units 5701, SenML unit names per RFC 8428) and where a simulated signal sits, plus
 * model-conforming values for the resources a new instance must have.
 */
import type { ResourceModel, ResourceValue } from '../../lwm2m/index.js';

export interface SignalShape {
  /** SenML unit name, or undefined for a unitless quantity. */
  readonly units?: string;
  readonly centre: number;
  /** How far the simulated signal swings from its centre. */
  readonly swing: number;
}

const SIGNALS: ReadonlyMap<number, SignalShape> = new Map([
  [3300, { centre: 50, swing: 10 }], // Generic Sensor
  [3301, { units: 'lx', centre: 320, swing: 80 }], // Illuminance
  [3303, { units: 'Cel', centre: 22, swing: 2 }], // Temperature
  [3304, { units: '%RH', centre: 45, swing: 5 }], // Humidity
  [3313, { units: 'm/s2', centre: 0, swing: 0.3 }], // Accelerometer
  [3315, { units: 'Pa', centre: 101_325, swing: 300 }], // Barometer
  [3316, { units: 'V', centre: 3.3, swing: 0.05 }], // Voltage
  [3317, { units: 'A', centre: 0.02, swing: 0.005 }], // Current
  [3328, { units: 'W', centre: 0.5, swing: 0.1 }], // Power
]);

const UNKNOWN_SIGNAL: SignalShape = { centre: 20, swing: 5 };

/** Sensor Units (5701) of IPSO sensor objects. */
export const SENSOR_UNITS_RESOURCE_ID = 5701;

export function signalShape(objectId: number | undefined): SignalShape {
  return (objectId !== undefined ? SIGNALS.get(objectId) : undefined) ?? UNKNOWN_SIGNAL;
}

/** `min..max` of a numeric RangeEnumeration; other forms say nothing. */
function numericRange(model: ResourceModel): { min: number; max: number } | undefined {
  const match = /^\s*(-?\d+(?:\.\d+)?)\s*\.\.\s*(-?\d+(?:\.\d+)?)\s*$/.exec(model.range ?? '');
  return match ? { min: Number(match[1]), max: Number(match[2]) } : undefined;
}

/** A workload's number as the resource's type wants it: whole for integers, within the range when it has one. */
export function numberForResource(model: ResourceModel, value: number): number {
  let fitted = model.type === 'float' ? value : Math.round(value);
  if (model.type === 'unsigned') fitted = Math.max(0, fitted);
  const range = numericRange(model);
  if (range !== undefined) fitted = Math.min(range.max, Math.max(range.min, fitted));
  return fitted;
}

/** A neutral value of the resource's type (the range's low end for numbers), for mandatory resources nobody feeds. */
export function neutralValue(model: ResourceModel): ResourceValue | undefined {
  switch (model.type) {
    case 'integer':
    case 'unsigned':
    case 'float':
      return numberForResource(model, 0);
    case 'string':
    case 'corelnk':
      return '';
    case 'boolean':
      return false;
    case 'opaque':
      return new Uint8Array();
    case 'time':
      return new Date(0);
    case 'objlnk':
      // The null link (Core §C).
      return { objectId: 65535, instanceId: 65535 };
    case 'none':
      return undefined;
    default: {
      const unknown: never = model.type;
      return unknown;
    }
  }
}
