/**
 * Changes planned by write/create/delete after validation. Operations first build the
 * complete list, and only a fully valid request gets applied, so a bad part of a request
 * changes nothing.
 */
import type { Resource } from '../../lwm2m/node.js';
import type { LwM2mPath } from '../../lwm2m/path.js';
import type { InstanceStore } from './instance-store.js';
import { resourcesEqual } from './resource-check.js';

export type Mutation =
  | { readonly kind: 'addInstance'; readonly objectId: number; readonly instanceId: number }
  | { readonly kind: 'put'; readonly objectId: number; readonly instanceId: number; readonly resource: Resource }
  | { readonly kind: 'remove'; readonly objectId: number; readonly instanceId: number; readonly resourceId: number };

/** Applies mutations in order and returns the resource paths whose value actually changed. */
export function applyMutations(store: InstanceStore, mutations: readonly Mutation[]): LwM2mPath[] {
  const changed: LwM2mPath[] = [];
  for (const mutation of mutations) {
    const { objectId, instanceId } = mutation;
    switch (mutation.kind) {
      case 'addInstance':
        store.addInstance(objectId, instanceId);
        break;
      case 'put': {
        const { resource } = mutation;
        const before = store.resource(objectId, instanceId, resource.id);
        const binding = store.binding(objectId, instanceId, resource.id);
        if (binding?.write !== undefined && resource.kind === 'single') binding.write(resource.value);
        else store.putResource(objectId, instanceId, resource);
        if (!resourcesEqual(before, store.resource(objectId, instanceId, resource.id))) changed.push([objectId, instanceId, resource.id]);
        break;
      }
      case 'remove':
        if (store.resource(objectId, instanceId, mutation.resourceId) !== undefined) changed.push([objectId, instanceId, mutation.resourceId]);
        store.removeResource(objectId, instanceId, mutation.resourceId);
        break;
      default: {
        const unknown: never = mutation;
        throw new Error(`unhandled mutation ${JSON.stringify(unknown)}`);
      }
    }
  }
  return changed;
}
