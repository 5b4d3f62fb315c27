/**
 * SDF names for an object's resources. A few registry objects give two resources the
 * same name (3430 has two "Satellite identifiers"); SDF needs names unique within a
 * group, so the later resource (higher id) gets its id appended. The mapping file
 * records which name stands for which id either way.
 */
import { invalidInput } from '../../errors/index.js';
import { sdfName } from '../naming.js';
import type { Lwm2mObjectInput, Lwm2mResourceInput } from './lwm2m-input.js';

export type SdfResourceKind = 'property' | 'action';

export interface NamedResource {
  readonly resource: Lwm2mResourceInput;
  readonly name: string;
  readonly kind: SdfResourceKind;
}

/** Executable resources are actions; everything else, operations or not, is a property. */
export function resourceKind(resource: Lwm2mResourceInput): SdfResourceKind {
  return resource.operations === 'E' ? 'action' : 'property';
}

/** The object's resources in id order, each with its kind and a name unique within its kind. */
export function namedResources(object: Lwm2mObjectInput): NamedResource[] {
  const taken = { property: new Set<string>(), action: new Set<string>() };
  const sorted = [...object.resources.values()].sort((a, b) => a.id - b.id);
  return sorted.map((resource) => {
    const kind = resourceKind(resource);
    const base = sdfName(resource.name);
    const name = taken[kind].has(base) ? `${base}_${resource.id}` : base;
    if (taken[kind].has(name)) {
      throw invalidInput(`object ${object.id}: resource ${resource.id} cannot get a unique SDF name ('${name}' is taken)`);
    }
    taken[kind].add(name);
    return { resource, name, kind };
  });
}
