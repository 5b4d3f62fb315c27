import { z } from 'zod';
import type { MultiNodeCodec, TimestampedNode } from '../codec.js';
import type { ContentFormat } from '../content-format.js';
import { invalidInput, type FarsideError } from '../errors.js';
import type { ModelLookup, ResourceType } from '../model.js';
import {
  isObjectLink,
  lwm2mObject,
  multipleResource,
  objectInstance,
  resourceInstance,
  singleResource,
  type LwM2mNode,
  type LwM2mObject,
  type ObjectLink,
  type Resource,
  type ResourceValue,
} from '../node.js';
import { formatPath, isPathWithin, MAX_ID, parsePath, type LwM2mPath, type ResourceInstancePath, type ResourcePath } from '../path.js';
import { bigIntFromValue, dateFromSeconds, INT64_MAX, INT64_MIN, integerFromBigInt, secondsFromDate, UINT64_MAX } from './int64.js';

/**
 * The SenML record model (RFC 8428) shared by SenML JSON (110) and SenML CBOR (112),
 * and its LwM2M mapping (LwM2M 1.1 Core §7.4.4, §7.4.5). The two formats differ only
 * in syntax; each turns its bytes into `SenmlRecord`s and back, everything else is here.
 */

/** One SenML record with the fields LwM2M uses; `vd` already as bytes whatever the syntax. */
export interface SenmlRecord {
  readonly bn?: string;
  readonly bt?: number;
  readonly bv?: number;
  readonly n?: string;
  readonly t?: number;
  readonly v?: number | bigint;
  readonly vs?: string;
  readonly vb?: boolean;
  readonly vd?: Uint8Array;
  /** Object link `3:0`: an LwM2M extension (Core §7.4.4), not in RFC 8428. */
  readonly vlo?: string;
}

/** RFC 8428 §4.5.3: a time below 2^28 s is relative to now; from there on, seconds since the epoch. */
export const SENML_RELATIVE_TIME_LIMIT_S = 2 ** 28;

/**
 * Zod fields both syntaxes share (RFC 8428 §4.1 base, §4.2 regular fields); `v` and `vd` differ by syntax.
 * Fields LwM2M ignores (units, sums, update time, version) are still type-checked,
 * since a record with a wrongly typed field is malformed.
 */
export const SENML_COMMON_FIELDS = {
  bn: z.string().optional(),
  bt: z.number().optional(),
  bu: z.string().optional(),
  bv: z.number().optional(),
  bs: z.number().optional(),
  bver: z.number().optional(),
  n: z.string().optional(),
  u: z.string().optional(),
  s: z.number().optional(),
  t: z.number().optional(),
  ut: z.number().optional(),
  vs: z.string().optional(),
  vb: z.boolean().optional(),
  vlo: z.string().optional(),
};

/** Turns the first zod issue into an invalid-input error naming the record and field. */
export function shapeError(syntax: string, error: z.ZodError): FarsideError {
  const issue = error.issues[0];
  if (issue === undefined) return invalidInput(`${syntax} payload has the wrong shape`);
  const [record, field] = issue.path;
  const where = record === undefined ? '' : field === undefined ? ` in record ${String(record)}` : ` in record ${String(record)}, field "${String(field)}"`;
  return invalidInput(`${syntax} payload has the wrong shape${where}: ${issue.message}`, error);
}

/** RFC 8428 §4.4: a field whose label ends in `_` must be understood, and we understand none. */
export function rejectMustUnderstand(label: string, syntax: string, index: number): void {
  if (label.endsWith('_')) throw invalidInput(`${syntax} record ${index} has the must-understand field "${label.slice(0, 40)}", which LwM2M does not define`);
}

// ---------------------------------------------------------------------------------------
// Resolution (RFC 8428 §4.6): base fields folded into each record.

export type SenmlValue =
  | { readonly field: 'v'; readonly value: number | bigint }
  | { readonly field: 'vs'; readonly value: string }
  | { readonly field: 'vb'; readonly value: boolean }
  | { readonly field: 'vd'; readonly value: Uint8Array }
  | { readonly field: 'vlo'; readonly value: string };

export interface ResolvedRecord {
  readonly path: LwM2mPath;
  readonly time?: Date;
  readonly value?: SenmlValue;
}

const VALUE_FIELDS = ['v', 'vs', 'vb', 'vd', 'vlo'] as const;

// Canonical ids only: a base name "/3/0" followed by n "0" must not pass as /3/00 = /3/0.
const NAME_PATTERN = /^\/?(?:(?:0|[1-9]\d*)(?:\/(?:0|[1-9]\d*)){0,3}\/?)?$/;

