/**
 * `npm run bench -- deploy`: 100 simulated devices (BENCH_DEVICES) become nodes in one
 * `farside kubelet` process; then one pod per node (the temperature service, from an OCI
 * image layout), each bound with spec.nodeName. Figure: per pod, the time from its create
 * call returning to its status.phase turning Running, seen through a watch. p50/p99: pods
 * created one after the other (each once the one before runs), like the baseline; burst_*:
 * 100 more created at once, where every deployment shares the same CPUs, so they finish
 * together. Plus the kubelet's RSS. Baseline in the same run, on the same devices: the
 * same services deployed strictly one at a time through SoftwareManagementClient, as FITA's
 * kubelet does, without Kubernetes. Target (issue 8): p50 under 150 ms.
 */
import type { ChildProcess } from 'node:child_process';
import type { V1Pod } from '@kubernetes/client-node';
import { LayoutTarget, packEmbServeArtifact, storePacked } from '../oci/index.js';
import { SdfClient, SoftwareManagementClient } from '../sdf-models/index.js';
import { TEMPERATURE_SERVICE } from '../test/support/services.js';
import { PodRunTimer, type PodRunTime } from './kubelet-pod-timer.js';
import { buildCli, makeTempDir, memoryOf, percentile, progress, readyNodeCount, removeTempDir, round, startRig, type Rig, KUBELET_NODE_OPTIONS } from './kubelet-rig.js';

const DEVICES = Number(process.env.BENCH_DEVICES ?? 100);
const NAMESPACE = 'default';
const TAG = 'temp';
const POD_TIMEOUT_MS = 60_000;

async function storeTemperature(dir: string): Promise<Uint8Array> {
  const service = new TextEncoder().encode(JSON.stringify(TEMPERATURE_SERVICE));
  await storePacked(await LayoutTarget.open(dir, { create: true }), packEmbServeArtifact({ service, created: new Date(0) }), TAG);
  return service;
}

const things = (): string[] => Array.from({ length: DEVICES }, (_, i) => `dev-${i + 1}`);

/** FITA's way: one deployment after the other, each waited for, then each removed again so the kubelet starts on clean devices. */
async function sequentialDeploys(rig: Rig, service: Uint8Array): Promise<{ latencies: number[]; totalMs: number }> {
  const sdf = new SdfClient({ url: rig.broker.url, protocolVersion: 4 });
  await sdf.start();
  try {
    const workloads = new SoftwareManagementClient(sdf);
    const latencies: number[] = [];
    const deployed: [string, number][] = [];
    const t0 = performance.now();
    for (const thing of things()) {
      const start = performance.now();
      const status = await workloads.deploy(thing, service);
      latencies.push(performance.now() - start);
      deployed.push([thing, status.instance]);
    }
    const totalMs = performance.now() - t0;
    await Promise.all(deployed.map(([thing, instance]) => workloads.remove(thing, instance)));
    return { latencies: latencies.sort((a, b) => a - b), totalMs };
  } finally {
    await sdf.close();
  }
}

async function untilNodes(rig: Rig, kubelet: ChildProcess, count: number): Promise<void> {
  const t0 = performance.now();
  while (readyNodeCount(rig.api) < count) {
    if (kubelet.exitCode !== null) throw new Error(`farside kubelet exited with ${kubelet.exitCode}`);
    if (performance.now() - t0 > 60_000) throw new Error(`only ${readyNodeCount(rig.api)} of ${count} nodes Ready after 60 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

interface PodTimes {
  /** Create → Running per pod, ms, sorted. */
  readonly running: number[];
  /** Create → workload on the device per pod, ms, sorted. */
  readonly deployed: number[];
  readonly totalMs: number;
}

const podOn = (name: string, thing: string, image: string): V1Pod => ({
  metadata: { name, namespace: NAMESPACE },
  spec: { nodeName: `farside-${thing}`, containers: [{ name: 'temperature', image }] },
});

/** One pod per node; `paced`: each created once the one before runs, else all at once (a Deployment scaled to N). */
async function timePods(rig: Rig, image: string, prefix: string, paced: boolean): Promise<PodTimes> {
  const timer = new PodRunTimer(rig.api.kubeConfig(), NAMESPACE);
  await timer.start();
  const t0 = performance.now();
  try {
    const pods = things().map((thing, i) => podOn(`${prefix}-${i + 1}`, thing, image));
    const times: PodRunTime[] = [];
    if (paced) for (const pod of pods) times.push(await timer.run(pod, POD_TIMEOUT_MS));
    else times.push(...(await Promise.all(pods.map((pod) => timer.run(pod, POD_TIMEOUT_MS)))));
    const sorted = (values: number[]): number[] => values.sort((a, b) => a - b);
    return { running: sorted(times.map((t) => t.runningMs)), deployed: sorted(times.map((t) => t.deployedMs)), totalMs: performance.now() - t0 };
  } finally {
    timer.stop();
  }
}

export async function main(): Promise<void> {
  buildCli();
  const store = await makeTempDir('farside-bench-store-');
  const service = await storeTemperature(store);
  const rig = await startRig(DEVICES);
  try {
    progress(`baseline: ${DEVICES} deployments one at a time through Software Management`);
    const fita = await sequentialDeploys(rig, service);
    const kubelet = await rig.startKubelet();
    const t0 = performance.now();
    await untilNodes(rig, kubelet, DEVICES);
    progress(`${DEVICES} nodes Ready in ${round((performance.now() - t0) / 1000, 1)} s; ${DEVICES} pods one at a time`);
    const image = `oci-layout:${store}:${TAG}`;
    const paced = await timePods(rig, image, 'paced', true);
    progress(`${DEVICES} more pods, all at once`);
    const burst = await timePods(rig, image, 'burst', false);
    const memory = await memoryOf(kubelet.pid!);
    const p50 = percentile(paced.running, 50);
    const fitaP50 = percentile(fita.latencies, 50);
    process.stdout.write(
      JSON.stringify({
        bench: 'deploy',
        pods: DEVICES,
        p50_ms: round(p50, 1),
        p99_ms: round(percentile(paced.running, 99), 1),
        on_device_p50_ms: round(percentile(paced.deployed, 50), 1),
        burst_p50_ms: round(percentile(burst.running, 50), 1),
        burst_p99_ms: round(percentile(burst.running, 99), 1),
        burst_all_running_ms: round(burst.totalMs, 0),
        kubelet_node_options: KUBELET_NODE_OPTIONS,
        kubelet_rss_mb: round(memory.rssMb, 1),
        kubelet_peak_rss_mb: round(memory.peakRssMb, 1),
        fita_like_sequential_p50_ms: round(fitaP50, 1),
        fita_like_sequential_total_ms: round(fita.totalMs, 0),
        ratio_p50_to_sequential: round(p50 / fitaP50),
        ratio_burst_total_to_sequential_total: round(burst.totalMs / fita.totalMs),
        target_met: p50 < 150,
      }) + '\n',
    );
  } finally {
    await rig.close();
    await removeTempDir(store);
  }
}
