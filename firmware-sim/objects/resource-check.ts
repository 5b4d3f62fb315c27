/**
 * Turns an incoming resource into the stored form its model asks for, or says it does
 * not fit (wrong multiplicity, wrong type, out of range).
 */
import type { ResourceModel } from '../../lwm2m/model.js';
import { multipleResource, singleResource, type Resource, type ResourceValue } from '../../lwm2m/node.js';
import { valueFitsModel, valuesEqual } from './value-check.js';

export function resourceForModel(model: ResourceModel, resource: Resource): Resource | undefined {
  if (resource.id !== model.id) return undefined;
  if (resource.kind === 'single') {
    if (model.multiple || !valueFitsModel(model, resource.value)) return undefined;
    return singleResource(model.id, model.type, resource.value);
  }
  if (!model.multiple) return undefined;
  for (const value of resource.instances.values()) if (!valueFitsModel(model, value)) return undefined;
  return multipleResource(model.id, model.type, resource.instances);
}

/** Multiple-instance merge for partial updates: given instances win, others stay. */
export function mergeInstances(base: Resource | undefined, update: ReadonlyMap<number, ResourceValue>): Map<number, ResourceValue> {
  const merged = new Map(base?.kind === 'multiple' ? base.instances : []);
  for (const [id, value] of update) merged.set(id, value);
  return merged;
}

export function resourcesEqual(a: Resource | undefined, b: Resource | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (a.kind === 'single' && b.kind === 'single') return valuesEqual(a.value, b.value);
  if (a.kind !== 'multiple' || b.kind !== 'multiple' || a.instances.size !== b.instances.size) return false;
  for (const [id, value] of a.instances) {
    const other = b.instances.get(id);
    if (other === undefined || !valuesEqual(value, other)) return false;
  }
  return true;
}
