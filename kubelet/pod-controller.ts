import { CoreV1Api, type KubeConfig, type V1Pod } from '@kubernetes/client-node';
import type { NodeLogger } from './node-lease.js';
import { nodeNameFromThing } from './node-name.js';
import { httpStatusOf } from './node-patches.js';
import { pullServiceJson, type PodRegistryOptions, type ServicePuller } from './pod-image.js';
import { instanceOf, refreshPod, startPod, terminatePod, type PodContext, type PodWorkloads } from './pod-lifecycle.js';
import { watchNodePods } from './pod-watch.js';

const HTTP_NOT_FOUND = 404;

export interface PodControllerOptions {
  /** The cluster whose pods are run. */
  readonly kubeConfig: KubeConfig;
  /** Deploys to, reads and removes from devices: a SoftwareManagementClient. */
  readonly workloads: PodWorkloads;
  /** Node names are `<prefix>-<thing>`, as NodeController names them; default 'farside'. */
  readonly prefix?: string;
  /** How registry images are fetched; `oci-layout:` images need nothing. */
  readonly registry?: PodRegistryOptions;
  /** Replaces the OCI pull (image → service.json bytes), e.g. for a cache. Default pullServiceJson. */
  readonly pullService?: ServicePuller;
  /** Pause before listing a node's pods again after its watch ended, ms; default 1 000. */
  readonly rewatchDelayMs?: number;
  readonly now?: () => Date;
  readonly logger?: NodeLogger;
}

/**
 * Runs the pods bound to farside nodes on their devices. One list-and-watch per node
 * (field selector spec.nodeName), started by `addNode` for each thing whose node exists:
 * the API server filters, and a node's pods stop being watched with `removeNode`. Each pod
 * is reconciled from a fresh read, one step at a time: new → deployed, annotated with its
 * instance, Running (or Failed with the reason); annotated → status re-read, never
 * redeployed; deletionTimestamp set → workload removed, pod deleted with grace 0.
 * Failures are logged and retried on the pod's next event or the next re-list, never thrown.
 */
export class PodController {
  readonly #options: PodControllerOptions;
  readonly #context: PodContext;
  readonly #watches = new Map<string, { thing: string; stop: () => void }>();
  readonly #tails = new Map<string, Promise<void>>();
  readonly #queued = new Set<string>();

  constructor(options: PodControllerOptions) {
    this.#options = options;
    const registry = options.registry ?? {};
    this.#context = {
      core: options.kubeConfig.makeApiClient(CoreV1Api),
      workloads: options.workloads,
      pull: options.pullService ?? ((image, signal) => pullServiceJson(image, registry, signal)),
      now: options.now ?? (() => new Date()),
      logger: options.logger,
    };
  }

  /** Starts running the pods of `thing`'s node; nothing happens when they already run. */
  addNode(thing: string): void {
    const nodeName = nodeNameFromThing(this.#options.prefix ?? 'farside', thing);
    if (this.#watches.has(nodeName)) return;
    const onPod = (pod: V1Pod, deleted: boolean): void => {
      if (!deleted) this.#enqueue(nodeName, pod);
    };
    const stop = watchNodePods({ kubeConfig: this.#options.kubeConfig, nodeName, onPod, rewatchDelayMs: this.#options.rewatchDelayMs, logger: this.#options.logger });
    this.#watches.set(nodeName, { thing, stop });
  }

  /** Stops watching the pods of `thing`'s node; they and their workloads stay. */
  removeNode(thing: string): void {
    const nodeName = nodeNameFromThing(this.#options.prefix ?? 'farside', thing);
    this.#watches.get(nodeName)?.stop();
    this.#watches.delete(nodeName);
  }

  /** Resolves when every pod step started so far is done (for tests and shutdown). */
  async idle(): Promise<void> {
    while (this.#tails.size > 0) await Promise.all(this.#tails.values());
  }

  stop(): void {
    for (const { stop } of this.#watches.values()) stop();
    this.#watches.clear();
  }

  #enqueue(nodeName: string, pod: V1Pod): void {
    const key = `${pod.metadata?.namespace ?? 'default'}/${pod.metadata?.name ?? ''}`;
    // A step not yet begun reads the pod afresh anyway: more events for it add nothing.
    if (this.#queued.has(key)) return;
    this.#queued.add(key);
    const step = async (): Promise<void> => {
      this.#queued.delete(key);
      await this.#reconcile(nodeName, pod).catch((error: unknown) => this.#options.logger?.warn({ err: error, pod: key, node: nodeName }, 'running the pod failed; its next event retries'));
    };
    const tail = (this.#tails.get(key) ?? Promise.resolve()).then(step);
    this.#tails.set(key, tail);
    void tail.finally(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
  }

  async #reconcile(nodeName: string, seen: V1Pod): Promise<void> {
    const watched = this.#watches.get(nodeName);
    if (watched === undefined) return;
    let pod: V1Pod;
    try {
      pod = await this.#context.core.readNamespacedPod({ name: seen.metadata?.name ?? '', namespace: seen.metadata?.namespace ?? 'default' });
    } catch (error) {
      if (httpStatusOf(error) === HTTP_NOT_FOUND) return;
      throw error;
    }
    if (pod.spec?.nodeName !== nodeName) return;
    const instance = instanceOf(pod);
    if (pod.metadata?.deletionTimestamp !== undefined) return terminatePod(this.#context, pod, watched.thing, instance);
    if (instance !== undefined) return refreshPod(this.#context, pod, watched.thing, instance);
    if (pod.status?.phase === 'Failed' || pod.status?.phase === 'Succeeded') return;
    return startPod(this.#context, pod, watched.thing);
  }
}
