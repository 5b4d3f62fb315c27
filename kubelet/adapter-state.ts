/** Whether a communication adapter serves yet, read from its Deployment and pods, and the pod condition saying so. */
import type { V1Deployment, V1Pod, V1PodCondition, V1Service } from '@kubernetes/client-node';

export type AdapterState =
  | { readonly kind: 'pending'; readonly message: string }
  | { readonly kind: 'ready'; readonly podIP: string; readonly serviceIP?: string }
  | { readonly kind: 'timedOut'; readonly message: string };

/** The condition the kubelet adds to a device pod that has an adapter. */
export const ADAPTER_CONDITION_TYPE = 'farside.io/AdapterReady';
export const ADAPTER_REASON = { READY: 'AdapterReady', PENDING: 'AdapterPending', TIMED_OUT: 'AdapterTimedOut' } as const;
/**
 * Set on a Deployment whose pod template the kubelet changed: the readiness timeout counts
 * from there, since the creationTimestamp of a long-running adapter would time a new image
 * out at once.
 */
export const ADAPTER_SINCE_ANNOTATION = 'farside.io/adapter-since';

export interface AdapterObservation {
  /** Undefined when it does not exist (yet, or any more). */
  readonly deployment: V1Deployment | undefined;
  /** Pods matching the adapter selector. */
  readonly pods: readonly V1Pod[];
  readonly service: V1Service | undefined;
  readonly now: Date;
  /** ms. */
  readonly readyTimeoutMs: number;
}

const isTrue = (conditions: readonly { type: string; status: string }[] | undefined, type: string): boolean =>
  conditions?.some((c) => c.type === type && c.status === 'True') ?? false;

function servingPod(pods: readonly V1Pod[]): V1Pod | undefined {
  return pods.find((pod) => pod.metadata?.deletionTimestamp === undefined && pod.status?.phase === 'Running' && isTrue(pod.status.conditions, 'Ready') && !!pod.status.podIP);
}

/** Since when the adapter has been meant to come up. */
export function adapterSince(deployment: V1Deployment): Date | undefined {
  const stamps = [deployment.metadata?.creationTimestamp, deployment.metadata?.annotations?.[ADAPTER_SINCE_ANNOTATION]]
    .filter((stamp) => stamp !== undefined)
    .map((stamp) => new Date(stamp).getTime())
    .filter((ms) => !Number.isNaN(ms));
  return stamps.length === 0 ? undefined : new Date(Math.max(...stamps));
}

/** What a pod lacks to serve, in the words `kubectl describe` would use. */
function podProblem(pod: V1Pod): string {
  const name = pod.metadata?.name ?? '?';
  for (const status of [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])]) {
    const waiting = status.state?.waiting;
    if (waiting?.reason !== undefined && waiting.reason !== 'ContainerCreating' && waiting.reason !== 'PodInitializing') {
      return `container ${status.name} of pod ${name} is waiting: ${waiting.reason}${waiting.message ? ` (${waiting.message})` : ''}`;
    }
    const terminated = status.state?.terminated ?? status.lastState?.terminated;
    if (terminated !== undefined) return `container ${status.name} of pod ${name} exited with code ${terminated.exitCode}${terminated.reason ? ` (${terminated.reason})` : ''}`;
  }
  const unscheduled = pod.status?.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'False');
  if (unscheduled !== undefined) return `pod ${name} is not scheduled: ${unscheduled.message ?? unscheduled.reason ?? 'no reason given'}`;
  const phase = pod.status?.phase ?? 'Pending';
  if (phase !== 'Running') return `pod ${name} is ${phase}`;
  if (!pod.status?.podIP) return `pod ${name} has no pod IP yet`;
  return `pod ${name} runs but is not Ready (its readiness probe has not passed)`;
}

function problemOf(deployment: V1Deployment, pods: readonly V1Pod[]): string {
  const name = deployment.metadata?.name ?? '?';
  const live = pods.filter((pod) => pod.metadata?.deletionTimestamp === undefined);
  if (live.length === 0) {
    const failure = deployment.status?.conditions?.find((c) => c.type === 'ReplicaFailure' && c.status === 'True');
    return failure !== undefined ? `Deployment ${name} cannot create its pod: ${failure.message ?? failure.reason}` : `Deployment ${name} has no adapter pod`;
  }
  if (servingPod(live) !== undefined) return `Deployment ${name} reports no available replica`;
  return live.map(podProblem).join('; ');
}

/**
 * Ready once the Deployment counts an available replica and a live pod of it is Running,
 * Ready and has an IP; timed out when that has not happened `readyTimeoutMs` after the
 * Deployment was created (or its template last changed); pending otherwise. Either of the
 * last two says what is missing.
 */
export function adapterStateFrom(observed: AdapterObservation): AdapterState {
  const { deployment, pods, service, now, readyTimeoutMs } = observed;
  if (deployment === undefined) return { kind: 'pending', message: 'the adapter Deployment does not exist yet' };
  const serving = servingPod(pods);
  const podIP = serving?.status?.podIP;
  if ((deployment.status?.availableReplicas ?? 0) >= 1 && podIP !== undefined) {
    const clusterIP = service?.spec?.clusterIP;
    return { kind: 'ready', podIP, ...(clusterIP && clusterIP !== 'None' && { serviceIP: clusterIP }) };
  }
  const problem = problemOf(deployment, pods);
  const since = adapterSince(deployment);
  if (since !== undefined && now.getTime() - since.getTime() >= readyTimeoutMs) {
    return { kind: 'timedOut', message: `adapter ${deployment.metadata?.name ?? '?'} not ready ${readyTimeoutMs / 1000} s after ${since.toISOString()}: ${problem}` };
  }
  return { kind: 'pending', message: problem };
}

/** The `farside.io/AdapterReady` condition for the device pod; `at` is its transition time. */
export function adapterConditionOf(state: AdapterState, at: Date = new Date()): V1PodCondition {
  switch (state.kind) {
    case 'ready':
      return { type: ADAPTER_CONDITION_TYPE, status: 'True', reason: ADAPTER_REASON.READY, message: `adapter serves at ${state.serviceIP ?? state.podIP}`, lastTransitionTime: at };
    case 'pending':
      return { type: ADAPTER_CONDITION_TYPE, status: 'False', reason: ADAPTER_REASON.PENDING, message: state.message, lastTransitionTime: at };
    case 'timedOut':
      return { type: ADAPTER_CONDITION_TYPE, status: 'False', reason: ADAPTER_REASON.TIMED_OUT, message: state.message, lastTransitionTime: at };
    default: {
      const unreachable: never = state;
      return unreachable;
    }
  }
}