function pathFromName(name: string, where: string): LwM2mPath {
  if (name === '') throw invalidInput(`${where} has no name (bn + n is empty)`);
  if (!NAME_PATTERN.test(name)) throw invalidInput(`${where}: name "${name.slice(0, 60)}" is not an LwM2M path`);
  return parsePath(name);
}

function timeOf(baseTime: number | undefined, time: number | undefined, nowMs: number, where: string): Date | undefined {
  if (baseTime === undefined && time === undefined) return undefined;
  const seconds = (baseTime ?? 0) + (time ?? 0);
  const ms = seconds < SENML_RELATIVE_TIME_LIMIT_S ? nowMs + seconds * 1000 : seconds * 1000;
  const date = new Date(Math.round(ms));
  if (Number.isNaN(date.getTime())) throw invalidInput(`${where}: time ${seconds} s is out of range`);
  return date;
}

function withBaseValue(value: number | bigint, baseValue: number | undefined): number | bigint {
  if (baseValue === undefined) return value;
  if (typeof value === 'number') return value + baseValue;
  return Number.isInteger(baseValue) ? value + BigInt(baseValue) : Number(value) + baseValue;
}

function valueOf(record: SenmlRecord, baseValue: number | undefined, where: string): SenmlValue | undefined {
  const present = VALUE_FIELDS.filter((field) => record[field] !== undefined);
  if (present.length > 1) throw invalidInput(`${where} carries more than one value (${present.join(', ')})`);
  if (record.v !== undefined) return { field: 'v', value: withBaseValue(record.v, baseValue) };
  if (record.vs !== undefined) return { field: 'vs', value: record.vs };
  if (record.vb !== undefined) return { field: 'vb', value: record.vb };
  if (record.vd !== undefined) return { field: 'vd', value: record.vd };
  if (record.vlo !== undefined) return { field: 'vlo', value: record.vlo };
  return undefined;
}

/** Full name = bn + n as an LwM2M path, time = bt + t, value = bv + v (RFC 8428 §4.6). */
export function resolveRecords(records: readonly SenmlRecord[], nowMs: number = Date.now()): ResolvedRecord[] {
  let baseName = '';
  let baseTime: number | undefined;
  let baseValue: number | undefined;
  return records.map((record, index) => {
    baseName = record.bn ?? baseName;
    baseTime = record.bt ?? baseTime;
    baseValue = record.bv ?? baseValue;
    const where = `SenML record ${index}`;
    const path = pathFromName(baseName + (record.n ?? ''), where);
    const time = timeOf(baseTime, record.t, nowMs, where);
    const value = valueOf(record, baseValue, where);
    return { path, ...(time && { time }), ...(value && { value }) };
  });
}

// ---------------------------------------------------------------------------------------
// Values: SenML fields to typed resource values and back (Core §7.4.4 table, Appendix C).

const MAX_LINK_ID = 65535; // Core Appendix C: 65535:65535 is the null link
const OBJECT_LINK_PATTERN = /^(\d{1,5}):(\d{1,5})$/;

function objectLinkFromText(text: string, where: string): ObjectLink {
  const match = OBJECT_LINK_PATTERN.exec(text);
  const objectId = Number(match?.[1]);
  const instanceId = Number(match?.[2]);
  if (!match || objectId > MAX_LINK_ID || instanceId > MAX_LINK_ID) throw invalidInput(`${where}: "${text.slice(0, 40)}" is not an object link (objectId:instanceId)`);
  return { objectId, instanceId };
}

function integerFromSenml(value: number | bigint, type: ResourceType, min: bigint, max: bigint, where: string): number | bigint {
  if (typeof value === 'number' && !Number.isInteger(value)) throw invalidInput(`${where} is of type ${type} but carries ${value}`);
  const big = BigInt(value);
  if (big < min || big > max) throw invalidInput(`${where}: ${big} is out of range for type ${type}`);
  return integerFromBigInt(big);
}

