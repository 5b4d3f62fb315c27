import { describe, expect, it } from 'vitest';
import { isFarsideError } from '../../lwm2m/index.js';
import { ObjectTree } from '../objects/object-tree.js';
import { defaultRegistry } from '../../lwm2m/index.js';
import type { SensorKind } from '../objects/device-profile.js';
import { seededRandom } from '../../lwm2m/index.js';
import { createSensorBank } from './sensor-bank.js';

const models = defaultRegistry();
const ALL_KINDS: readonly SensorKind[] = ['temperature', 'humidity', 'pressure', 'illuminance', 'accelerometer', 'voltage', 'generic'];
const T0 = Date.UTC(2025, 5, 1, 0, 0, 0);
const MINUTE_MS = 60_000;

function bank(sensors: readonly SensorKind[] = ALL_KINDS, seed = 42) {
  const tree = new ObjectTree({ models });
  return { tree, bank: createSensorBank({ tree, sensors, random: seededRandom(seed), startedAt: T0 }) };
}

/** The readings of every sensor over `ticks` ticks of `everyMs`. */
function series(seed: number, ticks: number, everyMs = MINUTE_MS): number[][] {
  const { bank: b } = bank(ALL_KINDS, seed);
  const out: number[][] = [];
  for (let i = 0; i < ticks; i++) {
    b.tick(everyMs);
    out.push([3303, 3304, 3323, 3301, 3316, 3300].map((o) => b.sample(o) ?? NaN));
  }
  return out;
}

