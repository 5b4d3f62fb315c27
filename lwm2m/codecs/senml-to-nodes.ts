import type { TimestampedNode } from '../codec.js';
import { invalidInput } from '../errors.js';
import type { ModelLookup, ResourceType } from '../model.js';
import {
  lwm2mObject,
  multipleResource,
  objectInstance,
  resourceInstance,
  singleResource,
  type LwM2mNode,
  type LwM2mObject,
  type Resource,
  type ResourceValue,
} from '../node.js';
import { formatPath, isPathWithin, type LwM2mPath, type ResourceInstancePath, type ResourcePath } from '../path.js';
import type { SenmlRecord } from './senml-records.js';
import { resolveRecords, type ResolvedRecord } from './senml-resolve.js';
import { inferredType, typedFromSenml, type SenmlValue } from './senml-values.js';

/** SenML records to LwM2M nodes: one node at a target path, timestamped resources, or bare paths. */

interface ValuedRecord {
  readonly path: ResourcePath | ResourceInstancePath;
  readonly time?: Date;
  readonly value: SenmlValue;
}

/** LwM2M values live on resources and resource instances; anything else is not a value record. */
function valuedRecords(records: readonly ResolvedRecord[]): ValuedRecord[] {
  return records.map((record) => {
    const { path, value } = record;
    if (value === undefined) throw invalidInput(`SenML record for ${formatPath(path)} carries no value`);
    if (path.length !== 3 && path.length !== 4) throw invalidInput(`SenML record for ${formatPath(path)} carries a value but does not name a resource or resource instance`);
    return { ...record, path, value };
  });
}

/** A resource being assembled from its records; single resources keep their value under id 0. */
interface ResourceDraft {
  readonly path: ResourcePath;
  readonly multiple: boolean;
  type: ResourceType;
  readonly values: Map<number, ResourceValue>;
}

const NUMERIC_TYPES: ReadonlySet<ResourceType> = new Set(['integer', 'unsigned', 'float']);

/** Without a model, instances of one resource may guess different numeric types (1 and 1.5): both are floats then. */
function unifyTypes(draft: ResourceDraft, type: ResourceType, where: string): void {
  if (draft.type === type) return;
  if (!NUMERIC_TYPES.has(draft.type) || !NUMERIC_TYPES.has(type)) throw invalidInput(`${where}: resource mixes ${draft.type} and ${type} values`);
  draft.type = 'float';
  for (const [id, value] of draft.values) draft.values.set(id, Number(value));
}

function draftsFromRecords(records: readonly ValuedRecord[], models: ModelLookup): ResourceDraft[] {
  const drafts = new Map<string, ResourceDraft>();
  for (const record of records) {
    const [objectId, instanceId, resourceId, resourceInstanceId] = record.path;
    const where = formatPath(record.path);
    const model = models.resource(objectId, resourceId);
    const isInstanceValue = resourceInstanceId !== undefined;
    if (model !== undefined && model.multiple !== isInstanceValue) {
      throw invalidInput(model.multiple ? `${where}: resource is multiple-instance, its values need a resource instance id` : `${where}: resource ${resourceId} is single-instance and has no resource instances`);
    }
    const type = model?.type ?? inferredType(record.value);
    let value = typedFromSenml(type, record.value, where);
    const path: ResourcePath = [objectId, instanceId, resourceId];
    const key = formatPath(path);
    let draft = drafts.get(key);
    if (draft === undefined) {
      draft = { path, multiple: isInstanceValue, type, values: new Map() };
      drafts.set(key, draft);
    } else if (draft.multiple !== isInstanceValue) {
      throw invalidInput(`${key} appears both as a single value and as resource instances`);
    }
    const slot = resourceInstanceId ?? 0;
    if (draft.values.has(slot)) throw invalidInput(`${where} appears more than once`);
    unifyTypes(draft, type, key);
    if (draft.type !== type) value = Number(value);
    draft.values.set(slot, value);
  }
  return [...drafts.values()];
}

