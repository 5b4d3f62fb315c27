import { ERROR_CODES } from '../../errors/index.js';
import { SDF_RESPONSE_CODE } from '../contract/response-code.js';
import { SoftwareManagementError } from './software-management-errors.js';
import { workloadLabel, type SoftwareManagementRequests, type WorkloadRef } from './software-management-requests.js';
import { workloadStatusFromSdf, type WorkloadStatus } from './software-management-status.js';

/** Whether to read the monitoring object as well: one more request, needed for `monitoring`. */
export type MonitoringChoice = 'with-monitoring' | 'state-only';

/** The status of one workload; undefined when its instance does not exist. */
export async function readWorkload(requests: SoftwareManagementRequests, ref: WorkloadRef, choice: MonitoringChoice): Promise<WorkloadStatus | undefined> {
  const software = await requests.softwareInstance(ref);
  if (software === undefined) return undefined;
  const monitoring = choice === 'with-monitoring' ? await requests.monitoringInstances(ref.thing) : [];
  return workloadStatusFromSdf(software, monitoring);
}

/** Like readWorkload, but a missing instance is FarsideError NOT_FOUND. */
export async function requireWorkload(requests: SoftwareManagementRequests, ref: WorkloadRef, choice: MonitoringChoice): Promise<WorkloadStatus> {
  const status = await readWorkload(requests, ref, choice);
  if (status === undefined) {
    throw new SoftwareManagementError(ERROR_CODES.NOT_FOUND, `${workloadLabel(ref)} does not exist`, { responseCode: SDF_RESPONSE_CODE.NOT_FOUND });
  }
  return status;
}

/** Every workload of `thing`, by instance id, with its monitoring. */
export async function readWorkloads(requests: SoftwareManagementRequests, thing: string): Promise<WorkloadStatus[]> {
  const software = await requests.softwareInstances(thing);
  const monitoring = software.length === 0 ? [] : await requests.monitoringInstances(thing);
  return software.map((instance) => workloadStatusFromSdf(instance, monitoring)).sort((a, b) => a.instance - b.instance);
}
