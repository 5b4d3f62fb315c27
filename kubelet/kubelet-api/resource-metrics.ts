/**
 * GET /metrics/resource in the Prometheus text format 0.0.4, named and labelled as the
 * kubelet's resource metrics collector does (pkg/kubelet/metrics/collectors/resource_metrics.go),
 * which metrics-server 0.6 and later scrape instead of the Summary API.
 */
import type { NodeSample } from './node-sample.js';

export const PROMETHEUS_TEXT_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

type Labels = Readonly<Record<string, string>>;
interface Family {
  readonly name: string;
  readonly help: string;
  readonly type: 'counter' | 'gauge';
  readonly samples: readonly { readonly labels: Labels; readonly value: number; readonly timeMs?: number }[];
}

/** Label values escape backslash, double quote and newline (exposition format 0.0.4). */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : '-Inf';
  return String(value);
}

function formatFamily(family: Family): string {
  const lines = [`# HELP ${family.name} ${family.help}`, `# TYPE ${family.name} ${family.type}`];
  for (const { labels, value, timeMs } of family.samples) {
    const names = Object.keys(labels).sort();
    const labelText = names.length === 0 ? '' : `{${names.map((n) => `${n}="${escapeLabelValue(labels[n]!)}"`).join(',')}}`;
    lines.push(`${family.name}${labelText} ${formatValue(value)}${timeMs === undefined ? '' : ` ${Math.floor(timeMs)}`}`);
  }
  return lines.join('\n');
}

export function resourceMetricsFromSample(sample: NodeSample): string {
  const containers = sample.pods.flatMap((pod) => pod.containers.map((c) => ({ pod, c, labels: { container: c.name, namespace: pod.namespace, pod: pod.name } })));
  const podLabels = (pod: NodeSample['pods'][number]): Labels => ({ namespace: pod.namespace, pod: pod.name });
  const families: Family[] = [
    {
      name: 'container_cpu_usage_seconds_total',
      help: '[STABLE] Cumulative cpu time consumed by the container in core-seconds',
      type: 'counter',
      samples: containers.map(({ c, labels }) => ({ labels, value: c.coreNanoSeconds / 1e9, timeMs: c.timeMs })),
    },
    {
      name: 'container_memory_working_set_bytes',
      help: '[STABLE] Current working set of the container in bytes',
      type: 'gauge',
      samples: containers.map(({ c, labels }) => ({ labels, value: c.memoryBytes, timeMs: c.timeMs })),
    },
    {
      name: 'container_start_time_seconds',
      help: '[STABLE] Start time of the container since unix epoch in seconds',
      type: 'gauge',
      samples: containers.map(({ c, labels }) => ({ labels, value: c.startMs / 1000, timeMs: c.timeMs })),
    },
    {
      name: 'node_cpu_usage_seconds_total',
      help: '[STABLE] Cumulative cpu time consumed by the node in core-seconds',
      type: 'counter',
      samples: [{ labels: {}, value: sample.coreNanoSeconds / 1e9, timeMs: sample.timeMs }],
    },
    {
      name: 'node_memory_working_set_bytes',
      help: '[STABLE] Current working set of the node in bytes',
      type: 'gauge',
      samples: [{ labels: {}, value: sample.memoryBytes, timeMs: sample.timeMs }],
    },
    {
      name: 'pod_cpu_usage_seconds_total',
      help: '[STABLE] Cumulative cpu time consumed by the pod in core-seconds',
      type: 'counter',
      samples: sample.pods.map((pod) => ({ labels: podLabels(pod), value: pod.coreNanoSeconds / 1e9, timeMs: pod.timeMs })),
    },
    {
      name: 'pod_memory_working_set_bytes',
      help: '[STABLE] Current working set of the pod in bytes',
      type: 'gauge',
      samples: sample.pods.map((pod) => ({ labels: podLabels(pod), value: pod.memoryBytes, timeMs: pod.timeMs })),
    },
    // Newer kubelets publish both names; older scrapers know only the first.
    { name: 'resource_scrape_error', help: '[STABLE] 1 if there was an error while getting container metrics, 0 otherwise', type: 'gauge', samples: [{ labels: {}, value: 0 }] },
    { name: 'scrape_error', help: '[ALPHA] 1 if there was an error while getting container metrics, 0 otherwise', type: 'gauge', samples: [{ labels: {}, value: 0 }] },
  ];
  return `${families.map(formatFamily).join('\n')}\n`;
}
