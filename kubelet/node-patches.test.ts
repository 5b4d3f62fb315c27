import { describe, expect, it } from 'vitest';
import { nodeFromThing } from './node-object.js';
import { metadataPatchFromNode, statusPatchFromNode } from './node-patches.js';

const wanted = nodeFromThing('dev-1', { DevCapMgmt: [{ label: '0', sdfProperty: { Property: 'humidity' } }] }, { prefix: 'farside' });

describe('node patches', () => {
  it('removes FITA labels the device stopped reporting, keeps foreign labels and taints, and pins the resourceVersion', () => {
    const current = {
      metadata: { resourceVersion: '7', labels: { 'extra.resources.fhp/temperature': 'true', team: 'blue' }, annotations: { 'embserve.fhp.pt/serial': 'SN-1', note: 'x' } },
      spec: { taints: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }] },
    };
    const patch = metadataPatchFromNode(wanted, current) as { metadata: { resourceVersion: string; labels: Record<string, string | null>; annotations: Record<string, string | null> }; spec: { taints: unknown[] } };
    expect(patch.metadata.resourceVersion).toBe('7');
    expect(patch.metadata.labels).toMatchObject({ 'extra.resources.fhp/temperature': null, 'extra.resources.fhp/humidity': 'true', 'farside.io/managed': 'true' });
    expect(patch.metadata.labels).not.toHaveProperty('team');
    expect(patch.metadata.annotations).toMatchObject({ 'embserve.fhp.pt/serial': null, 'embserve.fhp.pt/thing': 'dev-1' });
    expect(patch.spec.taints).toEqual([{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }, { key: 'fita.fhp.pt/type', value: 'far-edge', effect: 'NoSchedule' }]);
  });

  it('puts only the kubelet-owned status fields in the status patch', () => {
    const patch = statusPatchFromNode(wanted) as { status: Record<string, unknown> };
    expect(Object.keys(patch.status).sort()).toEqual(['addresses', 'allocatable', 'capacity', 'conditions', 'daemonEndpoints', 'nodeInfo']);
  });
});
