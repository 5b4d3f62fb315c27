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

/**
 * Instances and resources are kept in small arrays sorted by id rather than Maps: a
 * device holds a few dozen of them, a fleet holds thousands of devices, and an empty Map
 * costs more than a short array scanned linearly.
 */
interface Instance {
  readonly id: number;
  /** Sorted by resource id. */
  readonly resources: Resource[];
}

interface ObjectEntry {
  readonly id: number;
  /** Sorted by instance id. */
  readonly instances: Instance[];
}

/** Index of the entry with `id` in `sorted`, or -(insertion point) - 1 when absent. */
function indexOfId(sorted: readonly { readonly id: number }[], id: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const at = sorted[mid]!.id;
    if (at === id) return mid;
    if (at < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return -lo - 1;
}

function find<T extends { readonly id: number }>(sorted: readonly T[] | undefined, id: number): T | undefined {
  if (sorted === undefined) return undefined;
  const at = indexOfId(sorted, id);
  return at >= 0 ? sorted[at] : undefined;
}

/** Puts `entry` in place of the one with its id, or inserts it in order. */
function upsert<T extends { readonly id: number }>(sorted: T[], entry: T): void {
  const at = indexOfId(sorted, entry.id);
  if (at >= 0) sorted[at] = entry;
  else sorted.splice(-at - 1, 0, entry);
}

function remove(sorted: { readonly id: number }[], id: number): void {
  const at = indexOfId(sorted, id);
  if (at >= 0) sorted.splice(at, 1);
}

export class InstanceStore {
  readonly #objects: ObjectEntry[] = [];
  #bound: Map<string, BoundResource> | undefined;

  supportObject(objectId: number): void {
    if (!find(this.#objects, objectId)) upsert(this.#objects, { id: objectId, instances: [] });
  }

  isSupported(objectId: number): boolean {
    return find(this.#objects, objectId) !== undefined;
  }

  objectIds(): number[] {
    return this.#objects.map((o) => o.id);
  }

  instanceIds(objectId: number): number[] {
    return find(this.#objects, objectId)?.instances.map((i) => i.id) ?? [];
  }

  hasInstance(objectId: number, instanceId: number): boolean {
    return this.#instance(objectId, instanceId) !== undefined;
  }

  /** Resource ids present in an instance, ascending. */
  resourceIds(objectId: number, instanceId: number): number[] {
    return this.#instance(objectId, instanceId)?.resources.map((r) => r.id) ?? [];
  }

  resource(objectId: number, instanceId: number, resourceId: number): Resource | undefined {
    const bound = this.#bound?.get(key(objectId, instanceId, resourceId));
    if (bound !== undefined) return singleResource(resourceId, bound.type, bound.binding.read());
    return find(this.#instance(objectId, instanceId)?.resources, resourceId);
  }

  binding(objectId: number, instanceId: number, resourceId: number): ValueBinding | undefined {
    return this.#bound?.get(key(objectId, instanceId, resourceId))?.binding;
  }

  addInstance(objectId: number, instanceId: number): void {
    this.supportObject(objectId);
    upsert(find(this.#objects, objectId)!.instances, { id: instanceId, resources: [] });
  }

  deleteInstance(objectId: number, instanceId: number): void {
    const object = find(this.#objects, objectId);
    if (object) remove(object.instances, instanceId);
    if (this.#bound === undefined) return;
    const prefix = `${objectId}/${instanceId}/`;
    for (const k of this.#bound.keys()) if (k.startsWith(prefix)) this.#bound.delete(k);
  }

  putResource(objectId: number, instanceId: number, resource: Resource): void {
    const instance = this.#instance(objectId, instanceId);
    if (instance) upsert(instance.resources, resource);
  }

  removeResource(objectId: number, instanceId: number, resourceId: number): void {
    const instance = this.#instance(objectId, instanceId);
    if (instance) remove(instance.resources, resourceId);
    this.#bound?.delete(key(objectId, instanceId, resourceId));
  }

  /** Makes a single resource computed; the stored placeholder keeps it listed in its instance. */
  bind(objectId: number, instanceId: number, resourceId: number, type: ResourceType, binding: ValueBinding): void {
    this.putResource(objectId, instanceId, singleResource(resourceId, type, binding.read()));
    (this.#bound ??= new Map()).set(key(objectId, instanceId, resourceId), { type, binding });
  }

  #instance(objectId: number, instanceId: number): Instance | undefined {
    return find(find(this.#objects, objectId)?.instances, instanceId);
  }
}

function key(objectId: number, instanceId: number, resourceId: number): string {
  return `${objectId}/${instanceId}/${resourceId}`;
}
