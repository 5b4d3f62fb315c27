import { ApiException, type V1Node, type V1Taint } from '@kubernetes/client-node';
import { EMBSERVE_ANNOTATION_PREFIX, FITA_RESOURCE_LABEL_PREFIX, FITA_TAINT } from './node-object.js';

/** Marks the nodes this kubelet manages, so that a restart finds them and foreign nodes stay untouched. */
export const MANAGED_LABEL = 'farside.io/managed';
/** The annotation naming the SDF thing behind a node (set by nodeFromThing). */
export const THING_ANNOTATION = `${EMBSERVE_ANNOTATION_PREFIX}thing`;

/** The HTTP status of a failed client-node call, or undefined for a transport failure. */
export function httpStatusOf(error: unknown): number | undefined {
  return error instanceof ApiException ? (error as ApiException<unknown>).code : undefined;
}

/** `wanted` plus the managed label: what upsert creates. */
export function managedNode(wanted: V1Node): V1Node {
  const metadata = wanted.metadata ?? {};
  return { ...wanted, metadata: { ...metadata, labels: { ...metadata.labels, [MANAGED_LABEL]: 'true' } } };
}

/**
 * A merge patch turning `current`'s labels, annotations and taints into `wanted`'s: keys of
 * ours (FITA resource labels, embServe annotations) that the device no longer reports are
 * removed, other keys and taints (set by admins or the node lifecycle controller) are kept.
 * The resourceVersion makes the patch fail with 409 if the node changed since it was read.
 */
export function metadataPatchFromNode(wanted: V1Node, current: V1Node): object {
  const labels = { ...wanted.metadata?.labels, [MANAGED_LABEL]: 'true' };
  const annotations = { ...wanted.metadata?.annotations };
  return {
    metadata: {
      resourceVersion: current.metadata?.resourceVersion,
      labels: { ...staleKeys(current.metadata?.labels, labels, FITA_RESOURCE_LABEL_PREFIX), ...labels },
      annotations: { ...staleKeys(current.metadata?.annotations, annotations, EMBSERVE_ANNOTATION_PREFIX), ...annotations },
    },
    spec: { taints: withFitaTaint(current.spec?.taints ?? []) },
  };
}

/** The status fields the kubelet owns, as a merge patch for the /status subresource. */
export function statusPatchFromNode(wanted: V1Node): object {
  const { conditions, addresses, capacity, allocatable, nodeInfo, daemonEndpoints } = wanted.status ?? {};
  return { status: { conditions, addresses, capacity, allocatable, nodeInfo, daemonEndpoints } };
}

function staleKeys(current: Record<string, string> | undefined, wanted: Record<string, string>, prefix: string): Record<string, null> {
  const stale = Object.keys(current ?? {}).filter((key) => key.startsWith(prefix) && !(key in wanted));
  return Object.fromEntries(stale.map((key) => [key, null]));
}

function withFitaTaint(taints: readonly V1Taint[]): V1Taint[] {
  const others = taints.filter((taint) => taint.key !== FITA_TAINT.key);
  return [...others, { ...FITA_TAINT }];
}
