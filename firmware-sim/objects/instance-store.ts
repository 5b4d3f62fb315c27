/**
 * The plain storage under the object tree: which objects the device supports, their
 * instances and resource values. No access rules and no validation here; ObjectTree
 * decides what may change and then changes it through this.
 */
import { singleResource, type Resource, type ResourceValue } from '../../lwm2m/node.js';
import type { ResourceType } from '../../lwm2m/model.js';

/** A resource whose value the device computes on each read (e.g. Current Time). */
export interface ValueBinding {
  read(): ResourceValue;
  /** Called instead of storing a written value; absent means the written value is stored. */
  write?(value: ResourceValue): void;
}

interface BoundResource {
  readonly type: ResourceType;
  readonly binding: ValueBinding;
}

type Instance = Map<number, Resource>;

function ascending(a: number, b: number): number {
  return a - b;
}

export class InstanceStore {
  readonly #objects = new Map<number, Map<number, Instance>>();
  readonly #bound = new Map<string, BoundResource>();

  supportObject(objectId: number): void {
    if (!this.#objects.has(objectId)) this.#objects.set(objectId, new Map());
  }

  isSupported(objectId: number): boolean {
    return this.#objects.has(objectId);
  }

  objectIds(): number[] {
    return [...this.#objects.keys()].sort(ascending);
  }

  instanceIds(objectId: number): number[] {
    return [...(this.#objects.get(objectId)?.keys() ?? [])].sort(ascending);
  }

  hasInstance(objectId: number, instanceId: number): boolean {
    return this.#objects.get(objectId)?.has(instanceId) ?? false;
  }

  /** Resource ids present in an instance, ascending. */
  resourceIds(objectId: number, instanceId: number): number[] {
    return [...(this.#objects.get(objectId)?.get(instanceId)?.keys() ?? [])].sort(ascending);
  }

  resource(objectId: number, instanceId: number, resourceId: number): Resource | undefined {
    const bound = this.#bound.get(key(objectId, instanceId, resourceId));
    if (bound !== undefined) return singleResource(resourceId, bound.type, bound.binding.read());
    return this.#objects.get(objectId)?.get(instanceId)?.get(resourceId);
  }

  binding(objectId: number, instanceId: number, resourceId: number): ValueBinding | undefined {
    return this.#bound.get(key(objectId, instanceId, resourceId))?.binding;
  }

  addInstance(objectId: number, instanceId: number): void {
    this.supportObject(objectId);
    this.#objects.get(objectId)?.set(instanceId, new Map());
  }

  deleteInstance(objectId: number, instanceId: number): void {
    this.#objects.get(objectId)?.delete(instanceId);
    const prefix = `${objectId}/${instanceId}/`;
    for (const k of this.#bound.keys()) if (k.startsWith(prefix)) this.#bound.delete(k);
  }

  putResource(objectId: number, instanceId: number, resource: Resource): void {
    this.#objects.get(objectId)?.get(instanceId)?.set(resource.id, resource);
  }

  removeResource(objectId: number, instanceId: number, resourceId: number): void {
    this.#objects.get(objectId)?.get(instanceId)?.delete(resourceId);
    this.#bound.delete(key(objectId, instanceId, resourceId));
  }

  /** Makes a single resource computed; the stored placeholder keeps it listed in its instance. */
  bind(objectId: number, instanceId: number, resourceId: number, type: ResourceType, binding: ValueBinding): void {
    this.putResource(objectId, instanceId, singleResource(resourceId, type, binding.read()));
    this.#bound.set(key(objectId, instanceId, resourceId), { type, binding });
  }
}

function key(objectId: number, instanceId: number, resourceId: number): string {
  return `${objectId}/${instanceId}/${resourceId}`;
}
