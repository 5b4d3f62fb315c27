import { V1MicroTime, type CoordinationV1Api, type V1Lease } from '@kubernetes/client-node';
import { httpStatusOf } from './node-patches.js';

/** Where node heartbeats live (KEP-589 "Efficient node heartbeats"). */
export const NODE_LEASE_NAMESPACE = 'kube-node-lease';
/** The kubelet's default nodeLeaseDurationSeconds, s. */
export const NODE_LEASE_DURATION_S = 40;
/** The kubelet renews at a quarter of the lease duration, ms. */
export const DEFAULT_LEASE_RENEW_MS = 10_000;

/** The pino methods used here; a pino Logger fits. */
export interface NodeLogger {
  warn(fields: object, message: string): void;
}

export type LeaseApi = Pick<CoordinationV1Api, 'createNamespacedLease' | 'readNamespacedLease' | 'replaceNamespacedLease' | 'deleteNamespacedLease'>;

export interface NodeLeasesOptions {
  readonly api: LeaseApi;
  /** Time between renewals, ms; default 10 000. */
  readonly renewMs?: number;
  readonly logger?: NodeLogger;
}

/**
 * One Lease per node in kube-node-lease, held by the node and renewed while `start`ed.
 * Renewals of one node never overlap; a failed renewal is logged and the next one retries.
 */
export class NodeLeases {
  readonly #options: NodeLeasesOptions;
  /** One entry per held lease; a renewal chain stops once its entry is no longer the node's. */
  readonly #held = new Map<string, LeaseEntry>();

  constructor(options: NodeLeasesOptions) {
    this.#options = options;
  }

  /** Node names whose lease is being renewed. */
  get held(): string[] {
    return [...this.#held.keys()];
  }

  /** Creates or renews the node's lease now and keeps renewing it; idempotent. Never rejects. */
  async start(nodeName: string, nodeUid?: string): Promise<void> {
    if (this.#held.has(nodeName)) return;
    const entry: LeaseEntry = {};
    this.#held.set(nodeName, entry);
    await this.#renewAndSchedule(nodeName, nodeUid, entry);
  }

  /** Stops renewing; the lease then expires, as it does when a kubelet dies. */
  stop(nodeName: string): void {
    clearTimeout(this.#held.get(nodeName)?.timer);
    this.#held.delete(nodeName);
  }

  stopAll(): void {
    for (const nodeName of this.held) this.stop(nodeName);
  }

  /** Deletes the lease of a node that is gone (a cluster's garbage collector would, through the owner reference). Never rejects. */
  async delete(nodeName: string): Promise<void> {
    this.stop(nodeName);
    try {
      await this.#options.api.deleteNamespacedLease({ namespace: NODE_LEASE_NAMESPACE, name: nodeName });
    } catch (error) {
      if (httpStatusOf(error) !== 404) this.#options.logger?.warn({ err: error, node: nodeName }, 'deleting the node lease failed');
    }
  }

  async #renewAndSchedule(nodeName: string, nodeUid: string | undefined, entry: LeaseEntry): Promise<void> {
    try {
      await this.#renew(nodeName, nodeUid, entry);
    } catch (error) {
      this.#options.logger?.warn({ err: error, node: nodeName }, 'renewing the node lease failed; retrying at the next renewal');
    }
    // stop() during the renewal dropped the entry: then nothing more is scheduled.
    if (this.#held.get(nodeName) !== entry) return;
    entry.timer = setTimeout(() => void this.#renewAndSchedule(nodeName, nodeUid, entry), renewalDelay(this.#options.renewMs ?? DEFAULT_LEASE_RENEW_MS, entry));
    entry.timer.unref();
  }

  /**
   * As the kubelet does: the lease written last is replaced directly (one request per renewal);
   * only when that fails with a conflict or the lease is gone is it read (or created) afresh.
   */
  async #renew(nodeName: string, nodeUid: string | undefined, entry: LeaseEntry): Promise<void> {
    const { api } = this.#options;
    const spec = { holderIdentity: nodeName, leaseDurationSeconds: NODE_LEASE_DURATION_S, renewTime: new V1MicroTime() };
    const replace = async (current: V1Lease): Promise<void> => {
      entry.latest = await api.replaceNamespacedLease({ namespace: NODE_LEASE_NAMESPACE, name: nodeName, body: { ...current, spec: { ...current.spec, ...spec } } });
    };
    if (entry.latest !== undefined) {
      try {
        return await replace(entry.latest);
      } catch (error) {
        entry.latest = undefined;
        const status = httpStatusOf(error);
        if (status !== 409 && status !== 404) throw error;
      }
    }
    let current: V1Lease;
    try {
      current = await api.readNamespacedLease({ namespace: NODE_LEASE_NAMESPACE, name: nodeName });
    } catch (error) {
      if (httpStatusOf(error) !== 404) throw error;
      const ownerReferences = nodeUid === undefined ? undefined : [{ apiVersion: 'v1', kind: 'Node', name: nodeName, uid: nodeUid }];
      entry.latest = await api.createNamespacedLease({ namespace: NODE_LEASE_NAMESPACE, body: { metadata: { name: nodeName, ownerReferences }, spec } });
      return;
    }
    await replace(current);
  }
}

/**
 * Nodes that come up together would renew together, a burst of requests every period: the
 * first renewal falls anywhere in the second half of the period, later ones up to 4 % early
 * (the kubelet's jitter), so the renewals of many nodes spread out.
 */
function renewalDelay(renewMs: number, entry: LeaseEntry): number {
  const first = entry.renewed !== true;
  entry.renewed = true;
  return Math.round(first ? renewMs * (0.5 + Math.random() / 2) : renewMs * (1 - Math.random() * 0.04));
}

interface LeaseEntry {
  timer?: NodeJS.Timeout;
  /** Renewed at least once after the start. */
  renewed?: boolean;
  /** The lease as this kubelet last wrote it, with its resourceVersion. */
  latest?: V1Lease;
}
