import { z } from 'zod';
import type { SdfInstance } from '../contract/payloads.js';
import { parseShape } from '../contract/payloads.js';
import { updateResultWords, updateStateName } from './software-management-codes.js';

/** SDF names of Software Management (object 9) and what this client uses of it. */
export const SOFTWARE_MANAGEMENT_SDF = {
  OBJECT: 'LWM2M_Software_Management',
  PKG_NAME: 'PkgName',
  PKG_VERSION: 'PkgVersion',
  PACKAGE: 'Package',
  UPDATE_STATE: 'Update_State',
  UPDATE_RESULT: 'Update_Result',
  ACTIVATION_STATE: 'Activation_State',
  INSTALL: 'Install',
  UNINSTALL: 'Uninstall',
  ACTIVATE: 'Activate',
  DEACTIVATE: 'Deactivate',
} as const;

/** SDF names of Software_Package_Monitoring (custom object 35003); "Sofware" is FITA's spelling. */
export const PACKAGE_MONITORING_SDF = {
  OBJECT: 'Software_Package_Monitoring',
  SOFTWARE_PACKAGE: 'Sofware_Package',
  CPU_USAGE: 'CPU_Usage',
  MEMORY_USAGE: 'Memory_Usage',
  UPTIME: 'Uptime',
  ERROR: 'Error',
} as const;

/** A running workload's figures, from its Software_Package_Monitoring instance. */
export interface WorkloadMonitoring {
  /** Share of the CPU, 0 to 100 %. */
  readonly cpuPercent: number;
  readonly memoryBytes: number;
  /** Time since it was activated, ms; 0 while inactive. */
  readonly uptimeMs: number;
  /** Empty while healthy; otherwise why it stopped or could not start. */
  readonly error: string;
}

/** One Software Management instance of a device: the workload it holds and how it runs. */
export interface WorkloadStatus {
  readonly instance: number;
  /** service.json `name` (PkgName); empty until a package was delivered. */
  readonly name: string;
  readonly version: string;
  readonly updateState: number;
  /** E.g. "INSTALLED" (SOFTWARE_UPDATE_STATE). */
  readonly updateStateName: string;
  readonly updateResult: number;
  /** E.g. "out of memory" (UPDATE_RESULT_TEXT). */
  readonly updateResultText: string;
  /** Activation State: the workload runs. */
  readonly active: boolean;
  /** Absent when the device has no monitoring instance linked to this one (not installed, or no object 35003). */
  readonly monitoring?: WorkloadMonitoring;
}

// Compat replies carry every value as text, typed ones as JSON types: both are accepted.
const count = z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]).pipe(z.number().int().min(0));
const percent = z.union([z.number(), z.string().regex(/^\d+(\.\d+)?([eE][-+]?\d+)?$/).transform(Number)]).pipe(z.number().min(0).max(100));
const flag = z.union([z.boolean(), z.enum(['true', 'false']).transform((text) => text === 'true')]);

const S = SOFTWARE_MANAGEMENT_SDF;
const softwareSchema = z.object({
  [S.PKG_NAME]: z.string().default(''),
  [S.PKG_VERSION]: z.string().default(''),
  [S.UPDATE_STATE]: count,
  [S.UPDATE_RESULT]: count,
  [S.ACTIVATION_STATE]: flag,
});

const M = PACKAGE_MONITORING_SDF;
const monitoringSchema = z.object({
  [M.SOFTWARE_PACKAGE]: z.string(),
  [M.CPU_USAGE]: percent,
  [M.MEMORY_USAGE]: count,
  [M.UPTIME]: count,
  [M.ERROR]: z.string().default(''),
});

const labelSchema = z.string().regex(/^\d{1,5}$/, 'expected an instance id like "0"').transform(Number);

/** The instance id of an SDF instance; throws FarsideError INVALID_INPUT when its label is not one. */
export function instanceIdFromSdf(instance: SdfInstance): number {
  return parseShape(labelSchema, instance.label, 'Software Management instance label');
}

/** How a monitoring instance names the Software Management instance it watches: "LWM2M_Software_Management/0". */
export function monitoringLinkTo(instance: number): string {
  return `${S.OBJECT}/${instance}`;
}

/**
 * A workload's status from its object 9 instance and the monitoring instances of the same
 * device (the one linked to it is used). Throws FarsideError INVALID_INPUT when the
 * gateway's values do not fit the model.
 */
export function workloadStatusFromSdf(software: SdfInstance, monitoring: readonly SdfInstance[] = []): WorkloadStatus {
  const instance = instanceIdFromSdf(software);
  const values = parseShape(softwareSchema, software.sdfProperty ?? {}, `${S.OBJECT}/${instance}`);
  const linked = monitoringFor(instance, monitoring);
  return {
    instance,
    name: values[S.PKG_NAME],
    version: values[S.PKG_VERSION],
    updateState: values[S.UPDATE_STATE],
    updateStateName: updateStateName(values[S.UPDATE_STATE]),
    updateResult: values[S.UPDATE_RESULT],
    updateResultText: updateResultWords(values[S.UPDATE_RESULT]),
    active: values[S.ACTIVATION_STATE],
    ...(linked === undefined ? {} : { monitoring: linked }),
  };
}

function monitoringFor(instance: number, monitoring: readonly SdfInstance[]): WorkloadMonitoring | undefined {
  const link = monitoringLinkTo(instance);
  const found = monitoring.find((candidate) => candidate.sdfProperty?.[M.SOFTWARE_PACKAGE] === link);
  if (found === undefined) return undefined;
  const values = parseShape(monitoringSchema, found.sdfProperty ?? {}, `${M.OBJECT}/${found.label}`);
  return { cpuPercent: values[M.CPU_USAGE], memoryBytes: values[M.MEMORY_USAGE], uptimeMs: values[M.UPTIME], error: values[M.ERROR] };
}
