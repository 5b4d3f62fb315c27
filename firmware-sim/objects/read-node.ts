/**
 * Read (Core §6.3.1) at any level, as a DM server is allowed to see it: only readable
 * resources appear in object and instance reads.
 */
import { lwm2mObject, objectInstance, resourceInstance, type LwM2mNode, type ObjectInstance, type Resource } from '../../lwm2m/node.js';
import type { LwM2mPath } from '../../lwm2m/path.js';
import { RESPONSE_CODE, type ResponseCode } from '../../lwm2m/response-code.js';
import { isReadable } from './access.js';
import type { TreeContext } from './tree-context.js';

export interface ReadResult {
  readonly code: ResponseCode;
  /** Present with 2.05. */
  readonly node?: LwM2mNode;
}

const NOT_FOUND: ReadResult = { code: RESPONSE_CODE.NOT_FOUND };

function readableResources(ctx: TreeContext, objectId: number, instanceId: number): Resource[] {
  const resources: Resource[] = [];
  for (const id of ctx.store.resourceIds(objectId, instanceId)) {
    const model = ctx.models.resource(objectId, id);
    const resource = ctx.store.resource(objectId, instanceId, id);
    if (model && resource && isReadable(model.operations)) resources.push(resource);
  }
  return resources;
}

function readInstance(ctx: TreeContext, objectId: number, instanceId: number): ObjectInstance {
  return objectInstance(instanceId, readableResources(ctx, objectId, instanceId));
}

export function readNode(ctx: TreeContext, path: LwM2mPath): ReadResult {
  if (path.length === 0) return { code: RESPONSE_CODE.METHOD_NOT_ALLOWED };
  const [objectId, instanceId, resourceId, resourceInstanceId] = path;
  if (!ctx.store.isSupported(objectId)) return NOT_FOUND;
  if (instanceId === undefined) {
    const instances = ctx.store.instanceIds(objectId).map((id) => readInstance(ctx, objectId, id));
    return { code: RESPONSE_CODE.CONTENT, node: lwm2mObject(objectId, instances) };
  }
  if (!ctx.store.hasInstance(objectId, instanceId)) return NOT_FOUND;
  if (resourceId === undefined) return { code: RESPONSE_CODE.CONTENT, node: readInstance(ctx, objectId, instanceId) };

  const model = ctx.models.resource(objectId, resourceId);
  if (model === undefined) return NOT_FOUND;
  if (!isReadable(model.operations)) return { code: RESPONSE_CODE.METHOD_NOT_ALLOWED };
  const resource = ctx.store.resource(objectId, instanceId, resourceId);
  if (resource === undefined) return NOT_FOUND;
  if (resourceInstanceId === undefined) return { code: RESPONSE_CODE.CONTENT, node: resource };

  if (resource.kind !== 'multiple') return NOT_FOUND;
  const value = resource.instances.get(resourceInstanceId);
  if (value === undefined) return NOT_FOUND;
  return { code: RESPONSE_CODE.CONTENT, node: resourceInstance(resourceInstanceId, resource.type, value) };
}
