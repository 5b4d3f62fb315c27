import type { KubeConfig, V1Pod } from '@kubernetes/client-node';
import { AdapterController } from './adapter-controller.js';
import type { NodeLogger } from './node-lease.js';
import { nodeNameFromThing } from './node-name.js';
import { ClusterPodApi, podKey, type PodApi } from './pod-api.js';
import { pullServiceJson, type PodRegistryOptions } from './pod-image.js';
import { instanceOf, isDeviceSilence, refreshPod, startPod, terminatePod, type PodContext, type PodWorkloads } from './pod-lifecycle.js';
import { PulledImages, type RegistryPuller } from './pod-pull.js';

/** How often running pods are compared with their devices, ms. */
export const DEFAULT_POD_STATUS_PERIOD_MS = 20_000;

export interface PodControllerOptions {
  /** Where the pods come from: the cluster of this kubeconfig... */
  readonly kubeConfig?: KubeConfig;
  /** ...or any PodApi (static pod manifests). One of the two is needed. */
  readonly api?: PodApi;
  /** Deploys to, reads and removes from devices: a SoftwareManagementClient. */
  readonly workloads: PodWorkloads;
  /** Node names are `<prefix>-<thing>`, as NodeController names them; default 'farside'. */
  readonly prefix?: string;
  /** How registry images are fetched; `oci-layout:` images need nothing. */
  readonly registry?: PodRegistryOptions;
  /** Replaces the OCI pull (image + registry options → service.json bytes). Default pullServiceJson. */
  readonly pullService?: RegistryPuller;
  /** Pause before listing a node's pods again after its watch ended, ms; default 1 000. */
  readonly rewatchDelayMs?: number;
  /** Running pods are re-read from their devices this often (restarts, stopped workloads), ms; default 20 000, 0 never. */
  readonly statusPeriodMs?: number;
  /** Pods keep no instance record across restarts (static pods): adopt matching unclaimed workloads. Default: when `api` is given. */
  readonly adoptWorkloads?: boolean;
  /** Communication adapters (cluster mode only): how long one may take to become ready, ms; default 120 000. */
  readonly adapterReadyTimeoutMs?: number;
  /** Told to adapters: the gateway's broker and topic prefix. */
  readonly adapterEnvironment?: { readonly mqttUrl?: string; readonly sdfPrefix?: string };
  /** Told whether a device answered the pod steps' requests (a timeout or an unavailable device is no answer). */
  readonly onDeviceAnswer?: (thing: string, answered: boolean) => void;
  readonly now?: () => Date;
  readonly logger?: NodeLogger & { info(fields: object, message: string): void };
}

interface WatchedNode {
  readonly thing: string;
  readonly stop: () => void;
  /** The node's pods as last seen, by namespace/name. */
  readonly pods: Map<string, V1Pod>;
}


/**
 * Runs the pods bound to farside nodes on their devices. One list-and-watch per node
 * (field selector spec.nodeName), started by `addNode` for each thing whose node exists.
 * Each pod is reconciled from a fresh read, one step at a time: new → deployed, annotated
 * with its instance, Running (or Failed with the reason); annotated → status re-read, never
 * redeployed (also every `statusPeriodMs` and when the device announces itself again, which
 * is how a reboot becomes a restart); deletionTimestamp set → workload removed, pod deleted.
 * Failures are logged and retried on the pod's next event, never thrown.
 */
export class PodController {
  readonly #options: PodControllerOptions;
  readonly #context: PodContext;
  readonly #watches = new Map<string, WatchedNode>();
  readonly #tails = new Map<string, Promise<void>>();
  readonly #queued = new Set<string>();
  readonly #statusTimer: NodeJS.Timeout | undefined;

