/**
 * farside's two custom objects (DESIGN.md, "Objects the stack must know"), defined here
 * because they are not in the OMA registry. Ids, names and resource ids follow FITA so
 * its devices and kubelet interoperate, including FITA's spelling `Sofware_Package`.
 */
import type { ObjectModel, ResourceModel } from '../model.js';

/** Common to both: multiple instances, optional, object version 1.0 for LwM2M 1.1. */
function customObject(id: number, name: string, resources: readonly ResourceModel[]): ObjectModel {
  return {
    id,
    name,
    urn: `urn:oma:lwm2m:x:${id}`,
    version: '1.0',
    lwm2mVersion: '1.1',
    multiple: true,
    mandatory: false,
    resources: new Map(resources.map((r) => [r.id, r])),
  };
}

/** Where a workload's data goes: `local://`, `coap://` or `mqtt://` URIs. */
export const DATA_ROUTE: ObjectModel = customObject(35001, 'Data_Route', [
  { id: 27200, name: 'Origin_URI', operations: 'RW', multiple: false, mandatory: true, type: 'string' },
  { id: 27201, name: 'Destination_URI', operations: 'RW', multiple: false, mandatory: true, type: 'string' },
]);

/** Per-workload telemetry, one instance per installed package (object 9 instance). */
export const SOFTWARE_PACKAGE_MONITORING: ObjectModel = customObject(35003, 'Software_Package_Monitoring', [
  { id: 27400, name: 'Sofware_Package', operations: 'R', multiple: false, mandatory: false, type: 'objlnk' },
  {
    id: 27401,
    name: 'CPU_Usage',
    operations: 'R',
    multiple: false,
    mandatory: false,
    type: 'float',
    range: '0..100',
    units: '%',
  },
  { id: 27402, name: 'Memory_Usage', operations: 'R', multiple: false, mandatory: false, type: 'integer', units: 'B' },
  { id: 27403, name: 'Uptime', operations: 'R', multiple: false, mandatory: false, type: 'integer', units: 'ms' },
  { id: 27404, name: 'Error', operations: 'R', multiple: false, mandatory: false, type: 'string' },
]);

export const CUSTOM_OBJECTS: readonly ObjectModel[] = [DATA_ROUTE, SOFTWARE_PACKAGE_MONITORING];
