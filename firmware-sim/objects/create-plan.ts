/**
 * Create (Core §6.3.6) as a plan: the new instance starts from the device's defaults for
 * the object, the payload overrides them, and all mandatory valued resources must end up
 * present.
 */
import type { Resource } from '../../lwm2m/node.js';
import { MAX_ID } from '../../lwm2m/path.js';
import { RESPONSE_CODE, type ResponseCode } from '../../lwm2m/response-code.js';
import { isExecutable } from './access.js';
import type { Mutation } from './mutations.js';
import { resourceForModel } from './resource-check.js';
import type { TreeContext } from './tree-context.js';

/** What a Create carries: an instance whose id the client picks when absent. */
export interface NewInstance {
  readonly id?: number;
  readonly resources: ReadonlyMap<number, Resource>;
}

/** Values the device gives a new instance before the payload is applied. */
export type InstanceDefaults = (instanceId: number) => Iterable<Resource>;

export type CreatePlan = { readonly code: ResponseCode; readonly instanceId?: number; readonly mutations?: readonly Mutation[] };

const fail = (code: ResponseCode): CreatePlan => ({ code });

function lowestFreeId(ctx: TreeContext, objectId: number): number | undefined {
  const used = new Set(ctx.store.instanceIds(objectId));
  for (let id = 0; id <= MAX_ID; id++) if (!used.has(id)) return id;
  return undefined;
}

export function planCreate(ctx: TreeContext, objectId: number, instance: NewInstance, defaults: InstanceDefaults | undefined): CreatePlan {
  const objectModel = ctx.models.object(objectId);
  if (objectModel === undefined || !ctx.store.isSupported(objectId)) return fail(RESPONSE_CODE.NOT_FOUND);
  if (!objectModel.multiple && ctx.store.instanceIds(objectId).length > 0) return fail(RESPONSE_CODE.BAD_REQUEST);
  const instanceId = instance.id ?? lowestFreeId(ctx, objectId);
  if (instanceId === undefined || !Number.isInteger(instanceId) || instanceId < 0 || instanceId > MAX_ID) return fail(RESPONSE_CODE.BAD_REQUEST);
  if (ctx.store.hasInstance(objectId, instanceId)) return fail(RESPONSE_CODE.BAD_REQUEST);

  const resources = new Map<number, Resource>();
  for (const resource of defaults?.(instanceId) ?? []) {
    const model = ctx.models.resource(objectId, resource.id);
    const checked = model && resourceForModel(model, resource);
    // Defaults come from the device itself, so a misfit is the device's fault: 5.00.
    if (!checked) return fail(RESPONSE_CODE.INTERNAL_SERVER_ERROR);
    resources.set(checked.id, checked);
  }
  for (const resource of instance.resources.values()) {
    const model = ctx.models.resource(objectId, resource.id);
    if (model === undefined || isExecutable(model.operations)) return fail(RESPONSE_CODE.BAD_REQUEST);
    const checked = resourceForModel(model, resource);
    if (checked === undefined) return fail(RESPONSE_CODE.BAD_REQUEST);
    resources.set(checked.id, checked);
  }
  for (const model of objectModel.resources.values()) {
    if (model.mandatory && !isExecutable(model.operations) && !resources.has(model.id)) return fail(RESPONSE_CODE.BAD_REQUEST);
  }
  const mutations: Mutation[] = [{ kind: 'addInstance', objectId, instanceId }];
  for (const resource of resources.values()) mutations.push({ kind: 'put', objectId, instanceId, resource });
  return { code: RESPONSE_CODE.CREATED, instanceId, mutations };
}