  constructor(options: PodControllerOptions) {
    this.#options = options;
    const api = options.api ?? (options.kubeConfig === undefined ? undefined : new ClusterPodApi({ kubeConfig: options.kubeConfig, rewatchDelayMs: options.rewatchDelayMs, now: options.now, logger: options.logger }));
    if (api === undefined) throw new TypeError('PodController needs a kubeConfig or a PodApi');
    this.#context = {
      api,
      workloads: options.workloads,
      pull: { api, registry: options.registry ?? {}, pull: options.pullService ?? pullServiceJson, images: new PulledImages(), logger: options.logger },
      now: options.now ?? (() => new Date()),
      activations: new Map(),
      ...((options.adoptWorkloads ?? options.api !== undefined) ? { claimedInstances: (nodeName: string) => this.#claimed(nodeName) } : {}),
      ...(options.kubeConfig === undefined || options.api !== undefined
        ? {}
        : { adapters: new AdapterController({ kubeConfig: options.kubeConfig, readyTimeoutMs: options.adapterReadyTimeoutMs, now: options.now, logger: options.logger }), adapterEnvironment: options.adapterEnvironment }),
      logger: options.logger,
    };
    const period = options.statusPeriodMs ?? DEFAULT_POD_STATUS_PERIOD_MS;
    if (period > 0) {
      this.#statusTimer = setInterval(() => this.#refreshAll(), period);
      this.#statusTimer.unref();
    }
  }

  nodeNameOf(thing: string): string {
    return nodeNameFromThing(this.#options.prefix ?? 'farside', thing);
  }

  /** Starts running the pods of `thing`'s node; when they already run, re-reads their status (the device announced itself again). */
  addNode(thing: string): void {
    const nodeName = this.nodeNameOf(thing);
    const known = this.#watches.get(nodeName);
    if (known !== undefined) {
      for (const pod of known.pods.values()) this.#enqueue(nodeName, pod);
      return;
    }
    const pods = new Map<string, V1Pod>();
    const onPod = (pod: V1Pod, deleted: boolean): void => {
      if (deleted) {
        pods.delete(podKey(pod));
        return;
      }
      pods.set(podKey(pod), pod);
      this.#enqueue(nodeName, pod);
    };
    const stop = this.#context.api.watchNode(nodeName, onPod);
    this.#watches.set(nodeName, { thing, stop, pods });
  }

  /** Stops watching the pods of `thing`'s node; they and their workloads stay. */
  removeNode(thing: string): void {
    const nodeName = this.nodeNameOf(thing);
    this.#watches.get(nodeName)?.stop();
    this.#watches.delete(nodeName);
  }

  /**
   * Deletes every pod bound to `nodeName`, for a node about to be deleted: its device is gone,
   * so there is no workload to remove, and the pods would otherwise linger (in a real cluster
   * the pod garbage collector does the same, later).
   */
  async deleteNodePods(nodeName: string): Promise<void> {
    for (const pod of await this.#context.api.listNode(nodeName)) await this.#context.api.remove(pod);
  }

  /** The thing behind a node this controller runs pods for. */
  thingOf(nodeName: string): string | undefined {
    return this.#watches.get(nodeName)?.thing;
  }

  /** The pods bound to `nodeName` as last seen. */
  podsOf(nodeName: string): V1Pod[] {
    return [...(this.#watches.get(nodeName)?.pods.values() ?? [])];
  }

  /** Resolves when every pod step started so far is done (for tests and shutdown). */
  async idle(): Promise<void> {
    while (this.#tails.size > 0) await Promise.all(this.#tails.values());
  }

  stop(): void {
    clearInterval(this.#statusTimer);
    for (const { stop } of this.#watches.values()) stop();
    this.#watches.clear();
  }

  #claimed(nodeName: string): Set<number> {
    const instances = this.podsOf(nodeName).map(instanceOf).filter((i): i is number => i !== undefined && Number.isInteger(i));
    return new Set(instances);
  }

  #refreshAll(): void {
    for (const [nodeName, watched] of this.#watches) {
      for (const pod of watched.pods.values()) if (pod.status?.phase === 'Running') this.#enqueue(nodeName, pod);
    }
  }

  #enqueue(nodeName: string, pod: V1Pod): void {
    const key = podKey(pod);
    // A step not yet begun reads the pod afresh anyway: more events for it add nothing.
    if (this.#queued.has(key)) return;
    this.#queued.add(key);
    const step = async (): Promise<void> => {
      this.#queued.delete(key);
      const thing = this.#watches.get(nodeName)?.thing;
      try {
        if (await this.#reconcile(nodeName, pod)) this.#answer(thing, true);
      } catch (error) {
        if (isDeviceSilence(error)) this.#answer(thing, false);
        this.#options.logger?.warn({ err: error, pod: key, node: nodeName }, 'running the pod failed; its next event retries');
      }
    };
    const tail = (this.#tails.get(key) ?? Promise.resolve()).then(step);
    this.#tails.set(key, tail);
    void tail.finally(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
  }

  #answer(thing: string | undefined, answered: boolean): void {
    if (thing !== undefined) this.#options.onDeviceAnswer?.(thing, answered);
  }

  /** Runs one step for the pod; true when it talked to the device and got answers. */
  async #reconcile(nodeName: string, seen: V1Pod): Promise<boolean> {
    const watched = this.#watches.get(nodeName);
    if (watched === undefined) return false;
    const pod = await this.#context.api.read(seen.metadata?.namespace ?? 'default', seen.metadata?.name ?? '');
    if (pod === undefined || pod.spec?.nodeName !== nodeName) return false;
    watched.pods.set(podKey(pod), pod);
    const place = { thing: watched.thing, nodeName };
    const instance = instanceOf(pod);
    if (pod.metadata?.deletionTimestamp !== undefined) {
      await terminatePod(this.#context, pod, place, instance);
      return instance !== undefined;
    }
    if (pod.status?.phase === 'Failed' || pod.status?.phase === 'Succeeded') return false;
    const result = instance !== undefined ? await refreshPod(this.#context, pod, place, instance) : await startPod(this.#context, pod, place);
    if (result?.recheckMs !== undefined) this.#recheckLater(nodeName, pod, result.recheckMs);
    return instance !== undefined;
  }

  #recheckLater(nodeName: string, pod: V1Pod, delayMs: number): void {
    const timer = setTimeout(() => {
      if (this.#watches.has(nodeName)) this.#enqueue(nodeName, pod);
    }, delayMs);
    timer.unref();
  }
}
