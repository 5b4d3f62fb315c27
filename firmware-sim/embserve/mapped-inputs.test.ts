import { describe, expect, it } from 'vitest';
import type { InstancePath } from '../../lwm2m/index.js';
import { parseServiceJson } from '../../oci/index.js';
import { instanceFromValues, ObjectTree, type ValueOrInstances } from '../objects/index.js';
import type { ServiceValue } from './contracts.js';
import { inputFromResource, MappedInputs } from './mapped-inputs.js';
import { bytesOf, ManualClock, models, temperatureService, trackSubscriptions } from './test-fixture.js';

function addSensor(tree: ObjectTree, instanceId: number, celsius: number): void {
  tree.addInstance(3303, instanceFromValues(models, 3303, instanceId, new Map<number, ValueOrInstances>([[5700, celsius], [5701, 'Cel']])));
}

interface Setup {
  inputs?: unknown[];
  own?: InstancePath[];
  deliver?: (input: ServiceValue) => boolean;
  sensors?: [number, number][];
}

function feeding(setup: Setup = {}) {
  const clock = new ManualClock();
  const tree = new ObjectTree({ models, clock });
  for (const [instanceId, celsius] of setup.sensors ?? [[0, 20.4]]) addSensor(tree, instanceId, celsius);
  const live = trackSubscriptions(tree);
  const inputs = setup.inputs ?? [{ key: 'temperature', type: 1, data_model_mapping: ['lwm2m:3303/0/5700'] }];
  const service = parseServiceJson(bytesOf(temperatureService({ inputs })));
  const fed: [string, number][] = [];
  const lines: string[] = [];
  const deliver = setup.deliver ?? ((input: ServiceValue): boolean => fed.push([input.key, input.value]) > 0);
  const feeds = new MappedInputs({ tree, service, own: setup.own ?? [], deliver, log: (line) => lines.push(line) });
  feeds.start();
  return { tree, clock, feeds, fed, lines, live };
}

describe('feeding mapped inputs', () => {
  it('feeds the current value at start and every change after it, rounded for int inputs', () => {
    const { tree, fed } = feeding({
      inputs: [
        { key: 'celsius', type: 1, data_model_mapping: ['lwm2m:3303/0/5700'] },
        { key: 'whole', type: 0, data_model_mapping: ['lwm2m:3303/0/5700'] },
      ],
    });
    expect(fed).toEqual([['celsius', 20.4], ['whole', 20]]);
    tree.setValue([3303, 0, 5700], 21.6);
    tree.setValue([3303, 0, 5700], 21.7);
    expect(fed.slice(2)).toEqual([['celsius', 21.6], ['whole', 22], ['celsius', 21.7]]);
  });

  it('counts neither a sibling resource’s change nor a pmax re-notification as a new sample', () => {
    const { tree, clock, fed } = feeding();
    tree.setValue([3303, 0, 5701], 'K');
    expect(tree.writeAttributes([3303, 0], { pmax: 1 }).code).toBe('2.04');
    clock.advance(5000);
    tree.setValue([3303, 0, 5700], 20.5);
    expect(fed).toEqual([['temperature', 20.4], ['temperature', 20.5]]);
  });

  it('is not filtered by the change conditions a server set for its own notifications', () => {
    const { tree, fed } = feeding();
    expect(tree.writeAttributes([3303, 0, 5700], { gt: 100, st: 50 }).code).toBe('2.04');
    tree.setValue([3303, 0, 5700], 21);
    expect(fed.at(-1)).toEqual(['temperature', 21]);
  });

  it('feeds a source instance that appears after start, and again each time it is re-created', () => {
    const { tree, feeds, fed, lines } = feeding({ inputs: [{ key: 't', type: 1, data_model_mapping: ['lwm2m:3303/4/5700'] }] });
    expect([fed, feeds.observing]).toEqual([[], 0]);
    addSensor(tree, 4, 15);
    expect([fed, feeds.observing]).toEqual([[['t', 15]], 1]);
    tree.removeInstance([3303, 4]);
    expect(feeds.observing).toBe(0);
    addSensor(tree, 4, 15);
    tree.setValue([3303, 4, 5700], 16);
    expect(fed).toEqual([['t', 15], ['t', 15], ['t', 16]]);
    expect(lines).toEqual([]);
  });

  it('reads an x mapping from the lowest instance that is not the workload’s own, moving when that changes', () => {
    const { tree, fed } = feeding({
      inputs: [{ key: 't', type: 1, data_model_mapping: ['lwm2m:3303/x/5700'] }],
      own: [[3303, 0]],
      sensors: [[0, 99], [3, 18]],
    });
    addSensor(tree, 1, 19);
    tree.setValue([3303, 3, 5700], 30);
    tree.removeInstance([3303, 1]);
    addSensor(tree, 2, 21);
    expect(fed.map(([, v]) => v)).toEqual([18, 19, 30, 21]);
  });

  it('skips a value that is no usable number with one log line per bad run, and never throws into the tree', () => {
    const { tree, fed, lines } = feeding();
    let reading: number = Number.NaN;
    tree.bindValue([3303, 0, 5700], { read: () => reading });
    tree.setValue([3303, 0, 5701], 'K');
    tree.setValue([3303, 0, 5701], 'Cel');
    expect(lines).toEqual(['input temperature: skipped NaN from /3303/0/5700: not a usable number']);
    reading = 23;
    tree.setValue([3303, 0, 5701], 'K');
    expect(fed.at(-1)).toEqual(['temperature', 23]);
    reading = Number.POSITIVE_INFINITY;
    tree.setValue([3303, 0, 5701], 'Cel');
    expect(lines).toHaveLength(2);
  });

  it('logs a workload that throws on an input instead of letting it reach the tree', () => {
    const { tree, lines } = feeding({
      deliver: () => {
        throw new Error('bus fault');
      },
    });
    expect(() => tree.setValue([3303, 0, 5700], 25)).not.toThrow();
    expect(lines).toEqual(['input temperature: feeding from /3303/0/5700 failed: bus fault']);
  });

  it('holds one observation per fed input and one listener, and none after stop', () => {
    const { tree, feeds, fed, live } = feeding({ inputs: [{ key: 'a', type: 1, data_model_mapping: ['lwm2m:3303/0/5700'] }, { key: 'b', type: 1 }] });
    expect([live(), feeds.observing]).toEqual([2, 1]);
    feeds.stop();
    feeds.stop();
    tree.setValue([3303, 0, 5700], 25);
    addSensor(tree, 1, 25);
    expect([live(), feeds.observing, fed]).toEqual([0, 0, [['a', 20.4]]]);
  });

  it('takes nothing from the tree when no input is mapped', () => {
    const { live } = feeding({ inputs: [{ key: 'threshold', type: 0 }] });
    expect(live()).toBe(0);
  });
});

describe('inputFromResource', () => {
  it('turns finite numbers into the input’s type and refuses everything else', () => {
    expect([inputFromResource(21.5, 1), inputFromResource(21.5, 0), inputFromResource(-2.5, 0), inputFromResource(7n, 1)]).toEqual([21.5, 22, -2, 7]);
    for (const raw of [Number.NaN, Number.POSITIVE_INFINITY, 'hot', true, new Uint8Array(1)]) expect(inputFromResource(raw, 1)).toBeUndefined();
    expect(inputFromResource(2n ** 60n, 0)).toBeUndefined();
  });
});
