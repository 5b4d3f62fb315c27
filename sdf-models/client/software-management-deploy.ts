/**
 * The FITA deployment after the create (sdf-models/CONTRACT.md; OMA Software Management
 * 1.0 state machine): write the package, Install, Activate, each followed by reading the
 * Update State until the device has left the transitional states. A real device may
 * verify, install or start a workload after its 2.04; the simulator does it at once.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { ERROR_CODES, FarsideError, type ErrorCode } from '../../errors/index.js';
import { isSdfSuccess } from '../contract/response-code.js';
import { SOFTWARE_UPDATE_RESULT as RESULT, SOFTWARE_UPDATE_STATE as STATE, explainUpdateResult, isUpdateFailure } from './software-management-codes.js';
import { errorCodeOfReply } from '../contract/error-response.js';
import { SoftwareManagementError, errorFromSdfReply } from './software-management-errors.js';
import { requireWorkload, type MonitoringChoice } from './software-management-read.js';
import { workloadLabel, type SoftwareManagementRequests, type WorkloadRef } from './software-management-requests.js';
import { SOFTWARE_MANAGEMENT_SDF as S, type WorkloadStatus } from './software-management-status.js';

/** How long to wait for a device to settle, and how often to look. */
export interface SettleTimings {
  /** ms */
  readonly timeoutMs: number;
  /** ms */
  readonly pollIntervalMs: number;
}

/** The error category of a failure Update Result: a lost connection is the device's reachability, 57–59 its own fault, the rest the package's. */
export function errorCodeOfUpdateResult(result: number): ErrorCode {
  if (result === RESULT.CONNECTION_LOST) return ERROR_CODES.DEVICE_UNAVAILABLE;
  if (result === RESULT.UPDATE_ERROR || result === RESULT.INSTALL_FAILURE || result === RESULT.UNINSTALL_FAILURE) return ERROR_CODES.INTERNAL;
  return ERROR_CODES.INVALID_INPUT;
}

/** Writes the package and waits until the device has verified it (DELIVERED) or refused it. */
export async function deliverPackage(requests: SoftwareManagementRequests, ref: WorkloadRef, pkg: Uint8Array, timings: SettleTimings): Promise<void> {
  await requests.writePackage(ref, pkg);
  const inTransit = (s: WorkloadStatus): boolean => s.updateState === STATE.DOWNLOAD_STARTED || s.updateState === STATE.DOWNLOADED;
  const status = await settle(requests, ref, inTransit, timings, 'state-only');
  if (status.updateState === STATE.DELIVERED) return;
  if (status.updateState === STATE.INITIAL && isUpdateFailure(status.updateResult)) {
    const result = status.updateResult;
    throw new SoftwareManagementError(errorCodeOfUpdateResult(result), `the device refused the package: ${explainUpdateResult(result)}`, { updateResult: result });
  }
  throw unexpected(ref, 'after the package was written', status);
}

/** Executes Install and waits until the package is INSTALLED or the install failed. */
export async function installPackage(requests: SoftwareManagementRequests, ref: WorkloadRef, timings: SettleTimings): Promise<void> {
  const response = await requests.execute(ref, S.INSTALL);
  if (!isSdfSuccess(response.response_code)) throw errorFromSdfReply(response, `${S.INSTALL} of ${workloadLabel(ref)}`);
  const installing = (s: WorkloadStatus): boolean => s.updateState === STATE.DELIVERED && !isUpdateFailure(s.updateResult);
  const status = await settle(requests, ref, installing, timings, 'state-only');
  if (status.updateState === STATE.INSTALLED) return;
  if (isUpdateFailure(status.updateResult)) {
    const result = status.updateResult;
    throw new SoftwareManagementError(errorCodeOfUpdateResult(result), `the device could not install the package: ${explainUpdateResult(result)}`, { updateResult: result });
  }
  throw unexpected(ref, `after ${S.INSTALL}`, status);
}

/** Executes Activate and waits until the workload runs; a refusal is explained by its monitoring error when there is one. */
export async function activateWorkload(requests: SoftwareManagementRequests, ref: WorkloadRef, timings: SettleTimings): Promise<WorkloadStatus> {
  const response = await requests.execute(ref, S.ACTIVATE);
  if (!isSdfSuccess(response.response_code)) {
    const status = await requireWorkload(requests, ref, 'with-monitoring');
    const why = status.monitoring?.error || errorFromSdfReply(response, `${S.ACTIVATE} of ${workloadLabel(ref)}`).message;
    throw new SoftwareManagementError(errorCodeOfReply(response.response_code), `the device could not activate the workload: ${why}`, { responseCode: response.response_code });
  }
  const starting = (s: WorkloadStatus): boolean => !s.active && !s.monitoring?.error;
  const status = await settle(requests, ref, starting, timings, 'with-monitoring');
  if (status.active) return status;
  throw new SoftwareManagementError(ERROR_CODES.INTERNAL, `the workload stopped right after it was activated: ${status.monitoring?.error ?? 'no reason given'}`);
}

/** Reads the workload until `busy` says it settled; FarsideError TIMEOUT when it does not in time. */
async function settle(requests: SoftwareManagementRequests, ref: WorkloadRef, busy: (s: WorkloadStatus) => boolean, timings: SettleTimings, choice: MonitoringChoice): Promise<WorkloadStatus> {
  const deadline = Date.now() + timings.timeoutMs;
  for (;;) {
    const status = await requireWorkload(requests, ref, choice);
    if (!busy(status)) return status;
    if (Date.now() >= deadline) {
      throw new FarsideError(ERROR_CODES.TIMEOUT, `${workloadLabel(ref)} stayed in Update State ${status.updateState} ${status.updateStateName} for ${timings.timeoutMs} ms`);
    }
    await pause(timings.pollIntervalMs, requests.signal);
  }
}

async function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  try {
    await sleep(ms, undefined, signal === undefined ? {} : { signal });
  } catch (err) {
    throw new FarsideError(ERROR_CODES.CANCELLED, 'the deployment was cancelled', { cause: err });
  }
}

function unexpected(ref: WorkloadRef, when: string, status: WorkloadStatus): FarsideError {
  const { updateState, updateStateName, updateResult } = status;
  return new SoftwareManagementError(ERROR_CODES.INTERNAL, `${workloadLabel(ref)} is in Update State ${updateState} ${updateStateName} ${when} (Update Result ${explainUpdateResult(updateResult)})`, {
    updateResult,
  });
}
