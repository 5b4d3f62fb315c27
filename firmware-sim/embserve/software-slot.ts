/**
 * One Software Management (object 9) instance as the device keeps it: where it stands in
 * the OMA state machine, the package it holds, and the workload running from it. The
 * tree shows a copy of the state; `publishSlot` writes it after every transition.
 */
import { RESPONSE_CODE, singleResource, type ModelLookup, type Resource, type ResponseCode } from '../../lwm2m/index.js';
import type { ObjectTree } from '../objects/index.js';
import { UPDATE_RESULT, UPDATE_STATE } from './contracts.js';
import type { MappedInputs } from './mapped-inputs.js';
import type { MappedInstances } from './mapped-instances.js';
import type { VerifiedPackage } from './package-check.js';
import type { RunningWorkload } from './workload-engine.js';

export const SOFTWARE_MANAGEMENT_OBJECT_ID = 9;

/** Resource ids of object 9 (OMA LwM2M Software Management 1.0). */
export const SOFTWARE_RESOURCE = {
  PKG_NAME: 0,
  PKG_VERSION: 1,
  PACKAGE: 2,
  PACKAGE_URI: 3,
  INSTALL: 4,
  UNINSTALL: 6,
  UPDATE_STATE: 7,
  UPDATE_RESULT: 9,
  ACTIVATE: 10,
  DEACTIVATE: 11,
  ACTIVATION_STATE: 12,
} as const;

export type UpdateState = (typeof UPDATE_STATE)[keyof typeof UPDATE_STATE];

/** A workload started from the slot's package; `alive` turns false once it stopped or failed. */
export interface WorkloadRun {
  workload: RunningWorkload | undefined;
  /** Feeds its data-model-mapped inputs while it runs. */
  inputs: MappedInputs | undefined;
  alive: boolean;
  /** When it was activated, ms since the epoch. */
  readonly since: number;
}

export interface SoftwareSlot {
  readonly instanceId: number;
  state: UpdateState;
  result: number;
  /** PkgName and PkgVersion; kept through an Uninstall for update. */
  name: string;
  version: string;
  /** The delivered or installed package; its flash is held while it is here. */
  pkg: VerifiedPackage | undefined;
  run: WorkloadRun | undefined;
  mapped: MappedInstances | undefined;
  /** Its Software_Package_Monitoring (35003) instance, from Install on. */
  monitoringId: number | undefined;
  /** The workload's last failure; cleared when it is activated again. */
  error: { readonly code: number; readonly message: string } | undefined;
  /** Whether it was active when the device powered off, so boot starts it again. */
  resumeAtBoot: boolean;
  /** Aborts a Package URI download in progress. */
  download: AbortController | undefined;
  /** Removes the slot's Execute handlers. */
  readonly unregister: (() => void)[];
}

export function newSlot(instanceId: number): SoftwareSlot {
  return {
    instanceId,
    state: UPDATE_STATE.INITIAL,
    result: UPDATE_RESULT.INITIAL,
    name: '',
    version: '',
    pkg: undefined,
    run: undefined,
    mapped: undefined,
    monitoringId: undefined,
    error: undefined,
    resumeAtBoot: false,
    download: undefined,
    unregister: [],
  };
}

export function isActive(slot: SoftwareSlot): boolean {
  return slot.run?.alive === true;
}

/** What a server-created instance starts with (OMA object 9 mandatory readable resources). */
export function slotDefaults(): Resource[] {
  return [
    singleResource(SOFTWARE_RESOURCE.PKG_NAME, 'string', ''),
    singleResource(SOFTWARE_RESOURCE.PKG_VERSION, 'string', ''),
    singleResource(SOFTWARE_RESOURCE.UPDATE_STATE, 'integer', UPDATE_STATE.INITIAL),
    singleResource(SOFTWARE_RESOURCE.UPDATE_RESULT, 'integer', UPDATE_RESULT.INITIAL),
    singleResource(SOFTWARE_RESOURCE.ACTIVATION_STATE, 'boolean', false),
  ];
}

/**
 * Why a server's Create of an object 9 instance is refused (4.00), or undefined: it may
 * set writable options, but not the state, and the package comes by Write afterwards.
 */
export function createProblem(models: ModelLookup, resources: ReadonlyMap<number, Resource>): ResponseCode | undefined {
  const defaults = new Map(slotDefaults().map((resource) => [resource.id, resource.kind === 'single' ? resource.value : undefined]));
  for (const [id, resource] of resources) {
    if (id === SOFTWARE_RESOURCE.PACKAGE || id === SOFTWARE_RESOURCE.PACKAGE_URI) return RESPONSE_CODE.BAD_REQUEST;
    const writable = models.resource(SOFTWARE_MANAGEMENT_OBJECT_ID, id)?.operations.includes('W') ?? false;
    if (!writable && (resource.kind !== 'single' || defaults.get(id) !== resource.value)) return RESPONSE_CODE.BAD_REQUEST;
  }
  return undefined;
}

/** Writes the slot's state into /9/x; only what changed notifies observers. */
export function publishSlot(tree: ObjectTree, slot: SoftwareSlot): void {
  const path = (resourceId: number): readonly [number, number, number] => [SOFTWARE_MANAGEMENT_OBJECT_ID, slot.instanceId, resourceId];
  tree.setValue(path(SOFTWARE_RESOURCE.PKG_NAME), slot.name);
  tree.setValue(path(SOFTWARE_RESOURCE.PKG_VERSION), slot.version);
  tree.setValue(path(SOFTWARE_RESOURCE.UPDATE_STATE), slot.state);
  tree.setValue(path(SOFTWARE_RESOURCE.UPDATE_RESULT), slot.result);
  tree.setValue(path(SOFTWARE_RESOURCE.ACTIVATION_STATE), isActive(slot));
}

/** How the device log names a slot, e.g. `/9/0 temperature`. */
export function slotLabel(slot: SoftwareSlot): string {
  return slot.name === '' ? `/9/${slot.instanceId}` : `/9/${slot.instanceId} ${slot.name}`;
}
