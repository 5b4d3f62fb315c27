/**
 * The kubelet Summary API (GET /stats/summary, k8s.io/kubelet/pkg/apis/stats/v1alpha1) of
 * one node: what metrics-server before 0.6 and `kubectl get --raw .../proxy/stats/summary` read.
 */
import type { NodeSample, UsageSample } from './node-sample.js';

/** metav1.Time: RFC 3339 in whole seconds. */
const metaTime = (ms: number): string => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

function cpuStats(s: UsageSample): object {
  return { time: metaTime(s.timeMs), usageNanoCores: s.nanoCores, usageCoreNanoSeconds: s.coreNanoSeconds };
}

function memoryStats(s: UsageSample, availableBytes?: number): object {
  return {
    time: metaTime(s.timeMs),
    ...(availableBytes === undefined ? {} : { availableBytes }),
    usageBytes: s.memoryBytes,
    workingSetBytes: s.memoryBytes,
    rssBytes: s.memoryBytes,
    pageFaults: 0,
    majorPageFaults: 0,
  };
}

export function statsSummaryFromSample(sample: NodeSample): object {
  return {
    node: {
      nodeName: sample.nodeName,
      startTime: metaTime(sample.startMs),
      cpu: cpuStats(sample),
      memory: memoryStats(sample, sample.memoryAvailableBytes),
      systemContainers: [],
    },
    pods: sample.pods.map((pod) => ({
      podRef: { name: pod.name, namespace: pod.namespace, uid: pod.uid },
      startTime: metaTime(pod.startMs),
      containers: pod.containers.map((c) => ({ name: c.name, startTime: metaTime(c.startMs), cpu: cpuStats(c), memory: memoryStats(c) })),
      cpu: cpuStats(pod),
      memory: memoryStats(pod),
    })),
  };
}
