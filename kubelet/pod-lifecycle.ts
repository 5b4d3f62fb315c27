import type { V1Pod } from '@kubernetes/client-node';
import { z } from 'zod';
import { ERROR_CODES, FarsideError, isFarsideError } from '../errors/index.js';
import { SoftwareManagementError, type SoftwareManagementClient, type WorkloadStatus } from '../sdf-models/index.js';
import type { AdapterController } from './adapter-controller.js';
import type { AdapterContext } from './adapter-resources.js';
import { adapterSpecOf, type AdapterSpec } from './adapter-spec.js';
import type { AdapterState } from './adapter-state.js';
import type { NodeLogger } from './node-lease.js';
import type { PodApi, PodEvent } from './pod-api.js';
import { pullForPod, type PodPullOptions } from './pod-pull.js';
import { INSTANCE_ANNOTATION, outcomeChanges, podStatusPatch, POD_REASON, type PodOutcome } from './pod-status.js';

const instanceText = z.string().regex(/^\d{1,5}$/).transform(Number);
/** A device that reports less uptime than this short of the time since start has restarted the workload, ms. */
const RESTART_SLACK_MS = 3_000;
/** How much the start a device implies (now − uptime) wobbles between reads of one run: reply latency, ms. */
const ACTIVATION_JITTER_MS = 1_000;

/** The calls of SoftwareManagementClient a pod needs. */
export type PodWorkloads = Pick<SoftwareManagementClient, 'deploy' | 'status' | 'remove' | 'list'>;

/** What every pod step works with. */
export interface PodContext {
  readonly api: PodApi;
  readonly workloads: PodWorkloads;
  readonly pull: PodPullOptions;
  readonly now: () => Date;
  /**
   * Set where pods keep no record of their workload across kubelet restarts (static pods):
   * the instances other pods of a node hold. A new pod then adopts an active workload of the
   * same service that no pod holds, instead of installing it twice.
   */
  readonly claimedInstances?: (nodeName: string) => ReadonlySet<number>;
  /** Runs communication adapters for pods that ask for one; without it such pods fail. */
  readonly adapters?: AdapterController;
  /** What adapters are told of the SDF side (broker URL, topic prefix). */
  readonly adapterEnvironment?: Pick<AdapterContext, 'mqttUrl' | 'sdfPrefix'>;
  /** When each running workload started by its device's account (now − uptime, ms), by pod uid: a later one is a restart, however young the pod. */
  readonly activations?: Map<string, number>;
  readonly logger?: NodeLogger;
}

/** A step's wish to look at the pod again soon (an adapter not ready yet), ms. */
export interface StepResult {
  readonly recheckMs?: number;
}

/** How soon a pod whose adapter is pending is looked at again, ms. */
const ADAPTER_RECHECK_MS = 2_000;

/** Where a pod runs. */
export interface PodPlace {
  readonly thing: string;
  readonly nodeName: string;
}

/** The instance annotation; undefined when absent, NaN when someone wrote garbage into it. */
export function instanceOf(pod: V1Pod): number | undefined {
  const text = pod.metadata?.annotations?.[INSTANCE_ANNOTATION];
  if (text === undefined) return undefined;
  const parsed = instanceText.safeParse(text);
  return parsed.success ? parsed.data : Number.NaN;
}

const containerName = (pod: V1Pod): string => pod.spec?.containers[0]?.name ?? '';

function event(context: PodContext, pod: V1Pod, place: PodPlace, type: PodEvent['type'], reason: string, message: string): Promise<void> {
  return context.api.event(pod, place.nodeName, { type, reason, message, container: containerName(pod) });
}

async function report(context: PodContext, pod: V1Pod, outcome: PodOutcome): Promise<void> {
  if (!outcomeChanges(pod, outcome)) return;
  await context.api.patchStatus(pod, podStatusPatch(pod, outcome, context.now()).status);
}

async function fail(context: PodContext, pod: V1Pod, place: PodPlace, reason: string, message: string): Promise<void> {
  if (pod.status?.phase !== 'Failed') await event(context, pod, place, 'Warning', reason === POD_REASON.IMAGE_PULL_FAILED ? 'Failed' : reason, message);
  await report(context, pod, { kind: 'failed', reason, message });
}

function refusal(error: unknown): string | undefined {
  // An Update Result or a package the device (or our schema) rejects will not get better by retrying.
  if (error instanceof SoftwareManagementError && error.updateResult !== undefined) return error.message;
  if (isFarsideError(error, ERROR_CODES.INVALID_INPUT)) return error.message;
  return undefined;
}

const serviceIdentity = z.object({ name: z.string(), version: z.string().optional() });

