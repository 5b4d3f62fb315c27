import type { V1Pod } from '@kubernetes/client-node';
import { HttpProblem } from './http-replies.js';
import type { KubeletApiProvider } from './provider.js';

/** The pod `namespace/name` on `nodeName`; a 404 with the API server's wording when there is none. */
export function findPod(provider: KubeletApiProvider, nodeName: string, namespace: string, name: string): V1Pod {
  const pod = provider.podsOf(nodeName).find((p) => p.metadata?.namespace === namespace && p.metadata?.name === name);
  if (pod === undefined) throw new HttpProblem(404, `pods "${name}" not found`);
  return pod;
}

/** The pod, when it has a container named `container`; 404 otherwise. */
export function findContainer(provider: KubeletApiProvider, nodeName: string, namespace: string, podName: string, container: string): V1Pod {
  const pod = findPod(provider, nodeName, namespace, podName);
  if (!(pod.spec?.containers ?? []).some((c) => c.name === container)) throw new HttpProblem(404, `container ${container} is not valid for pod ${podName}`);
  return pod;
}