describe('SensorBank', () => {
  it('creates one IPSO instance per sensor, numbered from 0 within each object', () => {
    const { tree } = bank(['temperature', 'humidity', 'temperature', 'accelerometer']);
    const objects = Object.fromEntries([...tree.registeredObjects().objects].map(([id, o]) => [id, o.instances]));
    expect(objects).toEqual({ 3303: [0, 1], 3304: [0], 3313: [0] });
  });

  it('exposes reading, units, measured and range values as a Zephyr IPSO sensor does', () => {
    const { tree } = bank(['temperature', 'accelerometer']);
    const temperature = tree.read([3303, 0]);
    expect(temperature.code).toBe('2.05');
    const node = temperature.node;
    expect(node?.kind).toBe('instance');
    expect(node?.kind === 'instance' && [...node.resources.keys()].sort()).toEqual([5601, 5602, 5603, 5604, 5700, 5701]);
    expect(tree.getValue([3303, 0, 5701])).toBe('Cel');
    expect(tree.getValue([3303, 0, 5601])).toBe(tree.getValue([3303, 0, 5700]));
    expect(tree.getValue([3303, 0, 5603])).toBe(-40);
    expect([5702, 5703, 5704].map((r) => tree.getResource([3313, 0, r]) !== undefined)).toEqual([true, true, true]);
    expect(tree.getValue([3313, 0, 5701])).toBe('g');
  });

  it('replays the same readings from the same seed and different ones from another', () => {
    expect(series(7, 200)).toEqual(series(7, 200));
    expect(series(7, 200)).not.toEqual(series(8, 200));
  });

  it('keeps every reading plausible over three simulated days', () => {
    const { bank: b } = bank();
    const bounds: Record<number, [number, number]> = { 3303: [20, 26], 3304: [35, 65], 3323: [1000, 1030], 3301: [0, 1000], 3316: [3, 3.6], 3300: [0, 100] };
    for (let i = 0; i < 3 * 24 * 60; i++) {
      b.tick(MINUTE_MS);
      for (const [objectId, [low, high]] of Object.entries(bounds)) {
        const value = b.sample(Number(objectId))!;
        expect(value).toBeGreaterThanOrEqual(low);
        expect(value).toBeLessThanOrEqual(high);
      }
      expect(Math.abs(b.sample(3313, 5702)!)).toBeLessThan(0.1);
      expect(b.sample(3313, 5704)!).toBeGreaterThan(0.9);
      expect(b.sample(3313, 5704)!).toBeLessThan(1.1);
    }
  });

  it('follows the day: warmer in the afternoon than before dawn, light only by day', () => {
    const { bank: b } = bank(['temperature', 'illuminance']);
    const at = (hour: number) => {
      const values = { temperature: 0, illuminance: 0 };
      for (let k = 0; k < 30; k++) {
        b.tick(MINUTE_MS);
        values.temperature += b.sample(3303)! / 30;
        values.illuminance += b.sample(3301)! / 30;
      }
      return { hour, ...values };
    };
    const readings = [];
    for (let hour = 0; hour < 24; hour++) {
      readings.push(at(hour));
      for (let k = 0; k < 30; k++) b.tick(MINUTE_MS);
    }
    expect(readings[15]!.temperature - readings[4]!.temperature).toBeGreaterThan(2);
    expect(readings[2]!.illuminance).toBeLessThan(1);
    expect(readings[13]!.illuminance).toBeGreaterThan(200);
  });

  it('reports temperature at 0.01 °C resolution and changes it from tick to tick', () => {
    const { bank: b } = bank(['temperature']);
    const seen = new Set<number>();
    for (let i = 0; i < 100; i++) {
      b.tick(5000);
      const value = b.sample(3303)!;
      expect(Math.abs(value * 100 - Math.round(value * 100))).toBeLessThan(1e-6);
      seen.add(value);
    }
    expect(seen.size).toBeGreaterThan(20);
  });

  it('notifies observers of the Sensor Value as it changes', () => {
    const { tree, bank: b } = bank(['humidity']);
    const notes: unknown[] = [];
    tree.observe([3304, 0, 5700], (node) => notes.push(node));
    for (let i = 0; i < 10; i++) b.tick(5000);
    expect(notes.length).toBeGreaterThan(5);
  });

  it('tracks Min and Max Measured Value and resets them to the current reading on 5605', () => {
    const { tree, bank: b } = bank(['pressure']);
    for (let i = 0; i < 500; i++) b.tick(MINUTE_MS);
    const value = tree.getValue([3323, 0, 5700]) as number;
    const min = tree.getValue([3323, 0, 5601]) as number;
    const max = tree.getValue([3323, 0, 5602]) as number;
    expect(min).toBeLessThan(max);
    expect(value).toBeGreaterThanOrEqual(min);
    expect(value).toBeLessThanOrEqual(max);
    expect(tree.execute([3323, 0, 5605]).code).toBe('2.04');
    expect(tree.getValue([3323, 0, 5601])).toBe(value);
    expect(tree.getValue([3323, 0, 5602])).toBe(value);
    expect(b.sample(3323, 5601)).toBe(value);
  });

  it('samples the first sensor of an object, and nothing for objects or resources the board lacks', () => {
    const { tree, bank: b } = bank(['temperature', 'temperature', 'accelerometer']);
    b.tick(5000);
    expect(b.sample(3303)).toBe(tree.getValue([3303, 0, 5700]));
    expect(b.sample(3303, 5604)).toBe(125);
    expect(b.sample(3313, 5703)).toBe(tree.getValue([3313, 0, 5703]));
    expect(b.sample(3313)).toBeUndefined();
    expect(b.sample(3313, 5601)).toBeUndefined();
    expect(b.sample(3304)).toBeUndefined();
    expect(b.sample(3303, 9999)).toBeUndefined();
  });

  it('freezes a disabled sensor and moves it again once enabled', () => {
    const { tree, bank: b } = bank(['temperature', 'humidity']);
    expect(b.setEnabled(3303, 0, false)).toBe(true);
    expect(b.sensors[0]!.enabled).toBe(false);
    const frozen = tree.getValue([3303, 0, 5700]);
    const humidity = tree.getValue([3304, 0, 5700]);
    for (let i = 0; i < 20; i++) b.tick(5000);
    expect(tree.getValue([3303, 0, 5700])).toBe(frozen);
    expect(tree.getValue([3304, 0, 5700])).not.toBe(humidity);
    b.setEnabled(3303, 0, true);
    for (let i = 0; i < 20; i++) b.tick(5000);
    expect(tree.getValue([3303, 0, 5700])).not.toBe(frozen);
    expect(b.setEnabled(3303, 5, false)).toBe(false);
  });

  it('treats a negative or non-finite tick as no time passing', () => {
    const { bank: b } = bank(['temperature']);
    for (const elapsed of [-5000, Number.NaN, Number.POSITIVE_INFINITY]) b.tick(elapsed);
    expect(b.sample(3303)).toBeGreaterThanOrEqual(20);
  });

  it('rejects a sensor kind it cannot simulate with FARSIDE_ERR_INVALID_INPUT and adds nothing', () => {
    const tree = new ObjectTree({ models });
    let thrown: unknown;
    try {
      createSensorBank({ tree, sensors: ['temperature', 'sonar' as SensorKind], random: seededRandom(1) });
    } catch (err) {
      thrown = err;
    }
    expect(isFarsideError(thrown, 'FARSIDE_ERR_INVALID_INPUT')).toBe(true);
    expect(tree.registeredObjects().objects.size).toBe(0);
  });
});
