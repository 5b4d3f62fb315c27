import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LwM2mNode } from '../../lwm2m/node.js';
import { defaultRegistry } from '../../lwm2m/registry/index.js';
import { instanceFromValues, type ValueOrInstances } from './instance-values.js';
import { ObjectTree } from './object-tree.js';

const models = defaultRegistry();
const SENSOR_VALUE = [3303, 0, 5700] as const;

function tree(): ObjectTree {
  const t = new ObjectTree({ models });
  t.addInstance(0, instanceFromValues(models, 0, 0, new Map([[0, 'coap://gw']])));
  t.addInstance(3303, instanceFromValues(models, 3303, 0, new Map<number, ValueOrInstances>([[5700, 20], [5701, 'Cel']])));
  return t;
}

/** Observes /3303/0/5700 and records each notified value with the second it came. */
function watch(t: ObjectTree, path: Parameters<ObjectTree['observe']>[0] = SENSOR_VALUE) {
  const seen: { atS: number; value: unknown }[] = [];
  const start = Date.now();
  const result = t.observe(path, (node: LwM2mNode) => {
    seen.push({ atS: (Date.now() - start) / 1000, value: 'value' in node ? node.value : node.kind });
  });
  return { seen, result };
}

const advanceS = (s: number) => vi.advanceTimersByTime(s * 1000);

