import type { V1Deployment, V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { ADAPTER_SINCE_ANNOTATION, adapterConditionOf, adapterStateFrom } from './adapter-state.js';

const created = new Date('2026-01-01T00:00:00Z');
const deployment = (availableReplicas?: number, annotations?: Record<string, string>): V1Deployment => ({
  metadata: { name: 'thermo-adapter', creationTimestamp: created, ...(annotations && { annotations }) },
  status: availableReplicas === undefined ? {} : { availableReplicas },
});
const runningPod = (ready: boolean, podIP?: string): V1Pod => ({
  metadata: { name: 'thermo-adapter-abc' },
  status: { phase: 'Running', ...(podIP && { podIP }), conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
});
const waitingPod = (reason: string, message: string): V1Pod => ({
  metadata: { name: 'thermo-adapter-abc' },
  status: { phase: 'Pending', containerStatuses: [{ name: 'adapter', image: 'x', imageID: '', ready: false, restartCount: 0, state: { waiting: { reason, message } } }] },
});
const at = (ms: number) => new Date(created.getTime() + ms);
const observe = (d: V1Deployment | undefined, pods: V1Pod[], nowMs = 1_000) => adapterStateFrom({ deployment: d, pods, service: { spec: { clusterIP: '10.96.0.7' } }, now: at(nowMs), readyTimeoutMs: 60_000 });

describe('communication adapter state', () => {
  it('is ready with the pod IP and the Service IP once a replica is available and its pod Running and Ready', () => {
    expect(observe(deployment(1), [runningPod(true, '10.244.1.5')])).toEqual({ kind: 'ready', podIP: '10.244.1.5', serviceIP: '10.96.0.7' });
  });

  it('is pending while the Deployment counts no available replica, even with a ready pod', () => {
    expect(observe(deployment(0), [runningPod(true, '10.244.1.5')])).toEqual({ kind: 'pending', message: 'Deployment thermo-adapter reports no available replica' });
  });

  it('is pending while the pod runs but has not passed its readiness probe', () => {
    expect(observe(deployment(1), [runningPod(false, '10.244.1.5')])).toMatchObject({ kind: 'pending', message: expect.stringContaining('not Ready') });
  });

  it('is pending, not timed out, when the Deployment does not exist', () => {
    expect(observe(undefined, [], 10_000_000)).toMatchObject({ kind: 'pending' });
  });

  it('times out after readyTimeoutMs and says the image could not be pulled', () => {
    const state = observe(deployment(), [waitingPod('ErrImagePull', 'manifest unknown')], 60_000);
    expect(state.kind).toBe('timedOut');
    expect(state).toMatchObject({ message: expect.stringContaining('container adapter of pod thermo-adapter-abc is waiting: ErrImagePull (manifest unknown)') });
  });

  it('stays pending one millisecond before the timeout', () => {
    expect(observe(deployment(), [waitingPod('ErrImagePull', 'manifest unknown')], 59_999).kind).toBe('pending');
  });

  it('says why no pod exists when the ReplicaSet cannot create one', () => {
    const failing: V1Deployment = { ...deployment(), status: { conditions: [{ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message: 'exceeded quota: pods' }] } };
    expect(observe(failing, [], 120_000)).toMatchObject({ kind: 'timedOut', message: expect.stringContaining('cannot create its pod: exceeded quota: pods') });
  });

  it('counts the timeout from the last template change, not from the Deployment creation', () => {
    const changed = deployment(0, { [ADAPTER_SINCE_ANNOTATION]: at(100_000).toISOString() });
    expect(observe(changed, [], 120_000).kind).toBe('pending');
    expect(observe(changed, [], 160_000).kind).toBe('timedOut');
  });

  it('turns each state into the AdapterReady pod condition', () => {
    const when = at(0);
    expect(adapterConditionOf({ kind: 'ready', podIP: '10.244.1.5' }, when)).toEqual({ type: 'farside.io/AdapterReady', status: 'True', reason: 'AdapterReady', message: 'adapter serves at 10.244.1.5', lastTransitionTime: when });
    expect(adapterConditionOf({ kind: 'pending', message: 'no pod' }, when)).toMatchObject({ status: 'False', reason: 'AdapterPending', message: 'no pod' });
    expect(adapterConditionOf({ kind: 'timedOut', message: 'gave up' }, when)).toMatchObject({ status: 'False', reason: 'AdapterTimedOut', message: 'gave up' });
  });
});
