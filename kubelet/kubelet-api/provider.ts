import type { V1Pod } from '@kubernetes/client-node';

/** The device workload behind one container of a pod this kubelet runs. */
export interface ContainerWorkload {
  readonly pod: V1Pod;
  readonly container: string;
  /** The SDF thing (device) the pod's node stands for. */
  readonly thing: string;
  /** Its Software Management (object 9) instance on the device. */
  readonly instance: number;
}

/** What monitoring (object 35003) says of a workload, or of the whole device. */
export interface WorkloadUsage {
  /** CPU in use, nanocores (1e9 = one core). */
  readonly cpuNanoCores: number;
  /** RAM in use, bytes. */
  readonly memoryBytes: number;
  /** How long it has run, ms. */
  readonly uptimeMs: number;
}

/** A command's result from the device shell. */
export interface ShellResult {
  readonly output: string;
  /** 0, or 1 when the shell replied `error: …`. */
  readonly exitCode: number;
}

/**
 * What the kubelet HTTP API needs from the pod side of the kubelet: the pods of each
 * node and a way to reach their devices. Every call may reject with a FarsideError
 * (NOT_FOUND, TIMEOUT, DEVICE_UNAVAILABLE) which the server turns into an HTTP status.
 */
export interface KubeletApiProvider {
  /** The pods bound to `nodeName` as last seen (any phase). */
  podsOf(nodeName: string): readonly V1Pod[];
  /** The workload behind a container of a pod on `nodeName`; undefined when there is none (yet). */
  workloadOf(nodeName: string, namespace: string, pod: string, container?: string): ContainerWorkload | undefined;
  /** The workload's lines from the device log, oldest first, each as the device wrote it (with its uptime stamp). */
  logLines(workload: ContainerWorkload, options: { readonly signal?: AbortSignal }): Promise<readonly string[]>;
  /** Runs one shell command line on the device of `nodeName`. */
  shell(nodeName: string, commandLine: string, options: { readonly signal?: AbortSignal }): Promise<ShellResult>;
  /** Usage of each workload (by instance) and of the whole device. */
  usage(nodeName: string, options: { readonly signal?: AbortSignal }): Promise<{ readonly device: WorkloadUsage & { readonly memoryAvailableBytes: number }; readonly workloads: ReadonlyMap<number, WorkloadUsage> }>;
}