describe('ObjectTree observe', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('answers 2.05 with the current value and a cancel function', () => {
    const { result } = watch(tree());
    expect(result.code).toBe('2.05');
    expect(result.node).toEqual({ kind: 'single', id: 5700, type: 'float', value: 20 });
    expect(typeof result.cancel).toBe('function');
  });

  it('answers like a read for targets it cannot observe', () => {
    const t = tree();
    expect(t.observe([3303, 5], vi.fn()).code).toBe('4.04');
    expect(t.observe([0, 0], vi.fn()).code).toBe('4.01');
    expect(t.observe([3303, 0, 5605], vi.fn()).code).toBe('4.05');
  });

  it('notifies on every change when no attributes are set, and not when the value stays', () => {
    const t = tree();
    const { seen } = watch(t);
    t.setValue(SENSOR_VALUE, 21);
    t.setValue(SENSOR_VALUE, 21);
    t.setValue(SENSOR_VALUE, 22);
    expect(seen.map((s) => s.value)).toEqual([21, 22]);
  });

  it('defers a change within pmin to the end of pmin and sends the latest value', () => {
    const t = tree();
    t.writeAttributes(SENSOR_VALUE, { pmin: 10 });
    const { seen } = watch(t);
    advanceS(2);
    t.setValue(SENSOR_VALUE, 21);
    advanceS(3);
    t.setValue(SENSOR_VALUE, 23);
    expect(seen).toEqual([]);
    advanceS(5);
    expect(seen).toEqual([{ atS: 10, value: 23 }]);
    advanceS(20);
    expect(seen).toHaveLength(1);
  });

  it('sends a change at once when pmin has already passed', () => {
    const t = tree();
    t.writeAttributes(SENSOR_VALUE, { pmin: 10 });
    const { seen } = watch(t);
    advanceS(12);
    t.setValue(SENSOR_VALUE, 21);
    expect(seen).toEqual([{ atS: 12, value: 21 }]);
  });

  it('repeats the value every pmax seconds without a change', () => {
    const t = tree();
    t.writeAttributes(SENSOR_VALUE, { pmax: 30 });
    const { seen } = watch(t);
    advanceS(95);
    expect(seen).toEqual([
      { atS: 30, value: 20 },
      { atS: 60, value: 20 },
      { atS: 90, value: 20 },
    ]);
  });

  it('counts pmax from the last notification', () => {
    const t = tree();
    t.writeAttributes(SENSOR_VALUE, { pmax: 30 });
    const { seen } = watch(t);
    advanceS(10);
    t.setValue(SENSOR_VALUE, 25);
    advanceS(35);
    expect(seen).toEqual([
      { atS: 10, value: 25 },
      { atS: 40, value: 25 },
    ]);
  });

  it('ignores pmax below pmin', () => {
    const t = tree();
    t.writeAttributes(SENSOR_VALUE, { pmin: 20, pmax: 10 });
    const { seen } = watch(t);
    advanceS(100);
    expect(seen).toEqual([]);
  });

  it('notifies when the value crosses gt in either direction, not for moves on one side', () => {
    const t = tree();
    t.writeAttributes(SENSOR_VALUE, { gt: 25 });
    const { seen } = watch(t);
    for (const value of [22, 24, 26, 27, 30, 24, 23]) t.setValue(SENSOR_VALUE, value);
    expect(seen.map((s) => s.value)).toEqual([26, 24]);
  });

  it('notifies when the value crosses lt in either direction', () => {
    const t = tree();
    t.writeAttributes(SENSOR_VALUE, { lt: 10 });
    const { seen } = watch(t);
    for (const value of [15, 9, 5, 11, 12]) t.setValue(SENSOR_VALUE, value);
    expect(seen.map((s) => s.value)).toEqual([9, 11]);
  });

  it('notifies when the value moved by st or more since the last notification', () => {
    const t = tree();
    t.writeAttributes(SENSOR_VALUE, { st: 2 });
    const { seen } = watch(t);
    for (const value of [21, 22, 23, 24.5, 23, 22.4]) t.setValue(SENSOR_VALUE, value);
    expect(seen.map((s) => s.value)).toEqual([22, 24.5, 22.4]);
  });

  it('holds a threshold crossing back until pmin has passed', () => {
    const t = tree();
    t.writeAttributes(SENSOR_VALUE, { pmin: 5, gt: 25 });
    const { seen } = watch(t);
    advanceS(1);
    t.setValue(SENSOR_VALUE, 30);
    advanceS(1);
    t.setValue(SENSOR_VALUE, 31);
    advanceS(5);
    expect(seen).toEqual([{ atS: 5, value: 31 }]);
  });

  it('inherits pmin and pmax from the object and instance levels', () => {
    const t = tree();
    t.writeAttributes([3303], { pmax: 50 });
    t.writeAttributes([3303, 0], { pmax: 20 });
    const { seen } = watch(t);
    advanceS(41);
    expect(seen.map((s) => s.atS)).toEqual([20, 40]);
  });

  it('takes default periods from the Server object', () => {
    const t = tree();
    t.addInstance(1, instanceFromValues(models, 1, 0, new Map<number, ValueOrInstances>([[0, 1], [1, 300], [2, 3], [3, 15], [6, true], [7, 'U']])));
    const { seen } = watch(t);
    t.setValue(SENSOR_VALUE, 21);
    advanceS(19);
    expect(seen).toEqual([
      { atS: 3, value: 21 },
      { atS: 18, value: 21 },
    ]);
  });

  it('re-arms pmax when attributes are written during an observation', () => {
    const t = tree();
    const { seen } = watch(t);
    advanceS(5);
    t.writeAttributes([3303, 0], { pmax: 10 });
    advanceS(6);
    expect(seen).toEqual([{ atS: 10, value: 20 }]);
  });

  it('notifies an instance observation when one of its resources changes', () => {
    const t = tree();
    const { seen } = watch(t, [3303, 0]);
    t.setValue(SENSOR_VALUE, 22);
    expect(seen).toEqual([{ atS: 0, value: 'instance' }]);
  });

  it('ends observations of a deleted instance with 4.04', () => {
    const t = tree();
    const onEnd = vi.fn();
    const listener = vi.fn();
    t.observe(SENSOR_VALUE, listener, onEnd);
    t.delete([3303, 0]);
    expect(onEnd).toHaveBeenCalledWith('4.04');
    expect(listener).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('stops notifying and clears its timers on cancel', () => {
    const t = tree();
    t.writeAttributes(SENSOR_VALUE, { pmin: 10, pmax: 30 });
    const { seen, result } = watch(t);
    t.setValue(SENSOR_VALUE, 21);
    expect(vi.getTimerCount()).toBeGreaterThan(0);
    result.cancel?.();
    expect(vi.getTimerCount()).toBe(0);
    advanceS(100);
    expect(seen).toEqual([]);
  });

  it('clears every timer on close and refuses new observations', () => {
    const t = tree();
    t.writeAttributes([3303], { pmax: 30 });
    watch(t);
    watch(t, [3303, 0]);
    expect(vi.getTimerCount()).toBe(2);
    t.close();
    expect(vi.getTimerCount()).toBe(0);
    expect(t.observe(SENSOR_VALUE, vi.fn()).code).toBe('5.03');
  });
});
