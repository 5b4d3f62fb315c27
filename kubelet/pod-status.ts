import type { V1ContainerStatus, V1Pod, V1PodCondition } from '@kubernetes/client-node';
import type { WorkloadStatus } from '../sdf-models/index.js';
import { ADAPTER_CONDITION_TYPE, adapterConditionOf, type AdapterState } from './adapter-state.js';
import { EMBSERVE_ANNOTATION_PREFIX } from './node-object.js';

/** The Software Management (object 9) instance that runs a pod's workload on its device. */
export const INSTANCE_ANNOTATION = `${EMBSERVE_ANNOTATION_PREFIX}instance`;

/** Pod status reasons this kubelet writes. */
export const POD_REASON = {
  /** The device refused the package; the message carries its explained Update Result. */
  PACKAGE_REFUSED: 'PackageRefused',
  /** The image is missing, unreachable or no embServe artifact. */
  IMAGE_PULL_FAILED: 'ImagePullFailed',
  /** The pod asks for something a device cannot do (several containers, init containers). */
  UNSUPPORTED_POD: 'UnsupportedPod',
  /** The workload stopped or vanished from the device after it ran. */
  WORKLOAD_STOPPED: 'WorkloadStopped',
  /** The communication-adapter.fita/* annotations are invalid. */
  INVALID_ADAPTER: 'InvalidAdapter',
  /** The device restarted, and the workload with it. */
  DEVICE_REBOOTED: 'DeviceRebooted',
} as const;

/** What a pod's single container became on its device. */
export type PodOutcome =
  | {
      readonly kind: 'running';
      readonly thing: string;
      readonly workload: WorkloadStatus;
      readonly startedAt: Date;
      /** Times the workload started again on its own (a device reboot); 0 at first. */
      readonly restartCount?: number;
      /** Why the previous run ended, after a restart. */
      readonly lastTermination?: { readonly reason: string; readonly message: string; readonly finishedAt: Date };
      /** The pod's communication adapter, if it asks for one: the pod is Ready once it is, and takes its IP. */
      readonly adapter?: AdapterState;
    }
  | { readonly kind: 'failed'; readonly reason: string; readonly message: string };

function condition(type: string, ready: boolean, at: Date): V1PodCondition {
  return { type, status: ready ? 'True' : 'False', lastTransitionTime: at };
}

function previousRestarts(pod: V1Pod): number {
  return pod.status?.containerStatuses?.[0]?.restartCount ?? 0;
}

function containerOf(pod: V1Pod): { name: string; image: string } {
  const container = pod.spec?.containers[0];
  return { name: container?.name ?? '', image: container?.image ?? '' };
}

/** The phase and readiness `outcome` gives, so that an unchanged pod is not patched again. */
export function phaseOf(outcome: PodOutcome): 'Running' | 'Failed' {
  return outcome.kind === 'running' ? 'Running' : 'Failed';
}

/** A merge patch for pods/status reporting `outcome`; `now` is the conditions' transition time. */
export function podStatusPatch(pod: V1Pod, outcome: PodOutcome, now: Date): { status: object } {
  const { name, image } = containerOf(pod);
  const running = outcome.kind === 'running';
  const container: V1ContainerStatus = running
    ? {
        name,
        image,
        imageID: '',
        containerID: `embserve://${outcome.thing}/${outcome.workload.instance}`,
        ready: true,
        started: true,
        restartCount: outcome.restartCount ?? 0,
        state: { running: { startedAt: outcome.startedAt } },
        ...(outcome.lastTermination === undefined ? {} : { lastState: { terminated: { exitCode: 0, ...outcome.lastTermination } } }),
      }
    : { name, image, imageID: '', ready: false, started: false, restartCount: previousRestarts(pod), state: { terminated: { exitCode: 1, reason: outcome.reason, message: outcome.message } } };
  const adapter = running ? outcome.adapter : undefined;
  const ready = running && (adapter === undefined || adapter.kind === 'ready');
  const conditions = [condition('PodScheduled', true, now), condition('Initialized', true, now), condition('ContainersReady', running, now), condition('Ready', ready, now)];
  if (adapter !== undefined) conditions.push(adapterConditionOf(adapter, now));
  const address = adapter?.kind === 'ready' ? { podIP: adapter.podIP, podIPs: [{ ip: adapter.podIP }] } : {};
  const startTime = pod.status?.startTime ?? now;
  const failure = running ? { reason: null, message: null } : { reason: outcome.reason, message: outcome.message };
  return { status: { phase: phaseOf(outcome), ...failure, startTime, conditions, containerStatuses: [container], ...address } };
}

/** Whether reporting `outcome` would change what the pod shows; our own patch comes back as a watch event and must not be written again. */
export function outcomeChanges(pod: V1Pod, outcome: PodOutcome): boolean {
  if (pod.status?.phase !== phaseOf(outcome)) return true;
  if (outcome.kind !== 'running') return false;
  const shown = pod.status?.containerStatuses?.[0];
  const adapterShown = pod.status?.conditions?.find((c) => c.type === ADAPTER_CONDITION_TYPE);
  const adapterWanted = outcome.adapter === undefined ? undefined : adapterConditionOf(outcome.adapter);
  const adapterChanged = adapterWanted?.reason !== adapterShown?.reason || (outcome.adapter?.kind === 'ready' && pod.status?.podIP !== outcome.adapter.podIP);
  return adapterChanged || (shown?.restartCount ?? 0) !== (outcome.restartCount ?? 0) || shown?.containerID !== `embserve://${outcome.thing}/${outcome.workload.instance}`;
}
