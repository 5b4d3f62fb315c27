/**
 * The REST verbs of the test API server (get, list, create, update, patch, delete) on one
 * parsed request; watch lives in kube-api-watch.ts. Failures are thrown as KubeStatusError.
 */
import { z } from 'zod';
import { jsonPatch, mergePatch, PatchError } from './kube-api-patch.js';
import { groupVersionOf, type KubeResource } from './kube-api-resources.js';
import { fieldSelector, labelSelector, SelectorError, type ObjectPredicate } from './kube-api-selectors.js';
import { KubeStatusError } from './kube-api-status.js';
import type { KubeObject, KubeObjectStore } from './kube-api-store.js';

export interface ResourceRequest {
  readonly resource: KubeResource;
  readonly namespace: string | undefined;
  readonly name: string | undefined;
  readonly subresource: 'status' | undefined;
  readonly query: URLSearchParams;
}

export interface VerbResult {
  readonly code: number;
  readonly body: object;
}

/** Pod termination grace when neither the request nor the pod says, in s (PodSpec default). */
const DEFAULT_TERMINATION_GRACE_PERIOD_S = 30;

const kubeObjectSchema = z.looseObject({ metadata: z.looseObject({ name: z.string().optional(), namespace: z.string().optional(), resourceVersion: z.string().optional() }) });
const deleteOptionsSchema = z.looseObject({ gracePeriodSeconds: z.number().int().nonnegative().optional() });

function parsed<T>(schema: z.ZodType<T>, body: unknown, what: string): T {
  const result = schema.safeParse(body);
  if (!result.success) throw new KubeStatusError('BadRequest', `invalid ${what}: ${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return result.data;
}

export function selectorOf(request: ResourceRequest): ObjectPredicate {
  try {
    const byLabel = labelSelector(request.query.get('labelSelector') ?? '');
    const byField = fieldSelector(request.query.get('fieldSelector') ?? '', request.resource);
    return (object) => byLabel(object) && byField(object);
  } catch (err) {
    if (err instanceof SelectorError) throw new KubeStatusError('BadRequest', err.message);
    throw err;
  }
}

export function list(store: KubeObjectStore, request: ResourceRequest): VerbResult {
  const matches = selectorOf(request);
  const items = store.list(request.resource, request.namespace).filter((o) => matches(o));
  const metadata = { resourceVersion: String(store.currentVersion) };
  return { code: 200, body: { kind: `${request.resource.kind}List`, apiVersion: groupVersionOf(request.resource), metadata, items } };
}

export function get(store: KubeObjectStore, request: ResourceRequest, name: string): VerbResult {
  return { code: 200, body: store.get(request.resource, request.namespace, name) };
}

/** Status the API server sets on create, whatever the client sent (pod and deployment strategies). */
function initialStatus(resource: KubeResource, sent: unknown): unknown {
  if (resource.group === '' && resource.kind === 'Pod') return { phase: 'Pending' };
  if (resource.kind === 'Deployment') return {};
  if (resource.kind === 'Namespace') return { phase: 'Active' };
  return sent;
}

export function create(store: KubeObjectStore, request: ResourceRequest, body: unknown): VerbResult {
  const object = parsed(kubeObjectSchema, body, `${request.resource.kind}`) as KubeObject;
  checkNamespace(request, object);
  const withStatus = request.resource.hasStatus ? { ...object, status: initialStatus(request.resource, object.status) } : object;
  return { code: 201, body: store.create(request.resource, request.namespace, withStatus) };
}

function checkNamespace(request: ResourceRequest, object: KubeObject): void {
  const sent = object.metadata.namespace;
  if (request.resource.namespaced && sent !== undefined && sent !== '' && sent !== request.namespace) {
    throw new KubeStatusError('BadRequest', 'the namespace of the provided object does not match the namespace sent on the request');
  }
}

/** Stores `wanted` over `current`, keeping what the main resource or the status subresource may not change. */
function store(storeOf: KubeObjectStore, request: ResourceRequest, current: KubeObject, wanted: KubeObject): KubeObject {
  const merged: KubeObject = request.subresource === 'status'
    ? { ...current, status: wanted.status, metadata: { ...current.metadata, resourceVersion: wanted.metadata.resourceVersion } }
    : request.resource.hasStatus ? { ...wanted, status: current.status } : wanted;
  return storeOf.update(request.resource, { ...merged, metadata: { ...merged.metadata, name: current.metadata.name, namespace: current.metadata.namespace } });
}

export function replace(objects: KubeObjectStore, request: ResourceRequest, name: string, body: unknown): VerbResult {
  const object = parsed(kubeObjectSchema, body, `${request.resource.kind}`) as KubeObject;
  checkNamespace(request, object);
  if (object.metadata.name !== name) throw new KubeStatusError('BadRequest', 'the name of the object does not match the name on the URL');
  const current = objects.get(request.resource, request.namespace, name);
  return { code: 200, body: store(objects, request, current, object) };
}

export function patch(objects: KubeObjectStore, request: ResourceRequest, name: string, contentType: string, body: unknown): VerbResult {
  const current = objects.get(request.resource, request.namespace, name);
  let patched: unknown;
  try {
    if (contentType === 'application/json-patch+json') patched = jsonPatch(current, body);
    else if (contentType === 'application/merge-patch+json' || contentType === 'application/strategic-merge-patch+json') patched = mergePatch(current, body);
    else throw new KubeStatusError('UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json`);
  } catch (err) {
    if (err instanceof PatchError) throw new KubeStatusError('BadRequest', err.message);
    throw err;
  }
  const object = parsed(kubeObjectSchema, patched, 'patched object') as KubeObject;
  return { code: 200, body: store(objects, request, current, object) };
}

/**
 * A pod bound to a node and deleted with a grace period > 0 only gets a deletionTimestamp:
 * its kubelet finishes the deletion with gracePeriodSeconds=0. Everything else goes at once.
 */
export function remove(objects: KubeObjectStore, request: ResourceRequest, name: string, body: unknown): VerbResult {
  const options = body === undefined ? {} : parsed(deleteOptionsSchema, body, 'DeleteOptions');
  const queryGrace = request.query.get('gracePeriodSeconds');
  if (queryGrace !== null && !/^\d+$/.test(queryGrace)) throw new KubeStatusError('BadRequest', `invalid gracePeriodSeconds ${JSON.stringify(queryGrace)}`);
  const current = objects.get(request.resource, request.namespace, name);
  const spec = (current.spec ?? {}) as { nodeName?: string; terminationGracePeriodSeconds?: number };
  const isPod = request.resource.group === '' && request.resource.kind === 'Pod';
  const grace = queryGrace !== null ? Number(queryGrace) : (options.gracePeriodSeconds ?? spec.terminationGracePeriodSeconds ?? DEFAULT_TERMINATION_GRACE_PERIOD_S);
  if (isPod && spec.nodeName && grace > 0) {
    if (current.metadata.deletionTimestamp !== undefined) return { code: 200, body: current };
    const metadata = { ...current.metadata, deletionTimestamp: new Date(Date.now() + grace * 1000).toISOString().replace(/\.\d+Z$/, 'Z'), deletionGracePeriodSeconds: grace };
    return { code: 200, body: objects.markDeleting(request.resource, { ...current, metadata }) };
  }
  return { code: 200, body: objects.remove(request.resource, request.namespace, name) };
}
