import { CoordinationV1Api, CoreV1Api, PatchStrategy, setHeaderOptions, type KubeConfig, type V1Node } from '@kubernetes/client-node';
import type { SdfObjects } from '../sdf-models/index.js';
import type { ThingSink } from '../watcher/index.js';
import { NodeLeases, type NodeLogger } from './node-lease.js';
import { nodeNameFromThing } from './node-name.js';
import { nodeConditions, nodeFromThing, type NodeFromThingOptions } from './node-object.js';
import { httpStatusOf, managedNode, MANAGED_LABEL, metadataPatchFromNode, statusPatchFromNode, THING_ANNOTATION } from './node-patches.js';

/** How long a node of a gone device stays NotReady before it is deleted, ms. */
export const DEFAULT_REMOVE_AFTER_MS = 30_000;
const HTTP_CONFLICT = 409;
const HTTP_NOT_FOUND = 404;
const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

export interface NodeControllerOptions {
  /** The cluster to write Nodes and Leases to. */
  readonly kubeConfig: KubeConfig;
  /** Node names are `<prefix>-<thing>`; default 'farside'. */
  readonly prefix?: string;
  /** Passed to nodeFromThing (kubelet version, max pods, kubelet port). */
  readonly node?: Omit<NodeFromThingOptions, 'prefix' | 'state'>;
  /** Lease renewal period, ms; default 10 000. */
  readonly leaseRenewMs?: number;
  /** Time a gone device's node stays NotReady before deletion, ms; default 30 000. */
  readonly removeAfterMs?: number;
  /** The kubelet API port of a node, when each node has its own (KubeletApiServer); default `node.kubeletPort`. */
  readonly kubeletPortOf?: (nodeName: string) => Promise<number | undefined>;
  /** Runs just before a node is deleted (e.g. to clean up its pods); a rejection is logged and the node deleted anyway. */
  readonly beforeDelete?: (nodeName: string) => void | Promise<void>;
  readonly logger?: NodeLogger;
}

/**
 * The ThingSink of the virtual kubelet: one Node per thing, created or merge-patched on
 * upsert with its status through /status and a lease renewed while the device is there; on
 * remove the node turns NotReady at once and is deleted `removeAfterMs` later, unless the
 * device comes back first. API failures are logged, never thrown.
 */
export class NodeController implements ThingSink {
  readonly #options: NodeControllerOptions;
  readonly #core: CoreV1Api;
  readonly #leases: NodeLeases;
  readonly #pendingDeletes = new Map<string, NodeJS.Timeout>();
  /** Nodes whose device stopped answering (Ready=Unknown), by name. */
  readonly #silent = new Set<string>();
  readonly #deleting = new Map<string, Promise<void>>();

  constructor(options: NodeControllerOptions) {
    this.#options = options;
    this.#core = options.kubeConfig.makeApiClient(CoreV1Api);
    const leaseApi = options.kubeConfig.makeApiClient(CoordinationV1Api);
    this.#leases = new NodeLeases({ api: leaseApi, renewMs: options.leaseRenewMs, logger: options.logger });
  }

