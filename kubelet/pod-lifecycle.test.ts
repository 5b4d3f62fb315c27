import { ApiException, type CoreV1Api, type V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, FarsideError } from '../errors/index.js';
import type { WorkloadStatus } from '../sdf-models/index.js';
import { startPod, terminatePod, type PodContext, type PodWorkloads } from './pod-lifecycle.js';

const pod: V1Pod = { metadata: { name: 'p', namespace: 'default' }, spec: { nodeName: 'farside-dev', containers: [{ name: 'main', image: 'oci-layout:/s:t' }] }, status: { phase: 'Pending' } };
const workload: WorkloadStatus = { instance: 0, name: 'temperature', version: '1.0.0', updateState: 4, updateStateName: 'INSTALLED', updateResult: 2, updateResultText: 'success', active: true };

function context(overrides: { patchPod?: () => Promise<V1Pod>; remove?: () => Promise<boolean>; deploy?: () => Promise<WorkloadStatus> } = {}) {
  const calls: string[] = [];
  const core = {
    patchNamespacedPod: async () => (calls.push('annotate'), (overrides.patchPod ?? (async () => pod))()),
    patchNamespacedPodStatus: async () => (calls.push('status'), pod),
    deleteNamespacedPod: async (request: { gracePeriodSeconds?: number }) => (calls.push(`delete grace ${request.gracePeriodSeconds}`), pod),
  } as unknown as CoreV1Api;
  const workloads: PodWorkloads = {
    deploy: async () => (calls.push('deploy'), (overrides.deploy ?? (async () => workload))()),
    status: async () => workload,
    remove: async () => (calls.push('remove'), (overrides.remove ?? (async () => true))()),
  };
  const ctx: PodContext = { core, workloads, pull: async () => new Uint8Array([123]), now: () => new Date(0) };
  return { ctx, calls };
}

describe('pod steps', () => {
  it('removes the workload again when the pod was deleted while it was being deployed', async () => {
    const { ctx, calls } = context({ patchPod: () => Promise.reject(new ApiException(404, 'gone', {}, {})) });
    await expect(startPod(ctx, pod, 'dev')).rejects.toBeInstanceOf(ApiException);
    expect(calls).toEqual(['deploy', 'annotate', 'remove']);
  });

  it('leaves a pod Pending when the device does not answer, so that a later event deploys it', async () => {
    const { ctx, calls } = context({ deploy: () => Promise.reject(new FarsideError(ERROR_CODES.TIMEOUT, 'no answer')) });
    await expect(startPod(ctx, pod, 'dev')).rejects.toMatchObject({ code: ERROR_CODES.TIMEOUT });
    expect(calls).toEqual(['deploy']);
  });

  it('deletes a terminating pod with grace 0 after removing its workload, even when the thing is gone', async () => {
    const { ctx, calls } = context({ remove: () => Promise.reject(new FarsideError(ERROR_CODES.NOT_FOUND, 'no thing dev')) });
    await terminatePod(ctx, pod, 'dev', 0);
    expect(calls).toEqual(['remove', 'delete grace 0']);
  });

  it('keeps a terminating pod when removing its workload fails for another reason', async () => {
    const { ctx, calls } = context({ remove: () => Promise.reject(new FarsideError(ERROR_CODES.DEVICE_UNAVAILABLE, 'asleep')) });
    await expect(terminatePod(ctx, pod, 'dev', 0)).rejects.toMatchObject({ code: ERROR_CODES.DEVICE_UNAVAILABLE });
    expect(calls).toEqual(['remove']);
  });
});
