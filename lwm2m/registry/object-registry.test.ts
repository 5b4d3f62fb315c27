import { describe, expect, it } from 'vitest';
import type { ObjectModel, ResourceModel } from '../model.js';
import { DATA_ROUTE } from './custom-objects.js';
import { createDefaultRegistry, defaultRegistry } from './default-registry.js';
import { ObjectRegistry } from './object-registry.js';

/** A model with the object-level facts of farside's own custom objects, under another id and name, with string resources 0, 1, … */
function model(id: number, name: string, resourceNames: readonly string[] = []): ObjectModel {
  const resources = resourceNames.map((n, i): ResourceModel => ({ id: i, name: n, operations: 'R', multiple: false, mandatory: false, type: 'string' }));
  return { ...DATA_ROUTE, id, name, urn: `urn:oma:lwm2m:x:${id}`, resources: new Map(resources.map((r) => [r.id, r])) };
}

describe('ObjectRegistry', () => {
  it('finds objects and resources by id and returns undefined for unknown ones', () => {
    const registry = new ObjectRegistry([model(40000, 'Thing', ['A', 'B'])]);
    expect(registry.object(40000)?.name).toBe('Thing');
    expect(registry.resource(40000, 1)?.name).toBe('B');
    expect(registry.resource(40000, 2)).toBeUndefined();
    expect(registry.resource(40001, 0)).toBeUndefined();
    expect(registry.object(40001)).toBeUndefined();
  });

  it('replaces a model with the same id on add, also in name lookup', () => {
    const registry = new ObjectRegistry([model(40000, 'Old')]);
    registry.add(model(40000, 'New'));
    expect(registry.object(40000)?.name).toBe('New');
    expect(registry.objectByName('Old')).toBeUndefined();
    expect(registry.objectByName('New')?.id).toBe(40000);
    expect(registry.size).toBe(1);
  });

  it('lists objects in ascending id order whatever the insertion order', () => {
    const registry = new ObjectRegistry([model(7, 'c'), model(3, 'a'), model(5, 'b')]);
    expect([...registry.objects()].map((o) => o.id)).toEqual([3, 5, 7]);
    registry.add(model(4, 'd'));
    expect([...registry.objects()].map((o) => o.id)).toEqual([3, 4, 5, 7]);
  });

  it('matches names exactly and prefers the lowest id when two objects share a name', () => {
    const registry = new ObjectRegistry([model(3336, 'Location'), model(6, 'Location')]);
    expect(registry.objectByName('Location')?.id).toBe(6);
    expect(registry.objectByName('location')).toBeUndefined();
    expect(registry.objectByName('Location ')).toBeUndefined();
  });

  it('loads a lazily added model once, on first lookup, but knows its name before', () => {
    let loads = 0;
    const registry = new ObjectRegistry();
    registry.addLazy(41000, 'Lazy', () => {
      loads++;
      return model(41000, 'Lazy', ['X']);
    });
    expect(registry.has(41000)).toBe(true);
    expect(loads).toBe(0);
    expect(registry.objectByName('Lazy')).toBeDefined();
    expect(registry.resource(41000, 0)?.name).toBe('X');
    expect(registry.object(41000)).toBe(registry.object(41000));
    expect(loads).toBe(1);
  });
});

describe('defaultRegistry', () => {
  it('is built once and shared', () => {
    expect(defaultRegistry()).toBe(defaultRegistry());
  });

  it('holds the OMA objects and the custom ones, with OMA names exactly as spelled', () => {
    const registry = createDefaultRegistry();
    expect(registry.size).toBeGreaterThan(300);
    expect(registry.objectByName('Device')?.id).toBe(3);
    expect(registry.objectByName('Location')?.id).toBe(6);
    expect(registry.objectByName('Temperature')?.id).toBe(3303);
    expect(registry.object(35001)?.name).toBe('Data_Route');
  });

  it('gives independent copies from createDefaultRegistry', () => {
    const copy = createDefaultRegistry();
    copy.add(model(3, 'My Device'));
    expect(copy.object(3)?.name).toBe('My Device');
    expect(defaultRegistry().object(3)?.name).toBe('Device');
  });

  it('decodes every object into models whose map keys match their resource ids', () => {
    for (const object of createDefaultRegistry().objects()) {
      for (const [id, resource] of object.resources) {
        expect(resource.id).toBe(id);
        expect(id).toBeGreaterThanOrEqual(0);
        expect(id).toBeLessThanOrEqual(65534);
      }
    }
  });
});
