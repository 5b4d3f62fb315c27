import type { ResourceType } from './model.js';

/** An Objlnk value: `objectId:instanceId` (Core §C). */
export interface ObjectLink {
  readonly objectId: number;
  readonly instanceId: number;
}

/**
 * A resource value in its typed form. Integers above 2^53 come as bigint; Time is a
 * Date with whole seconds; Opaque is a Uint8Array; Corelnk is its link-format text.
 */
export type ResourceValue = string | number | bigint | boolean | Uint8Array | Date | ObjectLink;

export interface SingleResource {
  readonly kind: 'single';
  readonly id: number;
  readonly type: ResourceType;
  readonly value: ResourceValue;
}

export interface MultipleResource {
  readonly kind: 'multiple';
  readonly id: number;
  readonly type: ResourceType;
  readonly instances: ReadonlyMap<number, ResourceValue>;
}

export type Resource = SingleResource | MultipleResource;

export interface ResourceInstance {
  readonly kind: 'resourceInstance';
  readonly id: number;
  readonly type: ResourceType;
  readonly value: ResourceValue;
}

export interface ObjectInstance {
  readonly kind: 'instance';
  readonly id: number;
  readonly resources: ReadonlyMap<number, Resource>;
}

export interface LwM2mObject {
  readonly kind: 'object';
  readonly id: number;
  readonly instances: ReadonlyMap<number, ObjectInstance>;
}

/** The content of a read, write, create, notify or send, at any level of the tree. */
export type LwM2mNode = LwM2mObject | ObjectInstance | Resource | ResourceInstance;

export function singleResource(id: number, type: ResourceType, value: ResourceValue): SingleResource {
  return { kind: 'single', id, type, value };
}

export function multipleResource(id: number, type: ResourceType, instances: Iterable<readonly [number, ResourceValue]>): MultipleResource {
  return { kind: 'multiple', id, type, instances: new Map(instances) };
}

export function resourceInstance(id: number, type: ResourceType, value: ResourceValue): ResourceInstance {
  return { kind: 'resourceInstance', id, type, value };
}

export function objectInstance(id: number, resources: Iterable<Resource>): ObjectInstance {
  return { kind: 'instance', id, resources: new Map([...resources].map((r) => [r.id, r])) };
}

export function lwm2mObject(id: number, instances: Iterable<ObjectInstance>): LwM2mObject {
  return { kind: 'object', id, instances: new Map([...instances].map((i) => [i.id, i])) };
}

export function isObjectLink(value: unknown): value is ObjectLink {
  return typeof value === 'object' && value !== null && !(value instanceof Uint8Array) && !(value instanceof Date) && 'objectId' in value && 'instanceId' in value;
}
