import { PatchStrategy, setHeaderOptions, type CoreV1Api, type V1Pod } from '@kubernetes/client-node';
import { z } from 'zod';
import { ERROR_CODES, isFarsideError } from '../errors/index.js';
import { SoftwareManagementError, type SoftwareManagementClient } from '../sdf-models/index.js';
import type { NodeLogger } from './node-lease.js';
import { httpStatusOf } from './node-patches.js';
import type { ServicePuller } from './pod-image.js';
import { INSTANCE_ANNOTATION, phaseOf, podStatusPatch, POD_REASON, type PodOutcome } from './pod-status.js';

const HTTP_NOT_FOUND = 404;
const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
const instanceText = z.string().regex(/^\d{1,5}$/).transform(Number);

/** The calls of SoftwareManagementClient a pod needs. */
export type PodWorkloads = Pick<SoftwareManagementClient, 'deploy' | 'status' | 'remove'>;

/** What every pod step works with. */
export interface PodContext {
  readonly core: CoreV1Api;
  readonly workloads: PodWorkloads;
  readonly pull: ServicePuller;
  readonly now: () => Date;
  readonly logger?: NodeLogger;
}

const keyOf = (pod: V1Pod) => ({ name: pod.metadata?.name ?? '', namespace: pod.metadata?.namespace ?? 'default' });

/** The instance annotation; undefined when absent, NaN when someone wrote garbage into it. */
export function instanceOf(pod: V1Pod): number | undefined {
  const text = pod.metadata?.annotations?.[INSTANCE_ANNOTATION];
  if (text === undefined) return undefined;
  const parsed = instanceText.safeParse(text);
  return parsed.success ? parsed.data : Number.NaN;
}

async function report(context: PodContext, pod: V1Pod, outcome: PodOutcome): Promise<void> {
  // Our own patch comes back as a watch event: an unchanged phase is not written again.
  if (pod.status?.phase === phaseOf(outcome)) return;
  await context.core.patchNamespacedPodStatus({ ...keyOf(pod), body: podStatusPatch(pod, outcome, context.now()) }, mergePatch);
}

function refusal(error: unknown): PodOutcome | undefined {
  // An Update Result or a package the device (or our schema) rejects will not get better by retrying.
  if (error instanceof SoftwareManagementError && error.updateResult !== undefined) return { kind: 'failed', reason: POD_REASON.PACKAGE_REFUSED, message: error.message };
  if (isFarsideError(error, ERROR_CODES.INVALID_INPUT)) return { kind: 'failed', reason: POD_REASON.PACKAGE_REFUSED, message: error.message };
  return undefined;
}

/** Deploys a new pod's single container to `thing`, records the instance, reports Running or Failed. Transient failures are logged and left for the next event. */
export async function startPod(context: PodContext, pod: V1Pod, thing: string): Promise<void> {
  const containers = pod.spec?.containers ?? [];
  const image = containers[0]?.image;
  if (containers.length !== 1 || (pod.spec?.initContainers?.length ?? 0) > 0 || image === undefined) {
    return report(context, pod, { kind: 'failed', reason: POD_REASON.UNSUPPORTED_POD, message: 'a device runs pods of exactly one container with an image and no init containers' });
  }
  let service: Uint8Array;
  try {
    service = await context.pull(image);
  } catch (error) {
    if (!isFarsideError(error) || error.code === ERROR_CODES.TIMEOUT || error.code === ERROR_CODES.DEVICE_UNAVAILABLE) throw error;
    return report(context, pod, { kind: 'failed', reason: POD_REASON.IMAGE_PULL_FAILED, message: `${image}: ${error.message}` });
  }
  let workload;
  try {
    workload = await context.workloads.deploy(thing, service);
  } catch (error) {
    const refused = refusal(error);
    if (refused === undefined) throw error;
    return report(context, pod, refused);
  }
  const startedAt = context.now();
  try {
    await context.core.patchNamespacedPod({ ...keyOf(pod), body: { metadata: { annotations: { [INSTANCE_ANNOTATION]: String(workload.instance) } } } }, mergePatch);
  } catch (error) {
    // Deleted while deploying: nobody would ever remove the workload, so do it now.
    if (httpStatusOf(error) === HTTP_NOT_FOUND) await context.workloads.remove(thing, workload.instance);
    throw error;
  }
  await report(context, pod, { kind: 'running', thing, workload, startedAt });
}

/** A pod that already has its workload: its status is read from the device, never redeployed. */
export async function refreshPod(context: PodContext, pod: V1Pod, thing: string, instance: number): Promise<void> {
  if (!Number.isInteger(instance)) {
    return report(context, pod, { kind: 'failed', reason: POD_REASON.WORKLOAD_STOPPED, message: `the annotation ${INSTANCE_ANNOTATION} is not a Software Management instance id` });
  }
  try {
    const workload = await context.workloads.status(thing, instance);
    if (!workload.active) {
      const why = workload.monitoring?.error || `it is ${workload.updateStateName} and not active`;
      return await report(context, pod, { kind: 'failed', reason: POD_REASON.WORKLOAD_STOPPED, message: `workload ${instance} on ${thing} stopped: ${why}` });
    }
    const startedAt = pod.status?.containerStatuses?.[0]?.state?.running?.startedAt ?? new Date(context.now().getTime() - (workload.monitoring?.uptimeMs ?? 0));
    await report(context, pod, { kind: 'running', thing, workload, startedAt });
  } catch (error) {
    if (!isFarsideError(error, ERROR_CODES.NOT_FOUND)) throw error;
    await report(context, pod, { kind: 'failed', reason: POD_REASON.WORKLOAD_STOPPED, message: `workload ${instance} is no longer on ${thing}` });
  }
}

/** A pod marked for deletion: its workload leaves the device, then the pod goes with grace 0. */
export async function terminatePod(context: PodContext, pod: V1Pod, thing: string, instance: number | undefined): Promise<void> {
  if (instance !== undefined && Number.isInteger(instance)) {
    try {
      await context.workloads.remove(thing, instance);
    } catch (error) {
      // A thing the gateway no longer knows holds no workload to wait for.
      if (!isFarsideError(error, ERROR_CODES.NOT_FOUND)) throw error;
    }
  }
  try {
    await context.core.deleteNamespacedPod({ ...keyOf(pod), gracePeriodSeconds: 0 });
  } catch (error) {
    if (httpStatusOf(error) !== HTTP_NOT_FOUND) throw error;
  }
}
