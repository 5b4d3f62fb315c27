import { ApiException, type V1Lease } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { NodeLeases, type LeaseApi } from './node-lease.js';

/** A lease store that counts calls and can refuse the next replace with a conflict. */
function fakeApi() {
  const calls: string[] = [];
  let stored: V1Lease | undefined;
  let version = 0;
  let conflictNext = false;
  const write = (lease: V1Lease): V1Lease => (stored = { ...lease, metadata: { ...lease.metadata, resourceVersion: String(++version) } });
  const api = {
    readNamespacedLease: async () => {
      calls.push('read');
      if (stored === undefined) throw new ApiException(404, 'not found', {}, {});
      return stored;
    },
    createNamespacedLease: async ({ body }: { body: V1Lease }) => (calls.push('create'), write(body)),
    replaceNamespacedLease: async ({ body }: { body: V1Lease }) => {
      calls.push('replace');
      if (conflictNext || body.metadata?.resourceVersion !== stored?.metadata?.resourceVersion) {
        conflictNext = false;
        throw new ApiException(409, 'conflict', {}, {});
      }
      return write(body);
    },
    deleteNamespacedLease: async () => (calls.push('delete'), (stored = undefined), {}),
  } as unknown as LeaseApi;
  return { api, calls, conflict: () => (conflictNext = true), bump: () => stored && write(stored) };
}

describe('NodeLeases', () => {
  it('renews with a single replace per renewal once it holds the lease, and reads again after a conflict', async () => {
    const { api, calls, bump } = fakeApi();
    const leases = new NodeLeases({ api, renewMs: 20 });
    await leases.start('farside-dev');
    expect(calls).toEqual(['read', 'create']);
    await expect.poll(() => calls.length).toBeGreaterThan(3);
    expect(calls.slice(2).every((c) => c === 'replace')).toBe(true);
    // Someone else wrote the lease: the next renewal conflicts, reads, and replaces what it read.
    bump();
    calls.length = 0;
    await expect.poll(() => calls.length).toBeGreaterThanOrEqual(3);
    leases.stopAll();
    expect(calls.slice(0, 3)).toEqual(['replace', 'read', 'replace']);
  });
});
