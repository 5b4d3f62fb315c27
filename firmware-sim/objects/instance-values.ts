/**
 * Builds an instance from plain values keyed by resource id, taking each resource's type
 * and multiplicity from the model, so object setup code reads like the object's table.
 */
import type { ModelLookup } from '../../lwm2m/model.js';
import { multipleResource, singleResource, type Resource, type ResourceValue } from '../../lwm2m/node.js';
import type { NewInstance } from './create-plan.js';
import { requireResourceModel } from './local-input.js';

/** A single value, or resource-instance id → value for a multiple resource. */
export type ValueOrInstances = ResourceValue | ReadonlyMap<number, ResourceValue>;

export function instanceFromValues(models: ModelLookup, objectId: number, instanceId: number, values: ReadonlyMap<number, ValueOrInstances>): NewInstance {
  const resources = new Map<number, Resource>();
  for (const [resourceId, value] of values) {
    const model = requireResourceModel(models, objectId, resourceId);
    resources.set(
      resourceId,
      value instanceof Map ? multipleResource(resourceId, model.type, value as ReadonlyMap<number, ResourceValue>) : singleResource(resourceId, model.type, value as ResourceValue),
    );
  }
  return { id: instanceId, resources };
}

/** Numbers a list as resource instances 0, 1, 2, ... */
export function indexed(values: readonly ResourceValue[]): ReadonlyMap<number, ResourceValue> {
  return new Map(values.map((value, i) => [i, value]));
}