/** The typed value of a SenML value for a resource of `type`; the wrong field for the type is invalid input. */
function typedFromSenml(type: ResourceType, senml: SenmlValue, where: string): ResourceValue {
  switch (type) {
    case 'string':
    case 'corelnk':
      if (senml.field === 'vs') return senml.value;
      break;
    case 'integer':
      if (senml.field === 'v') return integerFromSenml(senml.value, type, INT64_MIN, INT64_MAX, where);
      break;
    case 'unsigned':
      if (senml.field === 'v') return integerFromSenml(senml.value, type, 0n, UINT64_MAX, where);
      break;
    case 'float':
      if (senml.field === 'v') return Number(senml.value);
      break;
    case 'boolean':
      if (senml.field === 'vb') return senml.value;
      break;
    case 'opaque':
      if (senml.field === 'vd') return senml.value;
      break;
    case 'time':
      if (senml.field === 'v') {
        const date = dateFromSeconds(BigInt(integerFromSenml(senml.value, type, INT64_MIN, INT64_MAX, where)));
        if (date === undefined) throw invalidInput(`${where}: time ${senml.value} s is out of range`);
        return date;
      }
      break;
    case 'objlnk':
      if (senml.field === 'vlo') return objectLinkFromText(senml.value, where);
      break;
    case 'none':
      break;
  }
  throw invalidInput(`${where} is of type ${type} but its SenML record carries "${senml.field}"`);
}

/** With no model, the SenML field is the only type information there is. */
function inferredType(senml: SenmlValue): ResourceType {
  switch (senml.field) {
    case 'v': {
      if (typeof senml.value === 'number' && !Number.isInteger(senml.value)) return 'float';
      const big = BigInt(senml.value);
      if (big >= INT64_MIN && big <= INT64_MAX) return 'integer';
      return big >= 0n && big <= UINT64_MAX ? 'unsigned' : 'float';
    }
    case 'vs':
      return 'string';
    case 'vb':
      return 'boolean';
    case 'vd':
      return 'opaque';
    case 'vlo':
      return 'objlnk';
  }
}

type SenmlValueFields = Pick<SenmlRecord, 'v' | 'vs' | 'vb' | 'vd' | 'vlo'>;

function describeValue(value: ResourceValue): string {
  if (value instanceof Date) return 'a Date';
  if (value instanceof Uint8Array) return 'bytes';
  return isObjectLink(value) ? 'an object link' : `a ${typeof value}`;
}

function isLinkId(id: number): boolean {
  return Number.isInteger(id) && id >= 0 && id <= MAX_LINK_ID;
}

/** The SenML value field for a typed value; a value that does not fit its type is invalid input. */
function senmlFromTyped(type: ResourceType, value: ResourceValue, where: string): SenmlValueFields {
  switch (type) {
    case 'string':
    case 'corelnk':
      if (typeof value === 'string') return { vs: value };
      break;
    case 'integer':
    case 'unsigned': {
      const big = bigIntFromValue(value);
      const [min, max] = type === 'integer' ? [INT64_MIN, INT64_MAX] : [0n, UINT64_MAX];
      if (big !== undefined && big >= min && big <= max) return { v: integerFromBigInt(big) };
      break;
    }
    case 'float':
      if (typeof value === 'number' || typeof value === 'bigint') return { v: Number(value) };
      break;
    case 'boolean':
      if (typeof value === 'boolean') return { vb: value };
      break;
    case 'opaque':
      if (value instanceof Uint8Array) return { vd: value };
      break;
    case 'time': {
      const seconds = value instanceof Date ? secondsFromDate(value) : bigIntFromValue(value);
      if (seconds !== undefined) return { v: integerFromBigInt(seconds) };
      break;
    }
    case 'objlnk':
      if (isObjectLink(value) && isLinkId(value.objectId) && isLinkId(value.instanceId)) return { vlo: `${value.objectId}:${value.instanceId}` };
      break;
    case 'none':
      break;
  }
  throw invalidInput(`cannot encode ${describeValue(value)} as type ${type} at ${where}`);
}

// ---------------------------------------------------------------------------------------
// Records to nodes.

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

// ---------------------------------------------------------------------------------------
// Nodes to records.

interface Entry {
  readonly path: readonly number[];
  readonly type: ResourceType;
  readonly value: ResourceValue;
}

const LEVELS: Readonly<Record<LwM2mNode['kind'], readonly number[]>> = {
  object: [0, 1],
  instance: [2],
  single: [3],
  multiple: [3],
  resourceInstance: [4],
};

function checkNodeAt(path: LwM2mPath, node: LwM2mNode): void {
  if (!LEVELS[node.kind].includes(path.length)) throw invalidInput(`cannot encode a ${node.kind} node at ${formatPath(path)}`);
  const last = path[path.length - 1];
  if (last !== undefined && last !== node.id) throw invalidInput(`node id ${node.id} does not match the path ${formatPath(path)}`);
}

