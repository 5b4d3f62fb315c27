import type { KubeletApiProvider } from './provider.js';
import { UsageHistory, type UsageReading } from './usage-history.js';

/** CPU and memory of a node, pod or container at one moment, as the Summary API counts them. */
export interface UsageSample {
  readonly timeMs: number;
  readonly startMs: number;
  readonly nanoCores: number;
  readonly coreNanoSeconds: number;
  readonly memoryBytes: number;
}

export interface ContainerSample extends UsageSample {
  readonly name: string;
}

export interface PodSample extends UsageSample {
  readonly name: string;
  readonly namespace: string;
  readonly uid: string;
  readonly containers: readonly ContainerSample[];
}

export interface NodeSample extends UsageSample {
  readonly nodeName: string;
  readonly memoryAvailableBytes: number;
  readonly pods: readonly PodSample[];
}

const NODE_KEY = 'node';
const workloadKey = (instance: number): string => `9/${instance}`;
/** A device that reports no RAM use has not said anything true: at least a byte, or metrics-server drops it. */
const atLeastOneByte = (n: number): number => Math.max(1, Math.round(Number.isFinite(n) ? n : 0));

/**
 * Usage of `nodeName` and of each container of its pods that runs a workload the device
 * monitors. Containers without a reading (not started, or gone) are left out, and so are
 * pods left without containers.
 */
export async function sampleNode(provider: KubeletApiProvider, history: UsageHistory, nodeName: string, nowMs: number, signal: AbortSignal): Promise<NodeSample> {
  const usage = await provider.usage(nodeName, { signal });
  const readings = new Map<string, UsageReading>([[NODE_KEY, usage.device]]);
  const placed: { pod: ReturnType<KubeletApiProvider['podsOf']>[number]; container: string; instance: number }[] = [];
  for (const pod of provider.podsOf(nodeName)) {
    const namespace = pod.metadata?.namespace ?? 'default';
    const name = pod.metadata?.name ?? '';
    for (const container of pod.spec?.containers ?? []) {
      const workload = provider.workloadOf(nodeName, namespace, name, container.name);
      const reading = workload === undefined ? undefined : usage.workloads.get(workload.instance);
      if (workload === undefined || reading === undefined) continue;
      readings.set(workloadKey(workload.instance), reading);
      placed.push({ pod, container: container.name, instance: workload.instance });
    }
  }
  const cumulative = history.scrape(nodeName, readings, nowMs);

  const pods = new Map<typeof placed[number]['pod'], ContainerSample[]>();
  for (const { pod, container, instance } of placed) {
    const cpu = cumulative.get(workloadKey(instance))!;
    const memoryBytes = atLeastOneByte(usage.workloads.get(instance)!.memoryBytes);
    const list = pods.get(pod) ?? [];
    list.push({ name: container, timeMs: nowMs, startMs: cpu.startMs, nanoCores: cpu.nanoCores, coreNanoSeconds: cpu.coreNanoSeconds, memoryBytes });
    pods.set(pod, list);
  }
  const node = cumulative.get(NODE_KEY)!;
  return {
    nodeName,
    timeMs: nowMs,
    startMs: node.startMs,
    nanoCores: node.nanoCores,
    coreNanoSeconds: node.coreNanoSeconds,
    memoryBytes: atLeastOneByte(usage.device.memoryBytes),
    memoryAvailableBytes: Math.max(0, Math.round(usage.device.memoryAvailableBytes)),
    pods: [...pods].map(([pod, containers]) => {
      const podStart = timeOf(pod.status?.startTime);
      return {
        name: pod.metadata?.name ?? '',
        namespace: pod.metadata?.namespace ?? 'default',
        uid: pod.metadata?.uid ?? '',
        timeMs: nowMs,
        startMs: Number.isFinite(podStart) ? podStart : Math.min(...containers.map((c) => c.startMs)),
        nanoCores: sum(containers.map((c) => c.nanoCores)),
        coreNanoSeconds: sum(containers.map((c) => c.coreNanoSeconds)),
        memoryBytes: sum(containers.map((c) => c.memoryBytes)),
        containers,
      };
    }),
  };
}

/** A metav1.Time as @kubernetes/client-node gives it (a Date) or as JSON has it (a string). */
function timeOf(value: Date | string | undefined): number {
  if (value instanceof Date) return value.getTime();
  return value === undefined ? NaN : Date.parse(value);
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
