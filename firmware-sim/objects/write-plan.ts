/**
 * Write (Core §6.3.3) as a plan: every part of the request is checked before anything is
 * applied. Replace (PUT) swaps an instance's writable resources or a whole resource;
 * partial update (POST) only touches what the payload carries and merges the instances
 * of multiple resources.
 */
import { multipleResource, type LwM2mNode, type Resource } from '../../lwm2m/node.js';
import type { LwM2mPath } from '../../lwm2m/path.js';
import { RESPONSE_CODE, type ResponseCode } from '../../lwm2m/response-code.js';
import { isWritable } from './access.js';
import type { Mutation } from './mutations.js';
import { mergeInstances, resourceForModel } from './resource-check.js';
import type { TreeContext } from './tree-context.js';
import { valueFitsModel } from './value-check.js';

export type WriteMode = 'replace' | 'update';

export type WritePlan = { readonly code: ResponseCode; readonly mutations?: readonly Mutation[] };

const fail = (code: ResponseCode): WritePlan => ({ code });
const ok = (mutations: readonly Mutation[]): WritePlan => ({ code: RESPONSE_CODE.CHANGED, mutations });

/** Plans one resource of a write; `unknownCode` differs between a URI target (4.04) and a payload entry (4.00). */
function planResource(ctx: TreeContext, objectId: number, instanceId: number, resource: Resource, mode: WriteMode, unknownCode: ResponseCode): WritePlan {
  const model = ctx.models.resource(objectId, resource.id);
  if (model === undefined) return fail(unknownCode);
  if (!isWritable(model.operations)) return fail(RESPONSE_CODE.METHOD_NOT_ALLOWED);
  const checked = resourceForModel(model, resource);
  if (checked === undefined) return fail(RESPONSE_CODE.BAD_REQUEST);
  if (checked.kind === 'multiple' && mode === 'update') {
    const current = ctx.store.resource(objectId, instanceId, resource.id);
    const merged = multipleResource(model.id, model.type, mergeInstances(current, checked.instances));
    return ok([{ kind: 'put', objectId, instanceId, resource: merged }]);
  }
  return ok([{ kind: 'put', objectId, instanceId, resource: checked }]);
}

function planInstance(ctx: TreeContext, objectId: number, instanceId: number, node: LwM2mNode, mode: WriteMode): WritePlan {
  if (node.kind !== 'instance' || node.id !== instanceId) return fail(RESPONSE_CODE.BAD_REQUEST);
  const mutations: Mutation[] = [];
  for (const resource of node.resources.values()) {
    const plan = planResource(ctx, objectId, instanceId, resource, mode, RESPONSE_CODE.BAD_REQUEST);
    if (plan.mutations === undefined) return plan;
    mutations.push(...plan.mutations);
  }
  if (mode === 'replace') {
    // Replacing an instance drops the writable resources the payload left out; mandatory
    // ones cannot be dropped, so leaving them out makes the request invalid.
    for (const model of ctx.models.object(objectId)?.resources.values() ?? []) {
      if (!isWritable(model.operations) || node.resources.has(model.id)) continue;
      if (model.mandatory) return fail(RESPONSE_CODE.BAD_REQUEST);
      mutations.push({ kind: 'remove', objectId, instanceId, resourceId: model.id });
    }
  }
  return ok(mutations);
}

function planResourceInstance(ctx: TreeContext, path: readonly [number, number, number, number], node: LwM2mNode): WritePlan {
  const [objectId, instanceId, resourceId, resourceInstanceId] = path;
  const model = ctx.models.resource(objectId, resourceId);
  if (model === undefined || !model.multiple) return fail(RESPONSE_CODE.NOT_FOUND);
  if (!isWritable(model.operations)) return fail(RESPONSE_CODE.METHOD_NOT_ALLOWED);
  if (node.kind !== 'resourceInstance' || node.id !== resourceInstanceId || !valueFitsModel(model, node.value)) {
    return fail(RESPONSE_CODE.BAD_REQUEST);
  }
  const current = ctx.store.resource(objectId, instanceId, resourceId);
  const merged = multipleResource(resourceId, model.type, mergeInstances(current, new Map([[resourceInstanceId, node.value]])));
  return ok([{ kind: 'put', objectId, instanceId, resource: merged }]);
}

export function planWrite(ctx: TreeContext, path: LwM2mPath, node: LwM2mNode, mode: WriteMode): WritePlan {
  // Writing a whole object is a Bootstrap-Write; a DM server cannot (Core §6.3.3).
  if (path.length < 2) return fail(RESPONSE_CODE.METHOD_NOT_ALLOWED);
  const [objectId, instanceId, resourceId] = path as readonly [number, number, number?, number?];
  if (!ctx.store.hasInstance(objectId, instanceId)) return fail(RESPONSE_CODE.NOT_FOUND);
  if (path.length === 4) return planResourceInstance(ctx, path, node);
  if (resourceId === undefined) return planInstance(ctx, objectId, instanceId, node, mode);
  if ((node.kind !== 'single' && node.kind !== 'multiple') || node.id !== resourceId) return fail(RESPONSE_CODE.BAD_REQUEST);
  return planResource(ctx, objectId, instanceId, node, mode, RESPONSE_CODE.NOT_FOUND);
}
