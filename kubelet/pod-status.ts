import type { V1ContainerStatus, V1Pod, V1PodCondition } from '@kubernetes/client-node';
import type { WorkloadStatus } from '../sdf-models/index.js';
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
} as const;

/** What a pod's single container became on its device. */
export type PodOutcome =
  | { readonly kind: 'running'; readonly thing: string; readonly workload: WorkloadStatus; readonly startedAt: Date }
  | { readonly kind: 'failed'; readonly reason: string; readonly message: string };

function condition(type: string, ready: boolean, at: Date): V1PodCondition {
  return { type, status: ready ? 'True' : 'False', lastTransitionTime: at };
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
        restartCount: 0,
        state: { running: { startedAt: outcome.startedAt } },
      }
    : { name, image, imageID: '', ready: false, started: false, restartCount: 0, state: { terminated: { exitCode: 1, reason: outcome.reason, message: outcome.message } } };
  const conditions = [condition('PodScheduled', true, now), condition('Initialized', true, now), condition('ContainersReady', running, now), condition('Ready', running, now)];
  const startTime = pod.status?.startTime ?? now;
  const failure = running ? { reason: null, message: null } : { reason: outcome.reason, message: outcome.message };
  return { status: { phase: phaseOf(outcome), ...failure, startTime, conditions, containerStatuses: [container] } };
}
