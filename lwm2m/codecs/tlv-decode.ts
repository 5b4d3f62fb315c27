import { invalidInput } from '../errors.js';
import type { ModelLookup, ResourceType } from '../model.js';
import type { LwM2mNode, LwM2mObject, ObjectInstance, Resource, ResourceInstance, ResourceValue } from '../node.js';
import { formatPath, type LwM2mPath } from '../path.js';
import { readTlvEntries, type TlvEntry, type TlvKind } from './tlv-entry.js';
import { valueFromTlv } from './tlv-values.js';

/**
 * TLV bytes to a node tree rooted at the request path. Types come from the model; a
 * resource no model knows stays raw bytes ('opaque'), and whether it is single or
 * multiple follows the TLV identifier type, so nothing the device sent is lost.
 */

const KIND_NAMES: Readonly<Record<TlvKind, string>> = {
  objectInstance: 'object instance',
  resourceInstance: 'resource instance',
  multipleResource: 'multiple resource',
  resourceValue: 'resource',
};

function typeOf(models: ModelLookup, objectId: number, resourceId: number): ResourceType {
  return models.resource(objectId, resourceId)?.type ?? 'opaque';
}

function unexpected(entry: TlvEntry, where: string): never {
  throw invalidInput(`TLV for ${where} cannot contain a ${KIND_NAMES[entry.kind]} entry (id ${entry.id})`);
}

function instancesOfResource(path: readonly [number, number, number], entries: readonly TlvEntry[], type: ResourceType): Map<number, ResourceValue> {
  const where = formatPath(path);
  const values = new Map<number, ResourceValue>();
  for (const entry of entries) {
    if (entry.kind !== 'resourceInstance') unexpected(entry, where);
    if (values.has(entry.id)) throw invalidInput(`TLV for ${where} repeats resource instance ${entry.id}`);
    values.set(entry.id, valueFromTlv(type, entry.value, `${where}/${entry.id}`));
  }
  return values;
}

function resourceFromEntry(objectId: number, instanceId: number, entry: TlvEntry, models: ModelLookup): Resource {
  const path = [objectId, instanceId, entry.id] as const;
  const type = typeOf(models, objectId, entry.id);
  if (entry.kind === 'resourceValue') {
    return { kind: 'single', id: entry.id, type, value: valueFromTlv(type, entry.value, formatPath(path)) };
  }
  if (entry.kind === 'multipleResource') {
    return { kind: 'multiple', id: entry.id, type, instances: instancesOfResource(path, readTlvEntries(entry.value), type) };
  }
  return unexpected(entry, formatPath([objectId, instanceId]));
}

function instanceFromEntries(objectId: number, instanceId: number, entries: readonly TlvEntry[], models: ModelLookup): ObjectInstance {
  const where = formatPath([objectId, instanceId]);
  const resources = new Map<number, Resource>();
  for (const entry of entries) {
    if (resources.has(entry.id)) throw invalidInput(`TLV for ${where} repeats resource ${entry.id}`);
    resources.set(entry.id, resourceFromEntry(objectId, instanceId, entry, models));
  }
  return { kind: 'instance', id: instanceId, resources };
}

function objectFromTlv(objectId: number, payload: Uint8Array, models: ModelLookup): LwM2mObject {
  const where = formatPath([objectId]);
  const instances = new Map<number, ObjectInstance>();
  for (const entry of readTlvEntries(payload)) {
    if (entry.kind !== 'objectInstance') unexpected(entry, where);
    if (instances.has(entry.id)) throw invalidInput(`TLV for ${where} repeats instance ${entry.id}`);
    instances.set(entry.id, instanceFromEntries(objectId, entry.id, readTlvEntries(entry.value), models));
  }
  return { kind: 'object', id: objectId, instances };
}

function instanceFromTlv(objectId: number, instanceId: number, payload: Uint8Array, models: ModelLookup): ObjectInstance {
  let entries = readTlvEntries(payload);
  // Core §7.4.3 lets the resources stand alone here, but some clients wrap them in
  // one object-instance entry; accept that when it names this instance.
  const [first] = entries;
  if (entries.length === 1 && first?.kind === 'objectInstance') {
    if (first.id !== instanceId) throw invalidInput(`TLV for ${formatPath([objectId, instanceId])} wraps instance ${first.id}`);
    entries = readTlvEntries(first.value);
  }
  return instanceFromEntries(objectId, instanceId, entries, models);
}

function resourceFromTlv(path: readonly [number, number, number], payload: Uint8Array, models: ModelLookup): Resource {
  const where = formatPath(path);
  const entries = readTlvEntries(payload);
  const [first] = entries;
  if (first === undefined) throw invalidInput(`TLV for ${where} is empty`);
  // Some clients send a multiple resource as bare resource-instance entries, without the wrapper.
  if (first.kind === 'resourceInstance') {
    const type = typeOf(models, path[0], path[2]);
    return { kind: 'multiple', id: path[2], type, instances: instancesOfResource(path, entries, type) };
  }
  if (entries.length > 1) throw invalidInput(`TLV for ${where} must hold one resource, got ${entries.length} entries`);
  if (first.id !== path[2]) throw invalidInput(`TLV for ${where} holds resource ${first.id}`);
  return resourceFromEntry(path[0], path[1], first, models);
}

function resourceInstanceFromTlv(path: readonly [number, number, number, number], payload: Uint8Array, models: ModelLookup): ResourceInstance {
  const where = formatPath(path);
  const entries = readTlvEntries(payload);
  const [first] = entries;
  if (first === undefined || entries.length > 1) throw invalidInput(`TLV for ${where} must hold exactly one resource instance, got ${entries.length} entries`);
  if (first.kind !== 'resourceInstance') unexpected(first, where);
  if (first.id !== path[3]) throw invalidInput(`TLV for ${where} holds resource instance ${first.id}`);
  const type = typeOf(models, path[0], path[2]);
  return { kind: 'resourceInstance', id: first.id, type, value: valueFromTlv(type, first.value, where) };
}

export function nodeFromTlv(path: LwM2mPath, payload: Uint8Array, models: ModelLookup): LwM2mNode {
  switch (path.length) {
    case 0:
      throw invalidInput('TLV cannot carry the root path /');
    case 1:
      return objectFromTlv(path[0], payload, models);
    case 2:
      return instanceFromTlv(path[0], path[1], payload, models);
    case 3:
      return resourceFromTlv(path, payload, models);
    case 4:
      return resourceInstanceFromTlv(path, payload, models);
  }
}