  get #prefix(): string {
    return this.#options.prefix ?? 'farside';
  }

  async upsert(thing: string, description: SdfObjects): Promise<void> {
    try {
      const port = await this.#options.kubeletPortOf?.(nodeNameFromThing(this.#prefix, thing));
      const wanted = nodeFromThing(thing, description, { ...this.#options.node, prefix: this.#prefix, ...(port === undefined ? {} : { kubeletPort: port }) });
      const name = wanted.metadata?.name ?? '';
      this.#cancelDelete(name);
      await this.#deleting.get(name);
      const stored = await this.#createOrPatch(wanted);
      this.#silent.delete(name);
      await this.#patchStatus(name, statusPatchFromNode(wanted));
      await this.#leases.start(name, stored.metadata?.uid);
    } catch (error) {
      this.#warn(error, thing, 'creating or updating the node failed; the next announce or reconciliation retries');
    }
  }

  /**
   * Reports whether `thing`'s device answers requests: a silent one turns its node Ready=Unknown
   * (DeviceNotAnswering) until it answers again. Only changes are written.
   */
  async setAnswering(thing: string, answering: boolean): Promise<void> {
    const name = nodeNameFromThing(this.#prefix, thing);
    if (this.#silent.has(name) === !answering || this.#pendingDeletes.has(name) || this.#deleting.has(name)) return;
    if (answering) this.#silent.delete(name);
    else this.#silent.add(name);
    try {
      await this.#patchStatus(name, { status: { conditions: nodeConditions({ registered: true, answering, since: new Date() }) } });
      this.#options.logger?.warn({ thing, node: name }, answering ? 'the device answers again: its node is Ready' : 'the device stopped answering: its node is Ready=Unknown');
    } catch (error) {
      if (httpStatusOf(error) !== HTTP_NOT_FOUND) this.#warn(error, thing, 'reporting whether the device answers failed');
    }
  }

  async remove(thing: string): Promise<void> {
    const name = nodeNameFromThing(this.#prefix, thing);
    try {
      this.#leases.stop(name);
      if (this.#pendingDeletes.has(name) || this.#deleting.has(name)) return;
      const current = await this.#core.readNode({ name });
      if (current.metadata?.labels?.[MANAGED_LABEL] !== 'true') return;
      const conditions = nodeConditions({ registered: false, answering: false, since: new Date() });
      await this.#patchStatus(name, { status: { conditions } });
      const timer = setTimeout(() => this.#delete(name), this.#options.removeAfterMs ?? DEFAULT_REMOVE_AFTER_MS);
      timer.unref();
      this.#pendingDeletes.set(name, timer);
    } catch (error) {
      if (httpStatusOf(error) !== HTTP_NOT_FOUND) this.#warn(error, thing, 'marking the node NotReady failed');
    }
  }

  /** Things of the nodes this controller manages (same prefix, managed label), whatever process created them. */
  async known(): Promise<string[]> {
    try {
      const nodes = await this.#core.listNode({ labelSelector: `${MANAGED_LABEL}=true` });
      return nodes.items.flatMap((node) => {
        const thing = node.metadata?.annotations?.[THING_ANNOTATION];
        return thing !== undefined && nodeNameFromThing(this.#prefix, thing) === node.metadata?.name ? [thing] : [];
      });
    } catch (error) {
      this.#warn(error, undefined, 'listing managed nodes failed; reconciling without them');
      return [];
    }
  }

  /** Clears every timer: leases stop being renewed, pending deletions do not happen. */
  stop(): void {
    this.#leases.stopAll();
    for (const name of [...this.#pendingDeletes.keys()]) this.#cancelDelete(name);
  }

  async #createOrPatch(wanted: V1Node): Promise<V1Node> {
    const name = wanted.metadata?.name ?? '';
    try {
      return await this.#core.createNode({ body: managedNode(wanted) });
    } catch (error) {
      if (httpStatusOf(error) !== HTTP_CONFLICT) throw error;
    }
    // Another writer may change the node between our read and our patch: re-read once on 409.
    const patch = async (): Promise<V1Node> => this.#core.patchNode({ name, body: metadataPatchFromNode(wanted, await this.#core.readNode({ name })) }, mergePatch);
    return patch().catch((error: unknown) => (httpStatusOf(error) === HTTP_CONFLICT ? patch() : Promise.reject(error)));
  }

  async #patchStatus(name: string, body: object): Promise<void> {
    const patch = (): Promise<V1Node> => this.#core.patchNodeStatus({ name, body }, mergePatch);
    await patch().catch((error: unknown) => (httpStatusOf(error) === HTTP_CONFLICT ? patch() : Promise.reject(error)));
  }

  #cancelDelete(name: string): void {
    clearTimeout(this.#pendingDeletes.get(name));
    this.#pendingDeletes.delete(name);
  }

  #delete(name: string): void {
    this.#pendingDeletes.delete(name);
    const deleting = this.#deleteNow(name).finally(() => this.#deleting.delete(name));
    this.#deleting.set(name, deleting);
  }

  async #deleteNow(name: string): Promise<void> {
    try {
      await this.#options.beforeDelete?.(name);
    } catch (error) {
      this.#warn(error, undefined, `cleaning up before deleting node ${name} failed; deleting it anyway`);
    }
    try {
      await this.#core.deleteNode({ name });
    } catch (error) {
      if (httpStatusOf(error) !== HTTP_NOT_FOUND) this.#warn(error, undefined, `deleting node ${name} failed`);
    }
    await this.#leases.delete(name);
  }

  #warn(error: unknown, thing: string | undefined, message: string): void {
    this.#options.logger?.warn({ err: error, ...(thing === undefined ? {} : { thing }) }, message);
  }
}
