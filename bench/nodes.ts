/**
 * `npm run bench -- nodes`: 1,000 simulated devices (BENCH_DEVICES) become 1,000 nodes in
 * one `farside kubelet` process. Figures: time from the kubelet's start until every node is
 * Ready; the kubelet's RSS once they are; and the API requests per second it makes in steady
 * state, counted by the in-process API server over BENCH_WINDOW_S (default 30) seconds after
 * all nodes are Ready (lease renewals, every 10 s per node, dominate). Baseline in the same
 * run: the same kubelet with one node, so the per-node cost is (RSS(N) - RSS(1)) / (N - 1);
 * FITA runs one kubelet pod per device: N such kubelets would take N times the one-node figure.
 * Target (issue 8): RSS under 300 MB for 1,000 nodes.
 */
import { buildCli, memoryOf, progress, readyNodeCount, round, startRig, type Rig, KUBELET_NODE_OPTIONS } from './kubelet-rig.js';

const DEVICES = Number(process.env.BENCH_DEVICES ?? 1000);
const WINDOW_S = Number(process.env.BENCH_WINDOW_S ?? 30);
/** After all nodes are Ready, before the RSS is read: start-up garbage is collected by then. */
const SETTLE_MS = 3_000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface KubeletFigures {
  readonly allReadyS: number;
  readonly rssMb: number;
  readonly peakRssMb: number;
  readonly requestsPerS?: number;
}

/** Starts a kubelet for the rig's devices, waits until `count` nodes are Ready, measures, and stops it. */
async function kubeletFor(rig: Rig, count: number, windowS: number): Promise<KubeletFigures> {
  const kubelet = await rig.startKubelet();
  const t0 = performance.now();
  let shown = -1;
  for (;;) {
    const ready = readyNodeCount(rig.api);
    if (ready !== shown) process.stderr.write(`\rnodes Ready: ${(shown = ready)}/${count}`);
    if (ready >= count) break;
    if (kubelet.exitCode !== null) throw new Error(`farside kubelet exited with ${kubelet.exitCode}`);
    if (performance.now() - t0 > 120_000) throw new Error(`only ${ready} of ${count} nodes Ready after 120 s`);
    await sleep(200);
  }
  const allReadyS = (performance.now() - t0) / 1000;
  process.stderr.write('\n');
  await sleep(SETTLE_MS);
  const before = rig.api.requests;
  await sleep(windowS * 1000);
  const requestsPerS = windowS > 0 ? (rig.api.requests - before) / windowS : undefined;
  const memory = await memoryOf(kubelet.pid!);
  return { allReadyS, rssMb: memory.rssMb, peakRssMb: memory.peakRssMb, ...(requestsPerS === undefined ? {} : { requestsPerS }) };
}

export async function main(): Promise<void> {
  buildCli();
  const single = await startRig(1);
  let one: KubeletFigures;
  try {
    one = await kubeletFor(single, 1, 0);
  } finally {
    await single.close();
  }
  const rig = await startRig(DEVICES);
  try {
    progress(`one kubelet for ${DEVICES} devices; then ${WINDOW_S} s of steady state`);
    const many = await kubeletFor(rig, DEVICES, WINDOW_S);
    const perNodeKb = ((many.rssMb - one.rssMb) * 1024) / Math.max(1, DEVICES - 1);
    process.stdout.write(
      JSON.stringify({
        bench: 'nodes',
        nodes: DEVICES,
        all_ready_s: round(many.allReadyS, 1),
        kubelet_node_options: KUBELET_NODE_OPTIONS,
        kubelet_rss_mb: round(many.rssMb, 1),
        kubelet_peak_rss_mb: round(many.peakRssMb, 1),
        kubelet_rss_kb_per_node: round(perNodeKb, 1),
        api_requests_per_s: round(many.requestsPerS ?? NaN, 1),
        api_requests_per_node_per_s: round((many.requestsPerS ?? NaN) / DEVICES, 3),
        baseline_one_node_rss_mb: round(one.rssMb, 1),
        baseline_one_kubelet_per_device_rss_mb: round(one.rssMb * DEVICES, 0),
        ratio_rss_to_one_kubelet_per_device: round(many.rssMb / (one.rssMb * DEVICES), 4),
        target_met: many.rssMb < 300,
      }) + '\n',
    );
  } finally {
    await rig.close();
  }
}
