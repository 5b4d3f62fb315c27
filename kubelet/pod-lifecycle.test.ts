import type { V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, FarsideError } from '../errors/index.js';
import type { WorkloadStatus } from '../sdf-models/index.js';
import type { PodApi } from './pod-api.js';
import { refreshPod, startPod, terminatePod, type PodContext, type PodWorkloads } from './pod-lifecycle.js';
import { PulledImages } from './pod-pull.js';
import { INSTANCE_ANNOTATION } from './pod-status.js';

const pod: V1Pod = { metadata: { name: 'p', namespace: 'default' }, spec: { nodeName: 'farside-dev', containers: [{ name: 'main', image: 'oci-layout:/s:t' }] }, status: { phase: 'Pending' } };
const workload: WorkloadStatus = { instance: 0, name: 'temperature', version: '1.0.0', updateState: 4, updateStateName: 'INSTALLED', updateResult: 2, updateResultText: 'success', active: true };
const place = { thing: 'dev', nodeName: 'farside-dev' };

interface Overrides {
  annotate?: () => Promise<boolean>;
  remove?: () => Promise<boolean>;
  deploy?: () => Promise<WorkloadStatus>;
  status?: () => Promise<WorkloadStatus>;
  now?: () => Date;
}

function context(overrides: Overrides = {}) {
  const calls: string[] = [];
  const statuses: Record<string, unknown>[] = [];
  const events: string[] = [];
  const api: PodApi = {
    watchNode: () => () => undefined,
    listNode: async () => [],
    read: async () => pod,
    patchStatus: async (_pod, status) => void (calls.push('status'), statuses.push(status as Record<string, unknown>)),
    annotate: async (_pod, annotations) => (calls.push(Object.values(annotations)[0] === null ? 'unannotate' : 'annotate'), (overrides.annotate ?? (async () => true))()),
    remove: async () => void calls.push('delete'),
    secret: async () => undefined,
    event: async (_pod, _node, e) => void events.push(`${e.type} ${e.reason}: ${e.message}`),
  };
  const workloads: PodWorkloads = {
    deploy: async (_thing, _service, options) => {
      calls.push('deploy');
      try {
        await options?.onCreated?.(0);
      } catch (error) {
        // As SoftwareManagementClient does: the created instance goes again.
        calls.push('rollback');
        throw error;
      }
      return (overrides.deploy ?? (async () => workload))();
    },
    status: async () => (overrides.status ?? (async () => workload))(),
    remove: async () => (calls.push('remove'), (overrides.remove ?? (async () => true))()),
    list: async () => [workload],
  };
  const images = new PulledImages();
  const ctx: PodContext = { api, workloads, pull: { api, registry: {}, pull: async () => (calls.push('pull'), new Uint8Array([123])), images }, now: overrides.now ?? (() => new Date(0)) };
  return { ctx, calls, statuses, events, images };
}

