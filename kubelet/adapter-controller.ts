import { AppsV1Api, CoreV1Api, PatchStrategy, setHeaderOptions, type KubeConfig, type V1Deployment, type V1Pod, type V1Service } from '@kubernetes/client-node';
import { FarsideError, ERROR_CODES } from '../errors/index.js';
import { adapterContainer, adapterLabels, adapterObjects, adapterSelector, adapterServicePorts, ADAPTER_CONTAINER_NAME, ADAPTER_LABELS, type AdapterContext } from './adapter-resources.js';
import { ADAPTER_ANNOTATIONS, type AdapterSpec } from './adapter-spec.js';
import { ADAPTER_SINCE_ANNOTATION, adapterStateFrom, type AdapterState } from './adapter-state.js';
import { httpStatusOf } from './node-patches.js';

const HTTP_NOT_FOUND = 404;
const HTTP_CONFLICT = 409;
const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
/** Default time an adapter gets to become ready, ms. */
export const DEFAULT_ADAPTER_READY_TIMEOUT_MS = 120_000;

export interface AdapterLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

export interface AdapterControllerOptions {
  /** The cluster the device pods live in; adapters go to the same namespaces. */
  readonly kubeConfig: KubeConfig;
  /** Time an adapter gets from its Deployment's creation (or last template change) to serve, ms; default 120 000. */
  readonly readyTimeoutMs?: number;
  readonly now?: () => Date;
  readonly logger?: AdapterLogger;
}

/** What of a running adapter the kubelet keeps equal to what the annotations ask for. */
function fingerprintOfContainer(deployment: V1Deployment | undefined): string {
  const container = deployment?.spec?.template.spec?.containers.find((c) => c.name === ADAPTER_CONTAINER_NAME);
  const ports = (container?.ports ?? []).map((p) => [p.name, p.containerPort, p.protocol ?? 'TCP']);
  const env = (container?.env ?? []).map((e) => [e.name, e.value]);
  return JSON.stringify([container?.image, container?.imagePullPolicy, ports, env]);
}

function fingerprintOfService(service: V1Service | undefined): string {
  return JSON.stringify((service?.spec?.ports ?? []).map((p) => [p.name, p.port, String(p.targetPort ?? p.port), p.protocol ?? 'TCP']));
}

/**
 * Runs the communication adapters of device pods (FITA's `communication-adapter.fita/*`
 * annotations, parsed by adapterSpecOf) as a Deployment and a Service per pod, both owned
 * by the pod. Every call reads the cluster afresh, so it is idempotent and survives kubelet
 * restarts: nothing is remembered between calls.
 */
export class AdapterController {
  readonly #apps: AppsV1Api;
  readonly #core: CoreV1Api;
  readonly #readyTimeoutMs: number;
  readonly #now: () => Date;
  readonly #logger: AdapterLogger | undefined;

  constructor(options: AdapterControllerOptions) {
    this.#apps = options.kubeConfig.makeApiClient(AppsV1Api);
    this.#core = options.kubeConfig.makeApiClient(CoreV1Api);
    this.#readyTimeoutMs = options.readyTimeoutMs ?? DEFAULT_ADAPTER_READY_TIMEOUT_MS;
    this.#now = options.now ?? (() => new Date());
    this.#logger = options.logger;
  }