async function adoptable(context: PodContext, place: PodPlace, service: Uint8Array): Promise<WorkloadStatus | undefined> {
  if (context.claimedInstances === undefined) return undefined;
  let identity: z.infer<typeof serviceIdentity>;
  try {
    identity = serviceIdentity.parse(JSON.parse(new TextDecoder().decode(service)));
  } catch {
    return undefined;
  }
  const claimed = context.claimedInstances(place.nodeName);
  const installed = await context.workloads.list(place.thing);
  return installed.find((w) => w.active && w.name === identity.name && (identity.version === undefined || w.version === identity.version) && !claimed.has(w.instance));
}

/** The device (or the gateway on its behalf) did not answer: nothing was refused. */
export const isDeviceSilence = (error: unknown): boolean => isFarsideError(error, ERROR_CODES.TIMEOUT) || isFarsideError(error, ERROR_CODES.DEVICE_UNAVAILABLE);

const transient = (error: unknown): boolean => !isFarsideError(error) || isDeviceSilence(error);

/** Deploys a new pod's single container to its device, records the instance, reports Running or Failed. Transient failures are thrown for the next event to retry. */
export async function startPod(context: PodContext, pod: V1Pod, place: PodPlace): Promise<StepResult | void> {
  const containers = pod.spec?.containers ?? [];
  const container = containers[0];
  const image = container?.image;
  if (containers.length !== 1 || (pod.spec?.initContainers?.length ?? 0) > 0 || image === undefined || image === '') {
    return fail(context, pod, place, POD_REASON.UNSUPPORTED_POD, 'a device runs pods of exactly one container with an image and no init containers');
  }
  const adapter = adapterOf(context, pod);
  if (typeof adapter === 'string') return fail(context, pod, place, POD_REASON.INVALID_ADAPTER, adapter);
  const pullStarted = context.now().getTime();
  let service: Uint8Array;
  try {
    const pulled = await pullForPod(context.pull, pod, image, container?.imagePullPolicy);
    service = pulled.service;
    for (const name of pulled.missingSecrets) {
      await event(context, pod, place, 'Warning', 'FailedToRetrieveImagePullSecret', `Unable to retrieve some image pull secrets (${name}); attempting to pull the image may not succeed.`);
    }
    const took = context.now().getTime() - pullStarted;
    await event(context, pod, place, 'Normal', 'Pulled', pulled.pulled ? `Successfully pulled image "${image}" in ${took}ms` : `Container image "${image}" already present on machine`);
  } catch (error) {
    if (transient(error)) throw error;
    return fail(context, pod, place, POD_REASON.IMAGE_PULL_FAILED, `${image}: ${(error as Error).message}`);
  }
  let workload: WorkloadStatus;
  let recorded = false;
  try {
    const adopted = await adoptable(context, place, service);
    if (adopted !== undefined && !(await context.api.annotate(pod, { [INSTANCE_ANNOTATION]: String(adopted.instance) }))) return;
    // The instance is on the pod before the package is written: a kubelet that dies mid-deploy
    // finds it there on restart instead of installing a second copy.
    const onCreated = async (instance: number): Promise<void> => {
      if (!(await context.api.annotate(pod, { [INSTANCE_ANNOTATION]: String(instance) }))) throw new FarsideError(ERROR_CODES.CANCELLED, 'the pod was deleted while its workload was being deployed');
      recorded = true;
    };
    workload = adopted ?? (await context.workloads.deploy(place.thing, service, { onCreated }));
  } catch (error) {
    // The deploy removed its instance again: the pod must not keep pointing at it.
    if (recorded) await context.api.annotate(pod, { [INSTANCE_ANNOTATION]: null });
    if (isFarsideError(error, ERROR_CODES.CANCELLED)) return;
    const refused = refusal(error);
    if (refused === undefined) throw error;
    return fail(context, pod, place, POD_REASON.PACKAGE_REFUSED, refused);
  }
  const startedAt = context.now();
  await event(context, pod, place, 'Normal', 'Started', `Started container ${containerName(pod)} as workload ${workload.instance} (${workload.name} ${workload.version}) on ${place.thing}`);
  const adapterState = await ensureAdapter(context, pod, place, adapter, workload.instance);
  await report(context, pod, { kind: 'running', thing: place.thing, workload, startedAt, adapter: adapterState });
  return recheckFor(adapterState);
}

/** The pod's adapter spec; a string says why its annotations are refused. */
function adapterOf(context: PodContext, pod: V1Pod): AdapterSpec | undefined | string {
  try {
    const spec = adapterSpecOf(pod);
    if (spec !== undefined && context.adapters === undefined) return 'this kubelet runs no communication adapters (static pods have no cluster to run them in)';
    return spec;
  } catch (error) {
    if (isFarsideError(error, ERROR_CODES.INVALID_INPUT)) return error.message;
    throw error;
  }
}

