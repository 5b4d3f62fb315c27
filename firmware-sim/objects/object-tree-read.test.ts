import { describe, expect, it } from 'vitest';
import { singleResource, type ObjectInstance } from '../../lwm2m/node.js';
import { defaultRegistry } from '../../lwm2m/registry/index.js';
import { instanceFromValues, indexed, type ValueOrInstances } from './instance-values.js';
import { ObjectTree } from './object-tree.js';

const models = defaultRegistry();

function tree(): ObjectTree {
  const t = new ObjectTree({ models });
  t.addInstance(0, instanceFromValues(models, 0, 0, new Map<number, ValueOrInstances>([[0, 'coap://gw'], [1, false], [2, 3]])));
  t.addInstance(3303, instanceFromValues(models, 3303, 0, new Map<number, ValueOrInstances>([[5700, 21.5], [5701, 'Cel'], [5750, 'kitchen']])));
  t.addInstance(3, instanceFromValues(models, 3, 0, new Map<number, ValueOrInstances>([[0, 'farside'], [11, indexed([0, 7])]])));
  t.supportObject(3308);
  return t;
}

describe('ObjectTree read', () => {
  it('reads a single resource with the model type on it', () => {
    expect(tree().read([3303, 0, 5700])).toEqual({ code: '2.05', node: singleResource(5700, 'float', 21.5) });
  });

  it('reads an instance with its readable resources', () => {
    const result = tree().read([3303, 0]);
    expect(result.code).toBe('2.05');
    const instance = result.node as ObjectInstance;
    expect(instance.kind).toBe('instance');
    expect([...instance.resources.keys()].sort()).toEqual([5700, 5701, 5750]);
  });

  it('reads an object with all its instances', () => {
    const result = tree().read([3303]);
    expect(result.code).toBe('2.05');
    expect(result.node?.kind).toBe('object');
    expect(result.node?.kind === 'object' ? [...result.node.instances.keys()] : undefined).toEqual([0]);
  });

  it('reads a supported object without instances as an empty object', () => {
    expect(tree().read([3308])).toEqual({ code: '2.05', node: { kind: 'object', id: 3308, instances: new Map() } });
  });

  it('reads one instance of a multiple resource', () => {
    expect(tree().read([3, 0, 11, 1])).toEqual({ code: '2.05', node: { kind: 'resourceInstance', id: 1, type: 'integer', value: 7 } });
  });

  it('answers 4.04 for unknown objects, instances, resources and resource instances', () => {
    const t = tree();
    expect(t.read([3304]).code).toBe('4.04');
    expect(t.read([3303, 1]).code).toBe('4.04');
    expect(t.read([3303, 0, 5601]).code).toBe('4.04');
    expect(t.read([3303, 0, 9999]).code).toBe('4.04');
    expect(t.read([3, 0, 11, 5]).code).toBe('4.04');
    expect(t.read([3303, 0, 5700, 0]).code).toBe('4.04');
  });

  it('answers 4.05 when reading an executable resource', () => {
    expect(tree().read([3303, 0, 5605]).code).toBe('4.05');
    expect(tree().read([3, 0, 4]).code).toBe('4.05');
  });

  it('answers 4.05 for a read of the root', () => {
    expect(tree().read([]).code).toBe('4.05');
  });

  it('keeps the Security object from a DM server with 4.01', () => {
    const t = tree();
    expect(t.read([0])).toEqual({ code: '4.01' });
    expect(t.read([0, 0, 0])).toEqual({ code: '4.01' });
    expect(t.write([0, 0, 0], singleResource(0, 'string', 'coap://evil'), 'replace')).toEqual({ code: '4.01' });
    expect(t.discover([0])).toEqual({ code: '4.01' });
    expect(t.getValue([0, 0, 0])).toBe('coap://gw');
  });
});
