import {
  ERROR_CODES,
  FarsideError,
  invalidInput,
  type LwM2mNode,
  type ObjectInstance,
  type Resource,
  type ResourceModel,
  type ResourceValue,
} from '../../lwm2m/index.js';
import type { SdfNames } from './sdf-names.js';
import { sdfFromValue, valueFromSdf } from './sdf-values.js';
import type { SdfValue } from '../../sdf-models/index.js';
import type { ValueMode } from './value-modes.js';

/** One instance as SDF shows it: `{"label":"0","sdfProperty":{...}}`. */
export interface SdfInstanceData {
  readonly label: string;
  readonly sdfProperty: Record<string, SdfValue>;
}

/** `{"<Obj>":[instances sorted by label]}`, the body of announce, GET replies and notifications. */
export type SdfObjectsData = Record<string, SdfInstanceData[]>;

/**
 * A node read from a device, as SDF objects. `objectId`/`instanceId` locate a
 * resource-level node (which does not know its parents).
 */
export function sdfObjectsFromNode(node: LwM2mNode, objectId: number, instanceId: number | undefined, names: SdfNames, mode: ValueMode): SdfObjectsData {
  const objectName = names.objectName(objectId);
  switch (node.kind) {
    case 'object':
      return { [objectName]: [...node.instances.values()].sort((a, b) => a.id - b.id).map((i) => instanceData(objectId, i, names, mode)) };
    case 'instance':
      return { [objectName]: [instanceData(objectId, node, names, mode)] };
    case 'single':
    case 'multiple':
      return { [objectName]: [{ label: String(instanceId ?? 0), sdfProperty: { [names.resourceName(objectId, node.id)]: resourceData(node, names, mode) } }] };
    case 'resourceInstance':
      return {
        [objectName]: [{ label: String(instanceId ?? 0), sdfProperty: { [String(node.id)]: sdfFromValue(node.value, node.type, mode, names) } }],
      };
    default: {
      const unknown: never = node;
      throw new Error(`unknown node ${(unknown as { kind: string }).kind}`);
    }
  }
}

function instanceData(objectId: number, instance: ObjectInstance, names: SdfNames, mode: ValueMode): SdfInstanceData {
  const sdfProperty: Record<string, SdfValue> = {};
  for (const resource of [...instance.resources.values()].sort((a, b) => a.id - b.id)) {
    sdfProperty[names.resourceName(objectId, resource.id)] = resourceData(resource, names, mode);
  }
  return { label: String(instance.id), sdfProperty };
}

function resourceData(resource: Resource, names: SdfNames, mode: ValueMode): SdfValue {
  if (resource.kind === 'single') return sdfFromValue(resource.value, resource.type, mode, names);
  const map: Record<string, SdfValue> = {};
  for (const [id, value] of [...resource.instances.entries()].sort((a, b) => a[0] - b[0])) map[String(id)] = sdfFromValue(value, resource.type, mode, names);
  return map;
}

export interface WriteCheck {
  /** Refuse read-only resources (writes) or let them pass (create may set them). */
  readonly requireWritable: boolean;
}

/**
 * `sdfProperty` values of a write or create, as an object instance. Unknown
 * properties are FARSIDE_ERR_INVALID_INPUT; writing a read-only one is
 * FARSIDE_ERR_NOT_ALLOWED, decided here so a sleeping device is not woken for it.
 */
export function instanceFromSdf(
  objectId: number,
  instanceId: number,
  properties: Readonly<Record<string, unknown>>,
  names: SdfNames,
  mode: ValueMode,
  check: WriteCheck,
): ObjectInstance {
  const resources = new Map<number, Resource>();
  for (const [name, value] of Object.entries(properties)) {
    const model = names.resource(objectId, name, 'property');
    if (!model) throw invalidInput(`${names.objectName(objectId)} has no property ${name}`);
    resources.set(model.id, resourceFromSdf(objectId, model, value, names, mode, check));
  }
  return { kind: 'instance', id: instanceId, resources };
}

export function resourceFromSdf(objectId: number, model: ResourceModel, value: unknown, names: SdfNames, mode: ValueMode, check: WriteCheck): Resource {
  const name = names.resourceName(objectId, model.id);
  if (model.operations === 'E') throw new FarsideError(ERROR_CODES.NOT_ALLOWED, `${name} is an action, not a property`);
  if (check.requireWritable && !model.operations.includes('W')) throw new FarsideError(ERROR_CODES.NOT_ALLOWED, `${name} is read-only`);
  if (!model.multiple) return { kind: 'single', id: model.id, type: model.type, value: valueFromSdf(value, model, mode, names, name) };
  const entries: [number, ResourceValue][] = [];
  if (Array.isArray(value)) value.forEach((v, i) => entries.push([i, valueFromSdf(v, model, mode, names, `${name}/${i}`)]));
  else if (typeof value === 'object' && value !== null && !(value instanceof Uint8Array)) {
    for (const [key, v] of Object.entries(value)) {
      if (!/^\d+$/.test(key)) throw invalidInput(`${name} is a multiple-instance property: keys must be instance ids, got "${key}"`);
      entries.push([Number(key), valueFromSdf(v, model, mode, names, `${name}/${key}`)]);
    }
  } else throw invalidInput(`${name} is a multiple-instance property: send a map like {"0": …}`);
  return { kind: 'multiple', id: model.id, type: model.type, instances: new Map(entries) };
}
