/**
 * The state every tree operation works on, passed to the operation modules so each can
 * stay a plain function.
 */
import type { ModelLookup } from '../../lwm2m/model.js';
import type { AttributeStore } from './attribute-store.js';
import type { InstanceStore } from './instance-store.js';
import { isExecutable } from './access.js';

export interface TreeContext {
  readonly models: ModelLookup;
  readonly store: InstanceStore;
  readonly attributes: AttributeStore;
}

/**
 * Resource ids an instance exposes: those holding a value plus every executable of the
 * object's model (an executable has no value to store, and the simulator implements all
 * executables of the objects it supports; unhandled ones just answer 2.04).
 */
export function presentResourceIds(ctx: TreeContext, objectId: number, instanceId: number): number[] {
  const ids = new Set(ctx.store.resourceIds(objectId, instanceId));
  for (const model of ctx.models.object(objectId)?.resources.values() ?? []) {
    if (isExecutable(model.operations)) ids.add(model.id);
  }
  return [...ids].sort((a, b) => a - b);
}
