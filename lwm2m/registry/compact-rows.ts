/**
 * The compact tuple form that `oma-objects.generated.ts` is written in, and the two
 * conversions between it and ObjectModel. Tuples keep the checked-in file small (no
 * property names repeated 3,600 times) and cheap to load.
 */
import type { ObjectModel, Operations, ResourceModel, ResourceType } from '../model.js';

/** Bit set of an object's or resource's flags. */
export const FLAG = {
  MULTIPLE: 1,
  MANDATORY: 2,
} as const;

/** One-letter codes for ResourceType, so each resource row spends one character on it. */
export const TYPE_CODE = {
  string: 's',
  integer: 'i',
  unsigned: 'u',
  float: 'f',
  boolean: 'b',
  opaque: 'o',
  time: 't',
  objlnk: 'l',
  corelnk: 'c',
  none: 'n',
} as const satisfies Record<ResourceType, string>;

export type TypeCode = (typeof TYPE_CODE)[ResourceType];

const TYPE_FROM_CODE: ReadonlyMap<string, ResourceType> = new Map(
  Object.entries(TYPE_CODE).map(([type, code]) => [code, type as ResourceType]),
);

/** `[id, name, operations, flags, type, range?, units?]`; range is `''` when only units exist. */
export type ResourceRow =
  | readonly [number, string, Operations, number, TypeCode]
  | readonly [number, string, Operations, number, TypeCode, string]
  | readonly [number, string, Operations, number, TypeCode, string, string];

/** `[id, name, urn, version, lwm2mVersion, flags, resources]` */
export type ObjectRow = readonly [number, string, string, string, string, number, readonly ResourceRow[]];

export function rowFromResource(model: ResourceModel): ResourceRow {
  const head = [model.id, model.name, model.operations, flagsOf(model), TYPE_CODE[model.type]] as const;
  if (model.units) return [...head, model.range ?? '', model.units];
  if (model.range) return [...head, model.range];
  return head;
}

export function rowFromObject(model: ObjectModel): ObjectRow {
  const resources = [...model.resources.values()].sort((a, b) => a.id - b.id).map(rowFromResource);
  return [model.id, model.name, model.urn, model.version, model.lwm2mVersion, flagsOf(model), resources];
}

export function resourceFromRow(row: ResourceRow): ResourceModel {
  const [id, name, operations, flags, code, range, units] = row;
  const type = TYPE_FROM_CODE.get(code);
  // Rows come from our own generator, so an unknown code is a bug, not bad input.
  if (type === undefined) throw new Error(`unknown resource type code '${code}' in resource ${id}`);
  return {
    id,
    name,
    operations,
    multiple: (flags & FLAG.MULTIPLE) !== 0,
    mandatory: (flags & FLAG.MANDATORY) !== 0,
    type,
    ...(range ? { range } : {}),
    ...(units ? { units } : {}),
  };
}

export function objectFromRow(row: ObjectRow): ObjectModel {
  const [id, name, urn, version, lwm2mVersion, flags, rows] = row;
  return {
    id,
    name,
    urn,
    version,
    lwm2mVersion,
    multiple: (flags & FLAG.MULTIPLE) !== 0,
    mandatory: (flags & FLAG.MANDATORY) !== 0,
    resources: new Map(rows.map((r) => [r[0], resourceFromRow(r)])),
  };
}

function flagsOf(model: { readonly multiple: boolean; readonly mandatory: boolean }): number {
  return (model.multiple ? FLAG.MULTIPLE : 0) | (model.mandatory ? FLAG.MANDATORY : 0);
}
