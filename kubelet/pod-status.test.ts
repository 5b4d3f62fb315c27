import type { V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import type { WorkloadStatus } from '../sdf-models/index.js';
import { instanceOf } from './pod-lifecycle.js';
import { INSTANCE_ANNOTATION, podStatusPatch } from './pod-status.js';

const pod: V1Pod = { metadata: { name: 'p', namespace: 'default' }, spec: { nodeName: 'farside-dev', containers: [{ name: 'main', image: 'oci-layout:/s:t' }] } };
const workload: WorkloadStatus = { instance: 3, name: 'temperature', version: '1.0.0', updateState: 4, updateStateName: 'INSTALLED', updateResult: 2, updateResultText: 'success', active: true };
const now = new Date('2026-01-01T00:00:00Z');

describe('pod status patches', () => {
  it('reports a running workload as a Running pod with one ready container started when it was activated', () => {
    const startedAt = new Date('2025-12-31T23:59:00Z');
    const { status } = podStatusPatch(pod, { kind: 'running', thing: 'dev', workload, startedAt }, now);
    expect(status).toMatchObject({
      phase: 'Running',
      reason: null,
      startTime: now,
      containerStatuses: [{ name: 'main', image: 'oci-layout:/s:t', ready: true, containerID: 'embserve://dev/3', state: { running: { startedAt } } }],
    });
    expect(status).toHaveProperty('conditions', expect.arrayContaining([expect.objectContaining({ type: 'Ready', status: 'True' })]));
  });

  it('reports a refused package as a Failed pod whose reason and message say why', () => {
    const { status } = podStatusPatch(pod, { kind: 'failed', reason: 'PackageRefused', message: 'Install failed: 51 out of memory' }, now);
    expect(status).toMatchObject({ phase: 'Failed', reason: 'PackageRefused', message: 'Install failed: 51 out of memory', containerStatuses: [{ ready: false, state: { terminated: { reason: 'PackageRefused' } } }] });
    expect(status).toHaveProperty('conditions', expect.arrayContaining([expect.objectContaining({ type: 'Ready', status: 'False' })]));
  });

  it('reads the instance annotation as a number, and a garbled one as NaN rather than as absent', () => {
    const annotated = (value: string): V1Pod => ({ ...pod, metadata: { ...pod.metadata, annotations: { [INSTANCE_ANNOTATION]: value } } });
    expect(instanceOf(pod)).toBeUndefined();
    expect(instanceOf(annotated('12'))).toBe(12);
    expect(instanceOf(annotated('-1'))).toBeNaN();
    expect(instanceOf(annotated('1e3'))).toBeNaN();
  });
});
