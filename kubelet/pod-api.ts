import { CoreV1Api, PatchStrategy, setHeaderOptions, type CoreV1Event, type KubeConfig, type V1Pod } from '@kubernetes/client-node';
import type { NodeLogger } from './node-lease.js';
import { httpStatusOf } from './node-patches.js';
import { watchNodePods } from './pod-watch.js';

const HTTP_NOT_FOUND = 404;
/** Nodes whose pod list-and-watch starts at the same time. */
const WATCH_STARTS_AT_ONCE = 16;

/** At most `limit` steps at once; the others wait their turn, in order. */
class Gate {
  #running = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async run<T>(step: () => Promise<T>): Promise<T> {
    if (this.#running >= this.limit) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    this.#running++;
    try {
      return await step();
    } finally {
      this.#running--;
      this.#waiting.shift()?.();
    }
  }
}
const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

/** What happened to a pod, for `kubectl describe` (core/v1 Event without the bookkeeping). */
export interface PodEvent {
  readonly type: 'Normal' | 'Warning';
  /** CamelCase, as the kubelet's: Pulling, Pulled, Created, Started, Failed, Killing, ... */
  readonly reason: string;
  readonly message: string;
  /** The container the event is about, if any. */
  readonly container?: string;
}

/**
 * Where the pods a kubelet runs live: the cluster's API server, or a directory of static
 * pod manifests. Everything the pod steps do goes through here, so the same steps serve both.
 * A pod that no longer exists is `undefined` from `read` and ignored by the writes.
 */
export interface PodApi {
  /** Calls `onPod` with every pod bound to `nodeName` now and on every later change; returns a stop function. */
  watchNode(nodeName: string, onPod: (pod: V1Pod, deleted: boolean) => void): () => void;
  /** The pods bound to `nodeName` now. */
  listNode(nodeName: string): Promise<V1Pod[]>;
  read(namespace: string, name: string): Promise<V1Pod | undefined>;
  /** Merges `status` into the pod's status. */
  patchStatus(pod: V1Pod, status: object): Promise<void>;
  /** Merges annotations into the pod's metadata (null removes one); false when the pod is gone. */
  annotate(pod: V1Pod, annotations: Record<string, string | null>): Promise<boolean>;
  /** Deletes the pod at once (grace period 0); a missing pod is no error. */
  remove(pod: V1Pod): Promise<void>;
  /** A Secret of the pod's namespace as the API returns it, for image pull secrets; undefined when missing. */
  secret(namespace: string, name: string): Promise<unknown>;
  /** Records an event on the pod; best effort, never rejects. */
  event(pod: V1Pod, nodeName: string, event: PodEvent): Promise<void>;
}

const keyOf = (pod: V1Pod) => ({ name: pod.metadata?.name ?? '', namespace: pod.metadata?.namespace ?? 'default' });

/** `namespace/name`: how a pod is told apart in maps and logs. */
export const podKey = (pod: V1Pod): string => `${pod.metadata?.namespace ?? 'default'}/${pod.metadata?.name ?? ''}`;

export interface ClusterPodApiOptions {
  readonly kubeConfig: KubeConfig;
  /** Pause before listing a node's pods again after its watch ended, ms; default 1 000. */
  readonly rewatchDelayMs?: number;
  /** Events name this component as their source; default 'farside-kubelet'. */
  readonly component?: string;
  readonly now?: () => Date;
  readonly logger?: NodeLogger;
}

/** The pods of a real (or test) Kubernetes API server. */
export class ClusterPodApi implements PodApi {
  readonly #options: ClusterPodApiOptions;
  readonly #core: CoreV1Api;
  // A thousand nodes coming up at once would each list and open a watch at the same moment.
  readonly #watchStarts = new Gate(WATCH_STARTS_AT_ONCE);

  constructor(options: ClusterPodApiOptions) {
    this.#options = options;
    this.#core = options.kubeConfig.makeApiClient(CoreV1Api);
  }

  watchNode(nodeName: string, onPod: (pod: V1Pod, deleted: boolean) => void): () => void {
    const gate = <T>(step: () => Promise<T>): Promise<T> => this.#watchStarts.run(step);
    return watchNodePods({ kubeConfig: this.#options.kubeConfig, nodeName, onPod, gate, rewatchDelayMs: this.#options.rewatchDelayMs, logger: this.#options.logger });
  }

  async listNode(nodeName: string): Promise<V1Pod[]> {
    return (await this.#core.listPodForAllNamespaces({ fieldSelector: `spec.nodeName=${nodeName}` })).items;
  }

  async read(namespace: string, name: string): Promise<V1Pod | undefined> {
    try {
      return await this.#core.readNamespacedPod({ name, namespace });
    } catch (error) {
      if (httpStatusOf(error) === HTTP_NOT_FOUND) return undefined;
      throw error;
    }
  }

  async patchStatus(pod: V1Pod, status: object): Promise<void> {
    try {
      await this.#core.patchNamespacedPodStatus({ ...keyOf(pod), body: { status } }, mergePatch);
    } catch (error) {
      if (httpStatusOf(error) !== HTTP_NOT_FOUND) throw error;
    }
  }

  async annotate(pod: V1Pod, annotations: Record<string, string | null>): Promise<boolean> {
    try {
      await this.#core.patchNamespacedPod({ ...keyOf(pod), body: { metadata: { annotations } } }, mergePatch);
      return true;
    } catch (error) {
      if (httpStatusOf(error) === HTTP_NOT_FOUND) return false;
      throw error;
    }
  }

  async remove(pod: V1Pod): Promise<void> {
    try {
      await this.#core.deleteNamespacedPod({ ...keyOf(pod), gracePeriodSeconds: 0 });
    } catch (error) {
      if (httpStatusOf(error) !== HTTP_NOT_FOUND) throw error;
    }
  }

  async secret(namespace: string, name: string): Promise<unknown> {
    try {
      return await this.#core.readNamespacedSecret({ name, namespace });
    } catch (error) {
      if (httpStatusOf(error) === HTTP_NOT_FOUND) return undefined;
      throw error;
    }
  }

  async event(pod: V1Pod, nodeName: string, event: PodEvent): Promise<void> {
    const { name, namespace } = keyOf(pod);
    const now = (this.#options.now ?? (() => new Date()))();
    const component = this.#options.component ?? 'farside-kubelet';
    const body: CoreV1Event = {
      // The kubelet's naming: the object's name and a hex timestamp, unique enough per object.
      metadata: { name: `${name}.${(now.getTime() * 1000 + Math.floor(Math.random() * 1000)).toString(16)}`, namespace },
      involvedObject: {
        apiVersion: 'v1',
        kind: 'Pod',
        name,
        namespace,
        uid: pod.metadata?.uid,
        resourceVersion: pod.metadata?.resourceVersion,
        ...(event.container === undefined ? {} : { fieldPath: `spec.containers{${event.container}}` }),
      },
      type: event.type,
      reason: event.reason,
      message: event.message,
      source: { component, host: nodeName },
      reportingComponent: component,
      reportingInstance: nodeName,
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
    };
    try {
      await this.#core.createNamespacedEvent({ namespace, body });
    } catch (error) {
      this.#options.logger?.warn({ err: error, pod: `${namespace}/${name}`, reason: event.reason }, 'recording a pod event failed');
    }
  }
}
