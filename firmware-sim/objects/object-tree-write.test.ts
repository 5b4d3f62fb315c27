import { describe, expect, it, vi } from 'vitest';
import { multipleResource, objectInstance, resourceInstance, singleResource } from '../../lwm2m/node.js';
import { defaultRegistry } from '../../lwm2m/registry/index.js';
import { instanceFromValues, indexed, type ValueOrInstances } from './instance-values.js';
import { ObjectTree } from './object-tree.js';

const models = defaultRegistry();

/** Server /1/0 with lifetime, binding, storing, a default pmin and a multiple RW resource (25). */
function tree(): ObjectTree {
  const t = new ObjectTree({ models });
  t.addInstance(
    1,
    instanceFromValues(
      models,
      1,
      0,
      new Map<number, ValueOrInstances>([
        [0, 1],
        [1, 300],
        [2, 5],
        [6, true],
        [7, 'U'],
        [25, indexed(['1.0', '1.1'])],
      ]),
    ),
  );
  return t;
}

const lifetime = (t: ObjectTree) => t.getValue([1, 0, 1]);
const versions = (t: ObjectTree) => {
  const r = t.getResource([1, 0, 25]);
  return r?.kind === 'multiple' ? Object.fromEntries(r.instances) : undefined;
};

describe('ObjectTree write', () => {
  it('replaces a single resource and answers 2.04', () => {
    const t = tree();
    expect(t.write([1, 0, 1], singleResource(1, 'integer', 600), 'replace')).toEqual({ code: '2.04' });
    expect(lifetime(t)).toBe(600);
  });

  it('replaces a multiple resource as a whole in replace mode', () => {
    const t = tree();
    expect(t.write([1, 0, 25], multipleResource(25, 'string', [[5, '1.2']]), 'replace').code).toBe('2.04');
    expect(versions(t)).toEqual({ 5: '1.2' });
  });

  it('merges a multiple resource in update mode', () => {
    const t = tree();
    expect(t.write([1, 0, 25], multipleResource(25, 'string', [[1, '1.2'], [2, '2.0']]), 'update').code).toBe('2.04');
    expect(versions(t)).toEqual({ 0: '1.0', 1: '1.2', 2: '2.0' });
  });

  it('writes one resource instance and keeps the others', () => {
    const t = tree();
    expect(t.write([1, 0, 25, 0], resourceInstance(0, 'string', '0.9'), 'replace').code).toBe('2.04');
    expect(versions(t)).toEqual({ 0: '0.9', 1: '1.1' });
  });

  it('updates only the resources an instance-level partial update carries', () => {
    const t = tree();
    const node = objectInstance(0, [singleResource(1, 'integer', 90)]);
    expect(t.write([1, 0], node, 'update').code).toBe('2.04');
    expect(lifetime(t)).toBe(90);
    expect(t.getValue([1, 0, 2])).toBe(5);
  });

  it('drops optional writable resources an instance-level replace leaves out', () => {
    const t = tree();
    const node = objectInstance(0, [singleResource(1, 'integer', 90), singleResource(6, 'boolean', false), singleResource(7, 'string', 'UQ')]);
    expect(t.write([1, 0], node, 'replace').code).toBe('2.04');
    expect(t.getValue([1, 0, 2])).toBeUndefined();
    expect(t.getResource([1, 0, 25])).toBeUndefined();
    // Read-only resources are not the server's to drop.
    expect(t.getValue([1, 0, 0])).toBe(1);
  });

  it('rejects an instance-level replace without a mandatory writable resource with 4.00', () => {
    const t = tree();
    expect(t.write([1, 0], objectInstance(0, [singleResource(1, 'integer', 90)]), 'replace').code).toBe('4.00');
    expect(lifetime(t)).toBe(300);
  });

  it('answers 4.05 when writing a read-only resource', () => {
    const t = tree();
    expect(t.write([1, 0, 0], singleResource(0, 'integer', 2), 'replace').code).toBe('4.05');
    expect(t.write([1, 0], objectInstance(0, [singleResource(0, 'integer', 2)]), 'update').code).toBe('4.05');
    expect(t.getValue([1, 0, 0])).toBe(1);
  });

  it('answers 4.05 when writing an executable resource or a whole object', () => {
    const t = tree();
    expect(t.write([1, 0, 8], singleResource(8, 'string', 'x'), 'replace').code).toBe('4.05');
    expect(t.write([1], { kind: 'object', id: 1, instances: new Map() }, 'replace').code).toBe('4.05');
  });

  it('answers 4.00 when a value does not match the model type', () => {
    const t = tree();
    expect(t.write([1, 0, 1], singleResource(1, 'string', '600'), 'replace').code).toBe('4.00');
    expect(t.write([1, 0, 1], singleResource(1, 'float', 1.5), 'replace').code).toBe('4.00');
    expect(t.write([1, 0, 6], singleResource(6, 'integer', 1), 'replace').code).toBe('4.00');
    expect(t.write([1, 0, 25], singleResource(25, 'string', '1.0'), 'replace').code).toBe('4.00');
    expect(t.write([1, 0, 26], singleResource(26, 'integer', 7), 'replace').code).toBe('4.00');
  });

  it('answers 4.00 when the payload is for another resource or instance than the path', () => {
    const t = tree();
    expect(t.write([1, 0, 1], singleResource(2, 'integer', 600), 'replace').code).toBe('4.00');
    expect(t.write([1, 0], objectInstance(1, [singleResource(1, 'integer', 90)]), 'update').code).toBe('4.00');
  });

  it('answers 4.04 for a missing instance or a resource the model lacks', () => {
    const t = tree();
    expect(t.write([1, 1, 1], singleResource(1, 'integer', 600), 'replace').code).toBe('4.04');
    expect(t.write([1, 0, 999], singleResource(999, 'integer', 600), 'replace').code).toBe('4.04');
    expect(t.write([1, 0, 1, 0], resourceInstance(0, 'integer', 600), 'replace').code).toBe('4.04');
  });

  it('changes nothing when any part of an instance write is invalid', () => {
    const t = tree();
    const listener = vi.fn();
    t.on('written', listener);
    const node = objectInstance(0, [
      singleResource(1, 'integer', 90),
      multipleResource(25, 'string', [[0, '9.9']]),
      singleResource(7, 'integer', 3),
    ]);
    expect(t.write([1, 0], node, 'update').code).toBe('4.00');
    expect(lifetime(t)).toBe(300);
    expect(versions(t)).toEqual({ 0: '1.0', 1: '1.1' });
    expect(listener).not.toHaveBeenCalled();
  });

  it('tells the client which resources a write changed', () => {
    const t = tree();
    const listener = vi.fn();
    t.on('written', listener);
    t.write([1, 0], objectInstance(0, [singleResource(1, 'integer', 90), singleResource(7, 'string', 'U')]), 'update');
    expect(listener).toHaveBeenCalledWith([[1, 0, 1]]);
  });

  it('hands writes of a bound resource to its binding', () => {
    const t = tree();
    let stored = 1;
    t.bindValue([1, 0, 2], { read: () => stored, write: (v) => (stored = v as number) });
    expect(t.write([1, 0, 2], singleResource(2, 'integer', 42), 'replace').code).toBe('2.04');
    expect(stored).toBe(42);
    expect(t.read([1, 0, 2]).node).toEqual(singleResource(2, 'integer', 42));
  });
});
