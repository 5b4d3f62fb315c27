import type { KubeConfig } from '@kubernetes/client-node';
import { DeviceShellClient, SoftwareManagementClient, type SdfClient, type SdfObjects } from '../sdf-models/index.js';
import { ThingWatcher, type ThingSink } from '../watcher/index.js';
import { DevicePodProvider } from './device-pod-provider.js';
import { KubeletApiServer } from './kubelet-api/index.js';
import { NodeController } from './node-controller.js';
import type { NodeLogger } from './node-lease.js';
import { nodeNameFromThing } from './node-name.js';
import { nodeFromThing } from './node-object.js';
import { PodController } from './pod-controller.js';
import type { PodRegistryOptions } from './pod-image.js';
import { StaticPodApi } from './static-pod-api.js';

/** How often the kubelet compares its nodes with the gateway's things, ms. */
export const DEFAULT_RESYNC_MS = 5 * 60_000;

export interface KubeletApiSettings {
  /** Bind address; default 0.0.0.0. */
  readonly host?: string;
  /** Each node gets its own port from this range; default 10250–12249. */
  readonly firstPort?: number;
  readonly lastPort?: number;
  /** PEM certificate and key; default a self-signed one made at start. */
  readonly tls?: { readonly cert: string; readonly key: string };
}

export interface VirtualKubeletOptions {
  /** The gateway's SDF client, started. */
  readonly sdf: SdfClient;
  /** Register nodes and run pods of this cluster... */
  readonly kubeConfig?: KubeConfig;
  /** ...or run the static pods of this directory with no API server. */
  readonly podManifests?: string;
  /** Node names are `<prefix>-<thing>`; default 'farside'. */
  readonly nodePrefix?: string;
  /** The address the API server reaches this process at: the nodes' InternalIP. */
  readonly nodeAddress?: string;
  /** The kubelet HTTP API (logs, exec, metrics); false for none. Default on. */
  readonly api?: KubeletApiSettings | false;
  readonly registry?: PodRegistryOptions;
  /** Told to communication adapters: the gateway's broker and topic prefix as seen from the cluster. */
  readonly adapterEnvironment?: { readonly mqttUrl?: string; readonly sdfPrefix?: string };
  /** A gone device's node stays NotReady this long before it and its pods are deleted, ms. */
  readonly removeAfterMs?: number;
  readonly leaseRenewMs?: number;
  readonly statusPeriodMs?: number;
  readonly resyncMs?: number;
  readonly logger?: NodeLogger & { info(fields: object, message: string): void; debug(fields: object, message: string): void; error(fields: object, message: string): void };
}

/**
 * The whole virtual kubelet in one process: the ThingWatcher feeds every device to a node
 * (NodeController, in cluster mode) and to the pods bound to it (PodController), and the
 * kubelet HTTP API serves each node on its own port. With `podManifests` and no cluster,
 * nodes live only in memory and pods come from the directory.
 */
export class VirtualKubelet {
  readonly #options: VirtualKubeletOptions;
  readonly pods: PodController;
  readonly apiServer: KubeletApiServer | undefined;
  readonly staticPods: StaticPodApi | undefined;
  readonly #nodes: NodeController | undefined;
  readonly #watcher: ThingWatcher;
  /** Labels of each node, for static pods placed by nodeSelector. */
  readonly #labels = new Map<string, Record<string, string>>();
  #resync: NodeJS.Timeout | undefined;

  constructor(options: VirtualKubeletOptions) {
    if (options.kubeConfig === undefined && options.podManifests === undefined) throw new TypeError('VirtualKubelet needs a kubeConfig or a podManifests directory');
    this.#options = options;
    const prefix = options.nodePrefix ?? 'farside';
    const workloads = new SoftwareManagementClient(options.sdf);
    const logger = options.logger;
    this.staticPods = options.podManifests === undefined ? undefined : new StaticPodApi({ dir: options.podManifests, labelsOf: (node) => this.#labels.get(node), logger });
    this.pods = new PodController({
      ...(this.staticPods === undefined ? { kubeConfig: options.kubeConfig } : { api: this.staticPods }),
      workloads,
      prefix,
      registry: options.registry,
      statusPeriodMs: options.statusPeriodMs,
      onDeviceAnswer: (thing, answered) => void this.#nodes?.setAnswering(thing, answered),
      adapterEnvironment: options.adapterEnvironment,
      logger,
    });
    const provider = new DevicePodProvider({ pods: this.pods, workloads, shell: new DeviceShellClient(options.sdf), sdf: options.sdf });
    this.apiServer = options.api === false ? undefined : new KubeletApiServer({ provider, ...options.api, logger });
    const api = this.apiServer;
    this.#nodes =
      options.kubeConfig === undefined || this.staticPods !== undefined
        ? undefined
        : new NodeController({
            kubeConfig: options.kubeConfig,
            prefix,
            node: options.nodeAddress === undefined ? undefined : { kubeletAddress: options.nodeAddress },
            kubeletPortOf: api === undefined ? undefined : (nodeName) => api.addNode(nodeName),
            leaseRenewMs: options.leaseRenewMs,
            removeAfterMs: options.removeAfterMs,
            beforeDelete: async (nodeName) => {
              await api?.removeNode(nodeName);
              await this.pods.deleteNodePods(nodeName);
            },
            logger,
          });
    this.#watcher = new ThingWatcher({ source: options.sdf, sink: this.#sink(prefix), logger });
  }

  #sink(prefix: string): ThingSink {
    const nodes = this.#nodes;
    const api = this.apiServer;
    const pods = this.pods;
    const labels = this.#labels;
    const things = new Set<string>();
    return {
      async upsert(thing: string, description: SdfObjects): Promise<void> {
        things.add(thing);
        if (nodes !== undefined) {
          await nodes.upsert(thing, description);
        } else {
          // No Node objects: static pods are placed by the labels the node would have.
          const nodeName = nodeNameFromThing(prefix, thing);
          labels.set(nodeName, nodeFromThing(thing, description, { prefix }).metadata?.labels ?? {});
          await api?.addNode(nodeName);
        }
        pods.addNode(thing);
      },
      async remove(thing: string): Promise<void> {
        const nodeName = nodeNameFromThing(prefix, thing);
        pods.removeNode(thing);
        labels.delete(nodeName);
        things.delete(thing);
        if (nodes !== undefined) await nodes.remove(thing);
        else await api?.removeNode(nodeName);
      },
      known: () => nodes?.known() ?? [...things],
    };
  }

  /** Emits 'upsert' and 'remove' per thing, as the ThingWatcher does. */
  get watcher(): ThingWatcher {
    return this.#watcher;
  }

  async start(): Promise<void> {
    await this.apiServer?.start();
    await this.staticPods?.start();
    await this.#watcher.start();
    // A gateway restart that keeps the broker up sends no signal: reconcile now and then.
    this.#resync = setInterval(() => void this.#watcher.reconcile(), this.#options.resyncMs ?? DEFAULT_RESYNC_MS);
    this.#resync.unref();
  }

  /** The kubelet API port of a node, once it has one. */
  portOf(nodeName: string): number | undefined {
    return this.apiServer?.portOf(nodeName);
  }

  async stop(): Promise<void> {
    clearInterval(this.#resync);
    await this.#watcher.stop();
    this.staticPods?.stop();
    this.pods.stop();
    await this.pods.idle();
    this.#nodes?.stop();
    await this.apiServer?.close();
  }
}