async function ensureAdapter(context: PodContext, pod: V1Pod, place: PodPlace, spec: AdapterSpec | undefined, instance: number): Promise<AdapterState | undefined> {
  if (spec === undefined || context.adapters === undefined) return undefined;
  const state = await context.adapters.ensure(pod, spec, { thing: place.thing, nodeName: place.nodeName, instance, ...context.adapterEnvironment });
  const shown = pod.status?.conditions?.find((c) => c.type === 'farside.io/AdapterReady')?.reason;
  if (state.kind === 'timedOut' && shown !== 'AdapterTimedOut') await event(context, pod, place, 'Warning', 'AdapterTimedOut', state.message);
  if (state.kind === 'ready' && shown !== 'AdapterReady') await event(context, pod, place, 'Normal', 'AdapterReady', `communication adapter ${spec.serviceName} serves at ${state.podIP}`);
  return state;
}

const recheckFor = (state: AdapterState | undefined): StepResult => (state?.kind === 'pending' ? { recheckMs: ADAPTER_RECHECK_MS } : {});

/** A pod that already has its workload: its status is read from the device, never redeployed; a device reboot is a container restart. */
export async function refreshPod(context: PodContext, pod: V1Pod, place: PodPlace, instance: number): Promise<StepResult | void> {
  if (!Number.isInteger(instance)) {
    return fail(context, pod, place, POD_REASON.WORKLOAD_STOPPED, `the annotation ${INSTANCE_ANNOTATION} is not a Software Management instance id`);
  }
  let workload: WorkloadStatus;
  try {
    workload = await context.workloads.status(place.thing, instance);
  } catch (error) {
    if (!isFarsideError(error, ERROR_CODES.NOT_FOUND)) throw error;
    return fail(context, pod, place, POD_REASON.WORKLOAD_STOPPED, `workload ${instance} is no longer on ${place.thing}`);
  }
  if (!workload.active) {
    const why = workload.monitoring?.error || `it is ${workload.updateStateName} and not active`;
    return fail(context, pod, place, POD_REASON.WORKLOAD_STOPPED, `workload ${instance} on ${place.thing} stopped: ${why}`);
  }
  const spec = adapterOf(context, pod);
  const adapter = typeof spec === 'string' ? undefined : await ensureAdapter(context, pod, place, spec, instance);
  const now = context.now();
  const shown = pod.status?.containerStatuses?.[0];
  const shownStart = shown?.state?.running?.startedAt;
  const uptimeMs = workload.monitoring?.uptimeMs;
  const restartCount = shown?.restartCount ?? 0;
  const uid = pod.metadata?.uid ?? '';
  // When the device says the workload started: it moves forward only when the workload started again.
  const impliedStart = uptimeMs === undefined ? undefined : now.getTime() - uptimeMs;
  const lastStart = context.activations?.get(uid);
  if (impliedStart !== undefined && (lastStart === undefined || impliedStart > lastStart)) context.activations?.set(uid, impliedStart);
  const startedAgain = lastStart !== undefined && impliedStart !== undefined && impliedStart > lastStart + ACTIVATION_JITTER_MS;
  // Without a remembered start (a kubelet restart), only the time since the container's start can tell.
  const tooShort = shownStart !== undefined && uptimeMs !== undefined && uptimeMs + RESTART_SLACK_MS < now.getTime() - new Date(shownStart).getTime();
  if (shownStart !== undefined && uptimeMs !== undefined && (startedAgain || tooShort)) {
    const startedAt = new Date(now.getTime() - uptimeMs);
    await event(context, pod, place, 'Normal', 'Started', `Started container ${containerName(pod)} again: ${place.thing} restarted it ${Math.round(uptimeMs / 1000)} s ago`);
    const lastTermination = { reason: POD_REASON.DEVICE_REBOOTED, message: `${place.thing} restarted`, finishedAt: startedAt };
    await report(context, pod, { kind: 'running', thing: place.thing, workload, startedAt, restartCount: restartCount + 1, lastTermination, adapter });
    return recheckFor(adapter);
  }
  const startedAt = shownStart ?? new Date(now.getTime() - (uptimeMs ?? 0));
  await report(context, pod, { kind: 'running', thing: place.thing, workload, startedAt, restartCount, adapter });
  return recheckFor(adapter);
}

/** A pod marked for deletion: its workload leaves the device, then the pod goes with grace 0. */
export async function terminatePod(context: PodContext, pod: V1Pod, place: PodPlace, instance: number | undefined): Promise<void> {
  if (instance !== undefined && Number.isInteger(instance)) {
    await event(context, pod, place, 'Normal', 'Killing', `Stopping container ${containerName(pod)}: removing workload ${instance} from ${place.thing}`);
    try {
      await context.workloads.remove(place.thing, instance);
    } catch (error) {
      // A thing the gateway no longer knows holds no workload to wait for.
      if (!isFarsideError(error, ERROR_CODES.NOT_FOUND)) throw error;
    }
  }
  const adapter = adapterOf(context, pod);
  if (typeof adapter === 'object') await context.adapters?.remove(pod, adapter);
  context.activations?.delete(pod.metadata?.uid ?? '');
  await context.api.remove(pod);
}
