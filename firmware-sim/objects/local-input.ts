/**
 * Checks for values the device's own code puts into the tree. A misfit there is a bug in
 * the simulator, not a protocol failure, so these throw FARSIDE_ERR_INVALID_INPUT.
 */
import { invalidInput } from '../../lwm2m/errors.js';
import type { ModelLookup, ResourceModel } from '../../lwm2m/model.js';
import type { Resource } from '../../lwm2m/node.js';
import { formatPath } from '../../lwm2m/path.js';
import { resourceForModel } from './resource-check.js';
import { sharedResource } from './shared-resources.js';

export function requireResourceModel(models: ModelLookup, objectId: number, resourceId: number): ResourceModel {
  const model = models.resource(objectId, resourceId);
  if (model === undefined) throw invalidInput(`object ${objectId} has no resource ${resourceId} in its model`);
  return model;
}

export function checkedLocalResource(models: ModelLookup, objectId: number, instanceId: number, resource: Resource): Resource {
  const model = requireResourceModel(models, objectId, resource.id);
  const checked = resourceForModel(model, resource);
  if (checked === undefined) {
    throw invalidInput(`${formatPath([objectId, instanceId, resource.id])} (${model.name}) does not accept that value: expected ${model.multiple ? 'multiple' : 'single'} ${model.type}${model.range ? ` in ${model.range}` : ''}`);
  }
  return sharedResource(checked);
}
