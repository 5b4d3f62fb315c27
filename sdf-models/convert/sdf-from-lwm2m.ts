/**
 * LwM2M object model → SDF (RFC 9880) model plus mapping file. The model is plain SDF
 * (it validates against the strict schema); the LwM2M ids, URN and versions go to the
 * mapping, keyed by the same pointers the model defines.
 */
import { sdfName } from '../naming.js';
import { checkObjectInput } from './check-input.js';
import type { Lwm2mObjectInput, Lwm2mResourceInput, Lwm2mResourceType } from './lwm2m-input.js';
import { LWM2M_SDF_NAMESPACE, type SdfNamespace } from './namespace.js';
import { sdfPointer } from './pointer.js';
import { resourceData } from './resource-data.js';
import { namedResources, type NamedResource } from './resource-names.js';
import { OMA_QUALITY, type SdfMapping, type SdfMappingEntry } from './sdf-mapping.js';
import type { SdfActionDefinition, SdfDataDefinition, SdfInfo, SdfModel, SdfObjectDefinition, SdfPointer, SdfPropertyDefinition } from './sdf-model.js';

export interface SdfFromLwm2mOptions {
  /** Namespace the definitions are contributed to. Default: LWM2M_SDF_NAMESPACE (`oma` → `urn:oma:lwm2m`). */
  readonly namespace?: SdfNamespace;
  /** Info-block qualities added to the model's, e.g. the definition's copyright and license. Default: none. */
  readonly info?: SdfInfo;
}

export interface SdfConversion {
  readonly model: SdfModel;
  readonly mapping: SdfMapping;
}

/** The OMA registry's spelling of each type, for the mapping's `oma:type`. */
const OMA_TYPE_NAME: Readonly<Record<Lwm2mResourceType, string | undefined>> = {
  string: 'String',
  integer: 'Integer',
  unsigned: 'Unsigned Integer',
  float: 'Float',
  boolean: 'Boolean',
  opaque: 'Opaque',
  time: 'Time',
  objlnk: 'Objlnk',
  corelnk: 'Corelnk',
  none: undefined,
};

/**
 * Converts one object. Throws FARSIDE_ERR_INVALID_INPUT for an object that cannot be
 * named or typed in SDF (see check-input.ts); registry objects always convert.
 */
export function sdfFromLwm2m(object: Lwm2mObjectInput, options: SdfFromLwm2mOptions = {}): SdfConversion {
  checkObjectInput(object);
  const namespace = options.namespace ?? LWM2M_SDF_NAMESPACE;
  const objectName = sdfName(object.name);
  const resources = namedResources(object);
  const info: SdfInfo = { title: `${object.name.trim()} (LwM2M object ${object.id})`, version: object.version, ...options.info };
  const namespaceBlock = { namespace: { [namespace.prefix]: namespace.uri }, defaultNamespace: namespace.prefix };
  return {
    model: { info, ...namespaceBlock, sdfObject: { [objectName]: objectDefinition(object, objectName, resources) } },
    mapping: {
      info: { title: `LwM2M ids of ${objectName}`, version: object.version },
      ...namespaceBlock,
      map: mappingEntries(object, objectName, resources),
    },
  };
}

function objectDefinition(object: Lwm2mObjectInput, objectName: string, resources: readonly NamedResource[]): SdfObjectDefinition {
  // Entries, not assignments, so that any given name (even "__proto__") stays a key.
  const properties: [string, SdfPropertyDefinition][] = [];
  const actions: [string, SdfActionDefinition][] = [];
  const elements: [string, SdfDataDefinition][] = [];
  const required: SdfPointer[] = [];
  for (const { resource, name, kind } of resources) {
    const label = labelFor(resource.name, name);
    if (kind === 'action') {
      actions.push([name, { ...label }]);
    } else {
      const { data, element } = resourceData(resource, sdfPointer('sdfObject', objectName, 'sdfData', name));
      properties.push([name, { ...label, ...data, ...access(resource) }]);
      if (element) elements.push([name, element]);
    }
    if (resource.mandatory) required.push(resourcePointer(objectName, kind, name));
  }
  return {
    ...labelFor(object.name, objectName),
    // Every LwM2M object is a set of instances, so always an array (RFC 9880 §2.2.1).
    minItems: object.mandatory ? 1 : 0,
    ...(object.multiple ? {} : { maxItems: 1 }),
    ...(required.length > 0 ? { sdfRequired: required } : {}),
    ...(properties.length > 0 ? { sdfProperty: Object.fromEntries(properties) } : {}),
    ...(actions.length > 0 ? { sdfAction: Object.fromEntries(actions) } : {}),
    ...(elements.length > 0 ? { sdfData: Object.fromEntries(elements) } : {}),
  };
}

/** LwM2M operations as SDF property access; Observe is a repeated Read (LwM2M 1.1 Core §6.4), so readable means observable. */
function access(resource: Lwm2mResourceInput): Pick<SdfPropertyDefinition, 'readable' | 'writable' | 'observable'> {
  const readable = resource.operations.includes('R');
  return { readable, writable: resource.operations.includes('W'), observable: readable };
}

function mappingEntries(object: Lwm2mObjectInput, objectName: string, resources: readonly NamedResource[]): Record<SdfPointer, SdfMappingEntry> {
  const map: Record<SdfPointer, SdfMappingEntry> = {
    [sdfPointer('sdfObject', objectName)]: {
      [OMA_QUALITY.id]: object.id,
      [OMA_QUALITY.urn]: object.urn,
      [OMA_QUALITY.version]: object.version,
      [OMA_QUALITY.lwm2mVersion]: object.lwm2mVersion,
    },
  };
  for (const { resource, name, kind } of resources) {
    const type = OMA_TYPE_NAME[resource.type];
    map[resourcePointer(objectName, kind, name)] = { [OMA_QUALITY.id]: resource.id, ...(type ? { [OMA_QUALITY.type]: type } : {}) };
  }
  return map;
}

function resourcePointer(objectName: string, kind: NamedResource['kind'], name: string): SdfPointer {
  return sdfPointer('sdfObject', objectName, kind === 'action' ? 'sdfAction' : 'sdfProperty', name);
}

/** The OMA name as `label` when the SDF name differs from it, so nothing of the name is lost. */
function labelFor(omaName: string, given: string): { label?: string } {
  const label = omaName.trim();
  return label === given ? {} : { label };
}
