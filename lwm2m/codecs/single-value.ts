import { invalidInput } from '../errors.js';
import type { ModelLookup, ResourceType } from '../model.js';
import type { LwM2mNode, ResourceInstance, ResourceValue, SingleResource } from '../node.js';
import { formatPath, type LwM2mPath } from '../path.js';

/**
 * Helpers for the formats that carry exactly one value and no ids (text, opaque):
 * the path alone says which resource or resource instance the bytes belong to.
 */

export interface SingleValue {
  readonly type: ResourceType;
  readonly value: ResourceValue;
}

/** The value of a single resource at /o/i/r or a resource instance at /o/i/r/ri. */
export function singleValueFromNode(path: LwM2mPath, node: LwM2mNode, format: string): SingleValue {
  const where = formatPath(path);
  if (path.length === 3) {
    if (node.kind !== 'single') throw invalidInput(`${format} carries one value; cannot encode a ${node.kind} node at ${where}`);
    if (node.id !== path[2]) throw invalidInput(`${format}: resource ${node.id} does not match path ${where}`);
    return node;
  }
  if (path.length === 4) {
    if (node.kind !== 'resourceInstance') throw invalidInput(`${format} at ${where} needs a resource instance, got a ${node.kind} node`);
    if (node.id !== path[3]) throw invalidInput(`${format}: resource instance ${node.id} does not match path ${where}`);
    return node;
  }
  throw invalidInput(`${format} carries only a resource or resource instance, not ${where}`);
}

/**
 * The model's type for the single value at `path`, or undefined when no model knows it.
 * Rejects paths that cannot hold one value: object, instance, a multiple resource
 * as a whole, or an instance of a single resource.
 */
export function singleValueModelType(path: LwM2mPath, models: ModelLookup, format: string): ResourceType | undefined {
  const where = formatPath(path);
  if (path.length !== 3 && path.length !== 4) {
    throw invalidInput(`${format} carries only a resource or resource instance, not ${where}`);
  }
  const model = models.resource(path[0], path[2]);
  if (model === undefined) return undefined;
  if (path.length === 3 && model.multiple) throw invalidInput(`${format} cannot carry multiple resource ${where} as a whole`);
  if (path.length === 4 && !model.multiple) throw invalidInput(`${where}: resource ${path[2]} is single-instance and has no resource instances`);
  return model.type;
}

/** The node a single-value decoder returns for `path` (which must be 3 or 4 long). */
export function singleValueNode(path: LwM2mPath, type: ResourceType, value: ResourceValue): SingleResource | ResourceInstance {
  if (path.length === 3) return { kind: 'single', id: path[2], type, value };
  if (path.length === 4) return { kind: 'resourceInstance', id: path[3], type, value };
  throw invalidInput(`a single value needs a resource or resource instance path, not ${formatPath(path)}`);
}
