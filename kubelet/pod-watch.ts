import { CoreV1Api, Watch, type KubeConfig, type V1Pod } from '@kubernetes/client-node';
import type { NodeLogger } from './node-lease.js';

/** Pause before listing again after a watch ended or a list failed, ms. */
export const POD_REWATCH_DELAY_MS = 1_000;

export interface NodePodWatchOptions {
  readonly kubeConfig: KubeConfig;
  readonly nodeName: string;
  /** Called with every pod listed or changed on the node (deleted ones too, as last seen). */
  readonly onPod: (pod: V1Pod, deleted: boolean) => void;
  readonly rewatchDelayMs?: number;
  /** Runs the list-and-start-watch step; lets many nodes' watches start a few at a time. Default: at once. */
  readonly gate?: <T>(step: () => Promise<T>) => Promise<T>;
  readonly logger?: NodeLogger;
}

/**
 * The pods bound to one node, by list then watch with the field selector spec.nodeName,
 * from the list's resourceVersion; when the watch ends (server timeout, 410 Gone, network)
 * the pods are listed again, so no change is missed. Returns a stop function.
 */
export function watchNodePods(options: NodePodWatchOptions): () => void {
  const core = options.kubeConfig.makeApiClient(CoreV1Api);
  const watch = new Watch(options.kubeConfig);
  const fieldSelector = `spec.nodeName=${options.nodeName}`;
  let stopped = false;
  let aborter: AbortController | undefined;
  let timer: NodeJS.Timeout | undefined;

  const again = (error: unknown): void => {
    if (stopped) return;
    if (error !== null && error !== undefined) options.logger?.warn({ err: error, node: options.nodeName }, 'watching the pods of a node failed; listing them again');
    timer = setTimeout(() => void cycle(), options.rewatchDelayMs ?? POD_REWATCH_DELAY_MS);
    timer.unref();
  };

  const gate = options.gate ?? (<T>(step: () => Promise<T>) => step());

  async function listAndWatch(): Promise<void> {
    const listed = await core.listPodForAllNamespaces({ fieldSelector });
    if (stopped) return;
    for (const pod of listed.items) options.onPod(pod, false);
    const resourceVersion = listed.metadata?.resourceVersion;
    const query = { fieldSelector, allowWatchBookmarks: false, ...(resourceVersion === undefined ? {} : { resourceVersion }) };
    aborter = await watch.watch('/api/v1/pods', query, (type: string, pod: V1Pod) => {
      if (type === 'ADDED' || type === 'MODIFIED' || type === 'DELETED') options.onPod(pod, type === 'DELETED');
    }, again);
    if (stopped) aborter.abort();
  }

  async function cycle(): Promise<void> {
    try {
      await gate(listAndWatch);
    } catch (error) {
      again(error);
    }
  }

  void cycle();
  return () => {
    stopped = true;
    clearTimeout(timer);
    aborter?.abort();
  };
}
