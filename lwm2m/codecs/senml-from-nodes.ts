import type { TimestampedNode } from '../codec.js';
import { invalidInput } from '../errors.js';
import type { ResourceType } from '../model.js';
import type { LwM2mNode, ResourceValue } from '../node.js';
import { formatPath, MAX_ID, type LwM2mPath } from '../path.js';
import type { SenmlRecord } from './senml-records.js';
import { SENML_RELATIVE_TIME_LIMIT_S } from './senml-resolve.js';
import { senmlFromTyped } from './senml-values.js';

/** LwM2M nodes to SenML records, each named relative to a base name (Core §7.4.4 examples). */

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
