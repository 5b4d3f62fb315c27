import { describe, expect, it, vi } from 'vitest';
import { singleResource } from '../../lwm2m/node.js';
import { defaultRegistry } from '../../lwm2m/registry/index.js';
import { instanceFromValues } from './instance-values.js';
import { ObjectTree } from './object-tree.js';

const models = defaultRegistry();

function tree(): ObjectTree {
  const t = new ObjectTree({ models });
  t.addInstance(0, instanceFromValues(models, 0, 0, new Map([[0, 'coap://gw']])));
  t.addInstance(1, instanceFromValues(models, 1, 0, new Map<number, number | string | boolean>([[0, 1], [1, 300], [6, true], [7, 'U']])));
  t.addInstance(3, instanceFromValues(models, 3, 0, new Map([[16, 'UQ']])));
  t.supportObject(3303);
  return t;
}

const temperature = (value: number) => new Map([[5700, singleResource(5700, 'float', value)]]);

describe('ObjectTree create', () => {
  it('creates an instance with the lowest free id and answers 2.01', () => {
    const t = tree();
    expect(t.create([3303], { resources: temperature(20) })).toEqual({ code: '2.01', instanceId: 0 });
    expect(t.create([3303], { resources: temperature(21) })).toEqual({ code: '2.01', instanceId: 1 });
    expect(t.read([3303, 1, 5700]).node).toEqual(singleResource(5700, 'float', 21));
  });

  it('creates an instance with the id the server chose', () => {
    const t = tree();
    expect(t.create([3303], { id: 7, resources: temperature(20) })).toEqual({ code: '2.01', instanceId: 7 });
    expect(t.create([3303], { resources: temperature(20) }).instanceId).toBe(0);
  });

  it('answers 4.00 when the instance already exists', () => {
    const t = tree();
    t.create([3303], { id: 2, resources: temperature(20) });
    expect(t.create([3303], { id: 2, resources: temperature(30) })).toEqual({ code: '4.00' });
    expect(t.read([3303, 2, 5700]).node).toEqual(singleResource(5700, 'float', 20));
  });

  it('answers 4.00 for a second instance of a single-instance object', () => {
    expect(tree().create([3], { resources: new Map([[16, singleResource(16, 'string', 'U')]]) }).code).toBe('4.00');
  });

  it('answers 4.00 when a mandatory resource is missing', () => {
    expect(tree().create([3303], { resources: new Map([[5701, singleResource(5701, 'string', 'Cel')]]) }).code).toBe('4.00');
  });

  it('fills mandatory resources from the device defaults', () => {
    const t = tree();
    t.setInstanceDefaults(3303, () => [singleResource(5700, 'float', 0)]);
    expect(t.create([3303], { resources: new Map() }).code).toBe('2.01');
    expect(t.read([3303, 0, 5700]).node).toEqual(singleResource(5700, 'float', 0));
  });

  it('answers 4.00 for a bad value, an unknown resource or an executable in the payload', () => {
    const t = tree();
    expect(t.create([3303], { resources: new Map([[5700, singleResource(5700, 'string', 'hot')]]) }).code).toBe('4.00');
    expect(t.create([3303], { resources: new Map([...temperature(1), [42, singleResource(42, 'integer', 1)]]) }).code).toBe('4.00');
    expect(t.create([3303], { resources: new Map([...temperature(1), [5605, singleResource(5605, 'none', '')]]) }).code).toBe('4.00');
    expect(t.read([3303]).node).toEqual({ kind: 'object', id: 3303, instances: new Map() });
  });

  it('answers 4.04 for an object the device does not support and 4.01 for Security', () => {
    expect(tree().create([3304], { resources: new Map() }).code).toBe('4.04');
    expect(tree().create([0], { resources: new Map() }).code).toBe('4.01');
  });

  it('tells the client that the object list changed', () => {
    const t = tree();
    const listener = vi.fn();
    t.on('objectsChanged', listener);
    t.create([3303], { resources: temperature(20) });
    expect(listener).toHaveBeenCalledWith({ kind: 'created', path: [3303, 0] });
    expect(t.registeredObjects().objects.get(3303)).toEqual({ version: '1.1', instances: [0] });
  });
});

describe('ObjectTree delete', () => {
  it('deletes an instance, answers 2.02 and tells the client', () => {
    const t = tree();
    t.create([3303], { resources: temperature(20) });
    const listener = vi.fn();
    t.on('objectsChanged', listener);
    expect(t.delete([3303, 0])).toEqual({ code: '2.02' });
    expect(t.read([3303, 0]).code).toBe('4.04');
    expect(listener).toHaveBeenCalledWith({ kind: 'deleted', path: [3303, 0] });
  });

  it('answers 4.05 for Device, Server and Security instances and for object or resource paths', () => {
    const t = tree();
    t.create([3303], { resources: temperature(20) });
    expect(t.delete([3, 0]).code).toBe('4.05');
    expect(t.delete([1, 0]).code).toBe('4.05');
    expect(t.delete([0, 0]).code).toBe('4.05');
    expect(t.delete([3303]).code).toBe('4.05');
    expect(t.delete([3303, 0, 5700]).code).toBe('4.05');
    expect(t.delete([]).code).toBe('4.05');
  });

  it('answers 4.04 for an unknown instance', () => {
    expect(tree().delete([3303, 4]).code).toBe('4.04');
    expect(tree().delete([3304, 0]).code).toBe('4.04');
  });

  it('a listener that unsubscribes hears nothing more', () => {
    const t = tree();
    const listener = vi.fn();
    const off = t.on('objectsChanged', listener);
    off();
    t.create([3303], { resources: temperature(20) });
    expect(listener).not.toHaveBeenCalled();
  });
});

describe('ObjectTree registeredObjects', () => {
  it('lists supported objects with their version when not 1.0, and leaves out Security', () => {
    const t = tree();
    const registered = t.registeredObjects();
    expect(registered.rootPath).toBe('/');
    expect([...registered.objects.keys()]).toEqual([1, 3, 3303]);
    expect(registered.objects.get(1)).toEqual({ version: '1.2', instances: [0] });
    expect(registered.objects.get(3303)).toEqual({ version: '1.1', instances: [] });
  });
});
