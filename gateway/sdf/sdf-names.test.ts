import { describe, expect, it } from 'vitest';
import { defaultRegistry } from '../../lwm2m/index.js';
import { SdfNameIndex, sdfFromLwm2m } from '../../sdf-models/index.js';
import { SdfNames } from './sdf-names.js';

describe('SDF names on the wire', () => {
  const registry = defaultRegistry();
  const names = new SdfNames(registry);

  it('spell every object and resource as the shipped SDF models and their mappings do', () => {
    const index = SdfNameIndex.fromMappings([...registry.objects()].map((o) => sdfFromLwm2m(o).mapping));
    for (const object of registry.objects()) {
      expect(names.objectName(object.id)).toBe(index.objectName(object.id));
      for (const resource of object.resources.values()) {
        const name = names.resourceName(object.id, resource.id);
        expect(name).toBe(index.resourceName(object.id, resource.id));
        expect(names.resource(object.id, name, resource.operations === 'E' ? 'action' : 'property')?.id).toBe(resource.id);
      }
    }
  });

  it('keeps two properties of one object that share an OMA name apart', () => {
    const properties = (o: { resources: ReadonlyMap<number, { name: string; operations: string }> }) => [...o.resources.entries()].filter(([, r]) => r.operations !== 'E');
    const clashing = [...registry.objects()].find((o) => new Set(properties(o).map(([, r]) => r.name)).size < properties(o).length)!;
    expect(clashing).toBeDefined();
    const ids = properties(clashing).map(([id]) => id);
    const spelled = ids.map((id) => names.resourceName(clashing.id, id));
    expect(new Set(spelled).size).toBe(ids.length);
    expect(spelled.map((name) => names.resource(clashing.id, name, 'property')?.id)).toEqual(ids);
  });
});
