import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { KubeletApiServer } from './kubelet-api-server.js';
import { FakeProvider, freePortRange, get, pod } from './test-kubelet-api.js';
import { escapeLabelValue } from './resource-metrics.js';
import { selfSignedKubeletTls, type TlsPem } from './self-signed-tls.js';

const T0 = Date.parse('2025-06-01T12:00:00.000Z');

interface Summary {
  node: { nodeName: string; cpu: { time: string; usageNanoCores: number; usageCoreNanoSeconds: number }; memory: Record<string, number | string> };
  pods: {
    podRef: { name: string; namespace: string; uid: string };
    startTime: string;
    cpu: { usageNanoCores: number; usageCoreNanoSeconds: number };
    memory: { workingSetBytes: number };
    containers: { name: string; startTime: string; cpu: { usageNanoCores: number; usageCoreNanoSeconds: number }; memory: { workingSetBytes: number; usageBytes: number } }[];
  }[];
}

describe('GET /stats/summary and /metrics/resource', () => {
  let pem: TlsPem;
  let server: KubeletApiServer;
  let provider: FakeProvider;
  let port: number;
  let now = T0;
  beforeAll(async () => {
    pem = await selfSignedKubeletTls('127.0.0.1');
  });
  afterEach(() => server.close());

  async function start(): Promise<void> {
    now = T0;
    provider = new FakeProvider();
    provider.addPod('n', pod('temp', 'n'), 0);
    provider.addPod('n', pod('idle', 'n'), 1);
    provider.addPod('n', pod('pending', 'n'));
    provider.addPod('other', pod('elsewhere', 'other'), 0);
    // 0.2 core for 10 s so far; the idle workload reports no CPU and no memory at all.
    provider.setUsage('n', { cpuNanoCores: 300_000_000, memoryBytes: 200_000, uptimeMs: 60_000, memoryAvailableBytes: 56_000 }, {
      0: { cpuNanoCores: 200_000_000, memoryBytes: 50_000, uptimeMs: 10_000 },
      1: { cpuNanoCores: 0, memoryBytes: 0, uptimeMs: 5_000 },
    });
    server = new KubeletApiServer({ provider, tls: pem, host: '127.0.0.1', ...(await freePortRange()), now: () => now });
    await server.start();
    port = await server.addNode('n');
  }

  it('reports node and pod usage in the Summary API shape, from the device\'s monitoring', async () => {
    await start();
    const reply = await get(port, '/stats/summary', pem.cert);
    expect(reply.status).toBe(200);
    const summary = JSON.parse(reply.body) as Summary;
    expect(summary.node).toMatchObject({
      nodeName: 'n',
      cpu: { time: '2025-06-01T12:00:00Z', usageNanoCores: 300_000_000, usageCoreNanoSeconds: 18_000_000_000 },
      memory: { workingSetBytes: 200_000, usageBytes: 200_000, rssBytes: 200_000, availableBytes: 56_000 },
    });
    expect(summary.pods.map((p) => p.podRef)).toEqual([
      { name: 'temp', namespace: 'default', uid: 'uid-temp' },
      { name: 'idle', namespace: 'default', uid: 'uid-idle' },
    ]);
    const [temp, idle] = summary.pods;
    expect(temp!.startTime).toBe('2025-01-01T00:00:00Z');
    expect(temp!.containers).toEqual([
      expect.objectContaining({ name: 'main', startTime: '2025-06-01T11:59:50Z', cpu: expect.objectContaining({ usageNanoCores: 200_000_000, usageCoreNanoSeconds: 2_000_000_000 }) }),
    ]);
    expect(temp!.containers[0]!.memory).toMatchObject({ workingSetBytes: 50_000, usageBytes: 50_000 });
    expect(temp!.cpu.usageCoreNanoSeconds).toBe(2_000_000_000);
    // metrics-server drops containers whose CPU is 0; a running workload never reports that.
    expect(idle!.containers[0]!.cpu.usageNanoCores).toBeGreaterThan(0);
    expect(idle!.containers[0]!.cpu.usageCoreNanoSeconds).toBeGreaterThan(0);
    expect(idle!.containers[0]!.memory.workingSetBytes).toBeGreaterThan(0);
  });

  it('keeps cumulative CPU growing across scrapes while the uptime grows', async () => {
    await start();
    const first = JSON.parse((await get(port, '/stats/summary', pem.cert)).body) as Summary;
    now += 5_000;
    provider.setUsage('n', { cpuNanoCores: 100_000_000, memoryBytes: 200_000, uptimeMs: 65_000, memoryAvailableBytes: 56_000 }, {
      0: { cpuNanoCores: 400_000_000, memoryBytes: 51_000, uptimeMs: 15_000 },
      1: { cpuNanoCores: 0, memoryBytes: 0, uptimeMs: 10_000 },
    });
    const second = JSON.parse((await get(port, '/stats/summary', pem.cert)).body) as Summary;
    // 2 s of core time so far, then 0.4 core for 5 s more.
    expect(second.pods[0]!.containers[0]!.cpu.usageCoreNanoSeconds).toBe(2_000_000_000 + 2_000_000_000);
    expect(second.node.cpu.usageCoreNanoSeconds).toBe(18_000_000_000 + 500_000_000);
    expect(second.pods[1]!.containers[0]!.cpu.usageCoreNanoSeconds).toBeGreaterThan(first.pods[1]!.containers[0]!.cpu.usageCoreNanoSeconds);
    // The start time does not wander with each scrape.
    expect(second.pods[0]!.containers[0]!.startTime).toBe(first.pods[0]!.containers[0]!.startTime);
    now += 5_000;
    const metrics = (await get(port, '/metrics/resource', pem.cert)).body;
    const cpu = Number(/^container_cpu_usage_seconds_total\{container="main",namespace="default",pod="temp"\} (\S+) \d+$/m.exec(metrics)?.[1]);
    expect(cpu).toBeGreaterThanOrEqual(4);
  });

  it('serves the kubelet\'s resource metrics in the Prometheus text format, with millisecond timestamps', async () => {
    await start();
    const reply = await get(port, '/metrics/resource', pem.cert);
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    const lines = reply.body.split('\n');
    const ts = String(T0);
    for (const [name, type] of [
      ['container_cpu_usage_seconds_total', 'counter'],
      ['container_memory_working_set_bytes', 'gauge'],
      ['container_start_time_seconds', 'gauge'],
      ['node_cpu_usage_seconds_total', 'counter'],
      ['node_memory_working_set_bytes', 'gauge'],
      ['pod_cpu_usage_seconds_total', 'counter'],
      ['pod_memory_working_set_bytes', 'gauge'],
      ['scrape_error', 'gauge'],
    ]) {
      expect(lines).toContain(`# TYPE ${name} ${type}`);
      expect(lines.some((l) => l.startsWith(`# HELP ${name} `))).toBe(true);
    }
    expect(lines).toContain(`container_cpu_usage_seconds_total{container="main",namespace="default",pod="temp"} 2 ${ts}`);
    expect(lines).toContain(`container_memory_working_set_bytes{container="main",namespace="default",pod="temp"} 50000 ${ts}`);
    expect(lines).toContain(`container_start_time_seconds{container="main",namespace="default",pod="temp"} ${(T0 - 10_000) / 1000} ${ts}`);
    expect(lines).toContain(`node_cpu_usage_seconds_total 18 ${ts}`);
    expect(lines).toContain(`node_memory_working_set_bytes 200000 ${ts}`);
    expect(lines).toContain(`pod_cpu_usage_seconds_total{namespace="default",pod="temp"} 2 ${ts}`);
    expect(lines).toContain(`pod_memory_working_set_bytes{namespace="default",pod="temp"} 50000 ${ts}`);
    expect(lines).toContain('scrape_error 0');
    expect(reply.body).not.toContain('elsewhere');
    expect(reply.body).not.toContain('pending');
    expect(reply.body.endsWith('\n')).toBe(true);
  });

  it('escapes backslashes, quotes and newlines in label values', () => {
    expect(escapeLabelValue('a\\b"c\nd')).toBe('a\\\\b\\"c\\nd');
  });
});