/** Every value below `node`, whose parent is at `prefix`, with its full path. */
function entriesFromNode(prefix: readonly number[], node: LwM2mNode): Entry[] {
  switch (node.kind) {
    case 'object':
      return [...node.instances.values()].flatMap((instance) => entriesFromNode([node.id], instance));
    case 'instance':
      return [...node.resources.values()].flatMap((resource) => entriesFromNode([...prefix, node.id], resource));
    case 'multiple':
      return [...node.instances].map(([id, value]) => ({ path: [...prefix, node.id, id], type: node.type, value }));
    case 'single':
    case 'resourceInstance':
      return [{ path: [...prefix, node.id], type: node.type, value: node.value }];
  }
}

function nameOf(path: readonly number[]): string {
  if (!path.every((id) => Number.isInteger(id) && id >= 0 && id <= MAX_ID)) throw invalidInput(`cannot encode the invalid path /${path.join('/')}`);
  return `/${path.join('/')}`;
}

/** The node's own path as base name, so records name only what lies below it (Core §7.4.4 examples). */
function baseNameFor(path: LwM2mPath, node: LwM2mNode): string {
  if (node.kind === 'single' || node.kind === 'resourceInstance') return formatPath(path);
  return path.length === 0 ? '/' : `${formatPath(path)}/`;
}

function senmlTimeFromDate(time: Date): number {
  const seconds = time.getTime() / 1000;
  // Earlier times would read back as relative to now (RFC 8428 §4.5.3).
  if (!(seconds >= SENML_RELATIVE_TIME_LIMIT_S)) throw invalidInput(`cannot encode the time ${String(time)} as an absolute SenML time`);
  return seconds;
}

/** Records for one node; `bn` is left out when the previous records already set the same base. */
function recordsFromNodeAt(path: LwM2mPath, node: LwM2mNode, time: Date | undefined, previousBase: string | undefined): SenmlRecord[] {
  checkNodeAt(path, node);
  const base = baseNameFor(path, node);
  const t = time === undefined ? undefined : senmlTimeFromDate(time);
  return entriesFromNode(path.slice(0, -1), node).map((entry, index) => {
    const fullName = nameOf(entry.path);
    const name = fullName.slice(base.length);
    return {
      ...(index === 0 && base !== previousBase && { bn: base }),
      ...(name !== '' && { n: name }),
      ...(t !== undefined && { t }),
      ...senmlFromTyped(entry.type, entry.value, fullName),
    };
  });
}

export function recordsFromNode(path: LwM2mPath, node: LwM2mNode): SenmlRecord[] {
  return recordsFromNodeAt(path, node, undefined, undefined);
}

/** Times go in each record's `t` rather than `bt`, so an untimed node never inherits a previous base time. */
export function recordsFromTimestampedNodes(nodes: readonly TimestampedNode[]): SenmlRecord[] {
  let base: string | undefined;
  return nodes.flatMap(({ path, node, time }) => {
    const records = recordsFromNodeAt(path, node, time, base);
    if (records.length > 0) base = baseNameFor(path, node);
    return records;
  });
}

// ---------------------------------------------------------------------------------------
// The codec, given a syntax.

/** Bytes to records and back, for one SenML serialization. Both throw only invalid input. */
export interface SenmlSyntax {
  parse(payload: Uint8Array): SenmlRecord[];
  serialize(records: readonly SenmlRecord[]): Uint8Array;
}

/** A SenML codec also carries the path lists of Read-Composite and Observe-Composite requests. */
export interface SenmlCodec extends MultiNodeCodec {
  /** The paths a Read-Composite / Observe-Composite request names (records without values). */
  decodePaths(payload: Uint8Array): LwM2mPath[];
  encodePaths(paths: readonly LwM2mPath[]): Uint8Array;
}

/**
 * A codec over a syntax. Encoding takes types from the nodes, so `models` is only read
 * when decoding; with no model for a resource, the SenML field decides its type.
 */
export function senmlCodec(format: ContentFormat, syntax: SenmlSyntax): SenmlCodec {
  return {
    format,
    encode: (path, node) => syntax.serialize(recordsFromNode(path, node)),
    decode: (path, payload, models) => nodeFromRecords(path, syntax.parse(payload), models),
    encodeNodes: (nodes) => syntax.serialize(recordsFromTimestampedNodes(nodes)),
    decodeNodes: (payload, models) => timestampedNodesFromRecords(syntax.parse(payload), models),
    encodePaths: (paths) => syntax.serialize(paths.map((path) => ({ n: formatPath(path) }))),
    decodePaths: (payload) => pathsFromRecords(syntax.parse(payload)),
  };
}