  /**
   * Creates `pod`'s adapter Deployment and Service where missing and brings existing ones in
   * line with `spec` and `context` (image, pull policy, ports, environment; owner when the
   * pod was recreated under the same name) by merge patch, then reports its state. Throws
   * FarsideError INVALID_INPUT for a pod without name or uid and NOT_ALLOWED when the name is
   * taken by an object that is not this pod's adapter; API failures are thrown as they come.
   */
  async ensure(pod: V1Pod, spec: AdapterSpec, context: AdapterContext): Promise<AdapterState> {
    const wanted = adapterObjects(pod, spec, context);
    const key = { name: spec.serviceName, namespace: wanted.deployment.metadata?.namespace ?? 'default' };
    // Both are read before anything is written, so that a name taken by someone else changes nothing.
    const [deployment, service] = await Promise.all([
      missingAsUndefined(this.#apps.readNamespacedDeployment(key)),
      missingAsUndefined(this.#core.readNamespacedService(key)),
    ]);
    if (deployment !== undefined) refuseForeign(deployment, pod, 'Deployment');
    if (service !== undefined) refuseForeign(service, pod, 'Service');
    await this.#ensureDeployment(pod, spec, context, wanted.deployment, deployment);
    await this.#ensureService(pod, spec, wanted.service, service);
    return this.state(pod, spec);
  }

  /** The adapter's state, read from its Deployment, its pods and its Service. */
  async state(pod: V1Pod, spec: AdapterSpec): Promise<AdapterState> {
    const namespace = pod.metadata?.namespace ?? 'default';
    const name = spec.serviceName;
    const [deployment, service, pods] = await Promise.all([
      missingAsUndefined(this.#apps.readNamespacedDeployment({ name, namespace })),
      missingAsUndefined(this.#core.readNamespacedService({ name, namespace })),
      this.#core.listNamespacedPod({ namespace, labelSelector: adapterSelector(pod.metadata?.name ?? '') }),
    ]);
    const mine = <T extends V1Deployment | V1Service>(object: T | undefined): T | undefined => (object !== undefined && isAdapterOf(object, pod) ? object : undefined);
    return adapterStateFrom({ deployment: mine(deployment), service: mine(service), pods: pods.items, now: this.#now(), readyTimeoutMs: this.#readyTimeoutMs });
  }

  /** Deletes the adapter's Deployment (its pods follow in the background) and Service; absent ones and foreign objects of the same name are left alone. */
  async remove(pod: V1Pod, spec: AdapterSpec): Promise<void> {
    const namespace = pod.metadata?.namespace ?? 'default';
    const name = spec.serviceName;
    const deployment = await missingAsUndefined(this.#apps.readNamespacedDeployment({ name, namespace }));
    if (deployment !== undefined && isAdapterOf(deployment, pod)) {
      // The uid precondition keeps a Deployment recreated since the read from being deleted.
      const body = { propagationPolicy: 'Background', preconditions: { uid: deployment.metadata?.uid } };
      await missingAsUndefined(this.#apps.deleteNamespacedDeployment({ name, namespace, propagationPolicy: 'Background', body }));
    }
    const service = await missingAsUndefined(this.#core.readNamespacedService({ name, namespace }));
    if (service !== undefined && isAdapterOf(service, pod)) {
      const body = { propagationPolicy: 'Background', preconditions: { uid: service.metadata?.uid } };
      await missingAsUndefined(this.#core.deleteNamespacedService({ name, namespace, propagationPolicy: 'Background', body }));
    }
    this.#logger?.info({ namespace, name }, 'adapter removed');
  }

  async #ensureDeployment(pod: V1Pod, spec: AdapterSpec, context: AdapterContext, wanted: V1Deployment, read: V1Deployment | undefined): Promise<void> {
    const key = { name: spec.serviceName, namespace: wanted.metadata?.namespace ?? 'default' };
    const current = read ?? (await createdOrExisting(this.#apps.createNamespacedDeployment({ namespace: key.namespace, body: wanted }), () => this.#apps.readNamespacedDeployment(key)));
    if (current === 'created') return this.#logger?.info({ ...key, image: spec.image }, 'adapter Deployment created');
    refuseForeign(current, pod, 'Deployment');
    const owned = ownerUpdate(current, wanted);
    if (fingerprintOfContainer(current) === fingerprintOfContainer(wanted) && owned === undefined) return;
    // A JSON merge patch replaces lists whole: the container list becomes exactly the wanted one.
    const body = {
      metadata: { annotations: { [ADAPTER_SINCE_ANNOTATION]: this.#now().toISOString() }, ...owned },
      spec: { template: { spec: { containers: [adapterContainer(pod, spec, context)] } } },
    };
    await this.#apps.patchNamespacedDeployment({ ...key, body }, mergePatch);
    this.#logger?.info({ ...key, image: spec.image }, 'adapter Deployment updated');
  }

  async #ensureService(pod: V1Pod, spec: AdapterSpec, wanted: V1Service, read: V1Service | undefined): Promise<void> {
    const key = { name: spec.serviceName, namespace: wanted.metadata?.namespace ?? 'default' };
    const current = read ?? (await createdOrExisting(this.#core.createNamespacedService({ namespace: key.namespace, body: wanted }), () => this.#core.readNamespacedService(key)));
    if (current === 'created') return this.#logger?.info(key, 'adapter Service created');
    refuseForeign(current, pod, 'Service');
    const owned = ownerUpdate(current, wanted);
    if (fingerprintOfService(current) === fingerprintOfService(wanted) && owned === undefined) return;
    await this.#core.patchNamespacedService({ ...key, body: { metadata: { ...owned }, spec: { ports: adapterServicePorts(spec) } } }, mergePatch);
    this.#logger?.info(key, 'adapter Service updated');
  }
}

async function missingAsUndefined<T>(call: Promise<T>): Promise<T | undefined> {
  try {
    return await call;
  } catch (error) {
    if (httpStatusOf(error) === HTTP_NOT_FOUND) return undefined;
    throw error;
  }
}

async function createdOrExisting<T>(create: Promise<T>, read: () => Promise<T>): Promise<'created' | T> {
  try {
    await create;
    return 'created';
  } catch (error) {
    // AlreadyExists: created since it was read, by a concurrent call or someone else (refuseForeign tells).
    if (httpStatusOf(error) !== HTTP_CONFLICT) throw error;
    return read();
  }
}

/** Whether `object` carries the adapter labels of `pod` (which the selector of a Deployment cannot lose: it is immutable). */
function isAdapterOf(object: V1Deployment | V1Service, pod: V1Pod): boolean {
  const labels = object.metadata?.labels ?? {};
  const wanted = adapterLabels(pod.metadata?.name ?? '');
  return Object.entries(wanted).every(([key, value]) => labels[key] === value);
}

function refuseForeign(current: V1Deployment | V1Service, pod: V1Pod, kind: string): void {
  if (isAdapterOf(current, pod)) return;
  const { name, namespace } = current.metadata ?? {};
  throw new FarsideError(ERROR_CODES.NOT_ALLOWED, `${kind} ${namespace}/${name} exists and is not the adapter of pod ${pod.metadata?.name} (label ${ADAPTER_LABELS.FOR} differs): choose another ${ADAPTER_ANNOTATIONS.SERVICE_NAME}`);
}

/**
 * The ownerReferences to write when `current` belongs to an earlier pod of the same name:
 * left to its old owner, the garbage collector would delete it under the new pod.
 */
function ownerUpdate(current: V1Deployment | V1Service, wanted: V1Deployment | V1Service): { ownerReferences: object[] } | undefined {
  const uid = wanted.metadata?.ownerReferences?.[0]?.uid;
  if (current.metadata?.ownerReferences?.some((ref) => ref.uid === uid)) return undefined;
  return { ownerReferences: wanted.metadata?.ownerReferences ?? [] };
}