function resourceFromDraft(draft: ResourceDraft): Resource {
  const id = draft.path[2];
  if (draft.multiple) return multipleResource(id, draft.type, draft.values);
  const value = draft.values.get(0);
  if (value === undefined) throw invalidInput(`${formatPath(draft.path)} carries no value`);
  return singleResource(id, draft.type, value);
}

function objectsFromDrafts(drafts: readonly ResourceDraft[]): LwM2mObject[] {
  const tree = new Map<number, Map<number, Resource[]>>();
  for (const draft of drafts) {
    const [objectId, instanceId] = draft.path;
    const instances = tree.get(objectId) ?? new Map<number, Resource[]>();
    tree.set(objectId, instances);
    const resources = instances.get(instanceId) ?? [];
    instances.set(instanceId, resources);
    resources.push(resourceFromDraft(draft));
  }
  return [...tree].map(([objectId, instances]) => lwm2mObject(objectId, [...instances].map(([id, resources]) => objectInstance(id, resources))));
}

function resourceAt(target: ResourcePath, drafts: readonly ResourceDraft[], models: ModelLookup): Resource {
  const [draft] = drafts;
  if (draft !== undefined) return resourceFromDraft(draft);
  // An empty multiple resource has no records at all; only the model can tell it from a missing value.
  const model = models.resource(target[0], target[2]);
  if (model?.multiple) return multipleResource(target[2], model.type, []);
  throw invalidInput(`SenML payload carries no value for ${formatPath(target)}`);
}

/** The node at `target` (a read response, a write or a notification) from its records. */
export function nodeFromRecords(target: LwM2mPath, records: readonly SenmlRecord[], models: ModelLookup): LwM2mNode {
  const valued = valuedRecords(resolveRecords(records));
  for (const record of valued) {
    if (!isPathWithin(record.path, target)) throw invalidInput(`SenML record for ${formatPath(record.path)} lies outside the target ${formatPath(target)}`);
  }
  const drafts = draftsFromRecords(valued, models);
  switch (target.length) {
    case 4: {
      const value = drafts[0]?.values.get(target[3]);
      if (drafts[0] === undefined || value === undefined) throw invalidInput(`SenML payload carries no value for ${formatPath(target)}`);
      return resourceInstance(target[3], drafts[0].type, value);
    }
    case 3:
      return resourceAt(target, drafts, models);
    case 2:
      return objectInstance(target[1], drafts.map(resourceFromDraft));
    case 1:
      return objectsFromDrafts(drafts)[0] ?? lwm2mObject(target[0], []);
    case 0: {
      const objects = objectsFromDrafts(drafts);
      const [object] = objects;
      if (object === undefined || objects.length > 1) throw invalidInput(`a SenML payload for / must hold exactly one object, found ${objects.length}`);
      return object;
    }
  }
}

/**
 * The resources of a multi-path payload (Send, Read-Composite response), one node per
 * resource and time, in the order they first appear: a history of one resource comes out
 * as several nodes.
 */
export function timestampedNodesFromRecords(records: readonly SenmlRecord[], models: ModelLookup): TimestampedNode[] {
  const groups = new Map<string, ValuedRecord[]>();
  for (const record of valuedRecords(resolveRecords(records))) {
    const key = `${record.path.slice(0, 3).join('/')}@${record.time?.getTime() ?? ''}`;
    const group = groups.get(key) ?? [];
    groups.set(key, group);
    group.push(record);
  }
  return [...groups.values()].map((group) => {
    const [draft] = draftsFromRecords(group, models);
    if (draft === undefined) throw invalidInput('SenML payload has an empty resource group');
    const time = group[0]?.time;
    return { path: draft.path, node: resourceFromDraft(draft), ...(time && { time }) };
  });
}

/** The paths a Read-Composite or Observe-Composite request names; values, if any, are ignored. */
export function pathsFromRecords(records: readonly SenmlRecord[]): LwM2mPath[] {
  return resolveRecords(records).map((record) => record.path);
}
