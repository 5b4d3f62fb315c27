/**
 * FITA's `data_model_mapping` entries, `lwm2m:<object>/<instance>/<resource>`, e.g.
 * `lwm2m:3303/x/5700`: the LwM2M resource a workload value comes from or goes to. `x`
 * means "an instance of this workload's own"; a number asks for that instance id.
 */
import type { ModelLookup } from '../../lwm2m/index.js';
import { MAX_ID } from '../../lwm2m/index.js';

export interface DataModelMapping {
  readonly objectId: number;
  /** A requested instance id, or `x` for the next free one. */
  readonly instance: number | 'x';
  readonly resourceId: number;
}

const MAPPING = /^lwm2m:(\d{1,5})\/(x|\d{1,5})\/(\d{1,5})$/;

/** OMA-range objects (0-1023: Security, Server, Device, ...) belong to the device, never to a workload. */
const FIRST_NON_OMA_OBJECT = 1024;

/** Objects the runtime itself keeps: Data_Route (35001) and Software_Package_Monitoring (35003). */
const RUNTIME_OBJECTS: ReadonlySet<number> = new Set([35001, 35003]);

const NUMERIC_TYPES: ReadonlySet<string> = new Set(['integer', 'unsigned', 'float']);

export function parseDataModelMapping(text: string): DataModelMapping | undefined {
  const match = MAPPING.exec(text);
  if (match === null) return undefined;
  const objectId = Number(match[1]);
  const resourceId = Number(match[3]);
  const instance = match[2] === 'x' ? 'x' : Number(match[2]);
  if (objectId > MAX_ID || resourceId > MAX_ID || (instance !== 'x' && instance > MAX_ID)) return undefined;
  return { objectId, instance, resourceId };
}

export function formatDataModelMapping(mapping: DataModelMapping): string {
  return `lwm2m:${mapping.objectId}/${mapping.instance}/${mapping.resourceId}`;
}

/**
 * Why a mapping cannot be honoured on this device, or undefined when it can. Every
 * mapping must name a single numeric resource the models know; an output must also go
 * to a multiple-instance object the device lets workloads create instances of.
 */
export function mappingProblem(models: ModelLookup, text: string, direction: 'input' | 'output'): string | undefined {
  const mapping = parseDataModelMapping(text);
  if (mapping === undefined) return `data_model_mapping "${text}" is not lwm2m:<object>/<x|instance>/<resource>`;
  const object = models.object(mapping.objectId);
  if (object === undefined) return `data_model_mapping "${text}" names object ${mapping.objectId}, which the device does not know`;
  const resource = models.resource(mapping.objectId, mapping.resourceId);
  if (resource === undefined) return `data_model_mapping "${text}": object ${mapping.objectId} has no resource ${mapping.resourceId}`;
  if (resource.multiple || !NUMERIC_TYPES.has(resource.type)) return `data_model_mapping "${text}": ${resource.name} is not a single numeric resource`;
  if (direction === 'input') return undefined;
  if (mapping.objectId < FIRST_NON_OMA_OBJECT || RUNTIME_OBJECTS.has(mapping.objectId) || !object.multiple) {
    return `data_model_mapping "${text}": workloads cannot publish into ${object.name} (${mapping.objectId})`;
  }
  return undefined;
}
