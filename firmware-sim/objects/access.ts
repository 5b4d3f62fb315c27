/**
 * Who may do what to which object, as a DM server sees the device.
 */
import type { Operations } from '../../lwm2m/model.js';

/** Core Appendix E: object ids the access rules below refer to. */
export const OBJECT_ID = {
  SECURITY: 0,
  SERVER: 1,
  DEVICE: 3,
  CONNECTIVITY_MONITORING: 4,
  OSCORE: 21,
} as const;

/** Core §E.1: the Security object is for the bootstrap server only; a DM server gets 4.01. */
export function deniedToDmServer(objectId: number | undefined): boolean {
  return objectId === OBJECT_ID.SECURITY;
}

/** Instances a DM server may not delete: the client's own account and identity. */
export const UNDELETABLE_OBJECTS: ReadonlySet<number> = new Set([OBJECT_ID.SECURITY, OBJECT_ID.SERVER, OBJECT_ID.DEVICE]);

/** Core §6.2.1 (Register): Security and OSCORE objects must not appear in the object list. */
export const UNREGISTERED_OBJECTS: ReadonlySet<number> = new Set([OBJECT_ID.SECURITY, OBJECT_ID.OSCORE]);

/** Server object resources holding the default pmin and pmax, s (Core §E.2). */
export const SERVER_DEFAULT_PMIN_RESOURCE = 2;
export const SERVER_DEFAULT_PMAX_RESOURCE = 3;

export function isReadable(operations: Operations): boolean {
  return operations === 'R' || operations === 'RW';
}

export function isWritable(operations: Operations): boolean {
  return operations === 'W' || operations === 'RW';
}

export function isExecutable(operations: Operations): boolean {
  return operations === 'E';
}