describe('pod steps', () => {
  it('removes the workload again when the pod was deleted while it was being deployed', async () => {
    const { ctx, calls } = context({ annotate: async () => false });
    await startPod(ctx, pod, place);
    expect(calls).toEqual(['pull', 'deploy', 'annotate', 'rollback']);
  });

  it('leaves a pod Pending when the device does not answer, so that a later event deploys it', async () => {
    const { ctx, calls } = context({ deploy: () => Promise.reject(new FarsideError(ERROR_CODES.TIMEOUT, 'no answer')) });
    await expect(startPod(ctx, pod, place)).rejects.toMatchObject({ code: ERROR_CODES.TIMEOUT });
    // The instance was recorded before the device timed out; the deploy removed it, so the record goes too.
    expect(calls).toEqual(['pull', 'deploy', 'annotate', 'unannotate']);
  });

  it('adopts an active workload of the same service that no pod holds when pods keep no record (static pods)', async () => {
    const { ctx, calls } = context();
    const service = new TextEncoder().encode(JSON.stringify({ name: 'temperature', version: '1.0.0' }));
    const adopting: PodContext = { ...ctx, pull: { ...ctx.pull, pull: async () => service }, claimedInstances: () => new Set() };
    await startPod(adopting, pod, place);
    expect(calls).toEqual(['annotate', 'status']);
    calls.length = 0;
    await startPod({ ...adopting, claimedInstances: () => new Set([0]) }, pod, place);
    expect(calls).toEqual(['deploy', 'annotate', 'status']);
  });

  it('records Pulled and Started events for a pod it runs', async () => {
    const { ctx, events } = context();
    await startPod(ctx, pod, place);
    expect(events).toEqual([expect.stringMatching(/^Normal Pulled: Successfully pulled image "oci-layout:\/s:t"/), expect.stringMatching(/^Normal Started: Started container main as workload 0 \(temperature 1\.0\.0\) on dev/)]);
  });

  it('pulls again under Always, reuses a pulled image under IfNotPresent, and fails under Never when nothing was pulled', async () => {
    const withPolicy = (policy: string): V1Pod => ({ ...pod, spec: { ...pod.spec, containers: [{ name: 'main', image: 'oci-layout:/s:t', imagePullPolicy: policy }] } });
    const { ctx, calls, statuses } = context();
    await startPod(ctx, withPolicy('Never'), place);
    expect(calls).toEqual(['status']);
    expect(statuses[0]).toMatchObject({ phase: 'Failed', reason: 'ImagePullFailed', message: expect.stringMatching(/imagePullPolicy is Never/) as unknown });
    calls.length = 0;
    await startPod(ctx, withPolicy('IfNotPresent'), place);
    await startPod(ctx, withPolicy('IfNotPresent'), place);
    await startPod(ctx, withPolicy('Always'), place);
    expect(calls.filter((c) => c === 'pull')).toHaveLength(2);
  });

  it('counts a restart when the device reports less uptime than the time since the container started', async () => {
    const startedAt = new Date(0);
    const running: V1Pod = {
      ...pod,
      metadata: { ...pod.metadata, annotations: { [INSTANCE_ANNOTATION]: '0' } },
      status: { phase: 'Running', containerStatuses: [{ name: 'main', image: 'x', imageID: '', ready: true, restartCount: 0, containerID: 'embserve://dev/0', state: { running: { startedAt } } }] },
    };
    const rebooted = { ...workload, monitoring: { cpuPercent: 1, memoryBytes: 100, uptimeMs: 2_000, error: '' } };
    const { ctx, statuses, events } = context({ status: async () => rebooted, now: () => new Date(60_000) });
    await refreshPod(ctx, running, place, 0);
    const container = (statuses[0]?.['containerStatuses'] as Record<string, unknown>[])[0];
    expect(container).toMatchObject({ restartCount: 1, state: { running: { startedAt: new Date(58_000) } }, lastState: { terminated: { reason: 'DeviceRebooted' } } });
    expect(events).toEqual([expect.stringMatching(/Started container main again/)]);
  });

  it('changes nothing for a running workload whose uptime matches', async () => {
    const running: V1Pod = {
      ...pod,
      status: { phase: 'Running', containerStatuses: [{ name: 'main', image: 'x', imageID: '', ready: true, restartCount: 0, containerID: 'embserve://dev/0', state: { running: { startedAt: new Date(0) } } }] },
    };
    const steady = { ...workload, monitoring: { cpuPercent: 1, memoryBytes: 100, uptimeMs: 59_500, error: '' } };
    const { ctx, calls } = context({ status: async () => steady, now: () => new Date(60_000) });
    await refreshPod(ctx, running, place, 0);
    expect(calls).toEqual([]);
  });

  it('deletes a terminating pod after removing its workload, even when the thing is gone', async () => {
    const { ctx, calls, events } = context({ remove: () => Promise.reject(new FarsideError(ERROR_CODES.NOT_FOUND, 'no thing dev')) });
    await terminatePod(ctx, pod, place, 0);
    expect(calls).toEqual(['remove', 'delete']);
    expect(events).toEqual([expect.stringMatching(/^Normal Killing: Stopping container main/)]);
  });

  it('keeps a terminating pod when removing its workload fails for another reason', async () => {
    const { ctx, calls } = context({ remove: () => Promise.reject(new FarsideError(ERROR_CODES.DEVICE_UNAVAILABLE, 'asleep')) });
    await expect(terminatePod(ctx, pod, place, 0)).rejects.toMatchObject({ code: ERROR_CODES.DEVICE_UNAVAILABLE });
    expect(calls).toEqual(['remove']);
  });
});
