/** The Deployment and Service that run a device pod's communication adapter on a normal node. */
import { createHash } from 'node:crypto';
import type { V1Container, V1Deployment, V1EnvVar, V1OwnerReference, V1Pod, V1Service, V1ServicePort } from '@kubernetes/client-node';
import { invalidInput } from '../errors/index.js';
import { servicePortName, type AdapterSpec } from './adapter-spec.js';

/** What the adapter must know to reach its workload. */
export interface AdapterContext {
  /** The SDF thing running the workload. */
  readonly thing: string;
  /** The virtual node of the thing. */
  readonly nodeName: string;
  /** The Software Management instance of the workload, once deployed. */
  readonly instance?: number;
  /** The MQTT broker carrying the thing's SDF topics. */
  readonly mqttUrl?: string;
  /** The SDF topic prefix on that broker. */
  readonly sdfPrefix?: string;
}

export const ADAPTER_CONTAINER_NAME = 'adapter';
export const ADAPTER_LABELS = {
  NAME: 'app.kubernetes.io/name',
  MANAGED_BY: 'app.kubernetes.io/managed-by',
  FOR: 'farside.io/adapter-for',
} as const;
export const ADAPTER_APP = 'farside-adapter';
export const ADAPTER_MANAGER = 'farside';
/** The label virtual-kubelet nodes (farside's included) carry; adapters must run elsewhere. */
export const VIRTUAL_KUBELET_NODE_LABEL = { key: 'type', value: 'virtual-kubelet' } as const;

/** Label values are at most 63 characters (k8s.io/apimachinery IsValidLabelValue). */
const LABEL_VALUE_MAX_LENGTH = 63;
const SUFFIX_HEX_DIGITS = 6;

/** A pod name fits a label value unless it is longer than 63: then it is cut and given a hash of the whole name. */
export function labelValueOfPod(podName: string): string {
  if (podName.length <= LABEL_VALUE_MAX_LENGTH) return podName;
  const suffix = createHash('sha256').update(podName).digest('hex').slice(0, SUFFIX_HEX_DIGITS);
  return `${podName.slice(0, LABEL_VALUE_MAX_LENGTH - SUFFIX_HEX_DIGITS - 1).replace(/[-.]+$/, '')}-${suffix}`;
}

/** The labels of `pod`'s adapter objects and pods; the selector of its Deployment and Service. */
export function adapterLabels(podName: string): Record<string, string> {
  return { [ADAPTER_LABELS.NAME]: ADAPTER_APP, [ADAPTER_LABELS.MANAGED_BY]: ADAPTER_MANAGER, [ADAPTER_LABELS.FOR]: labelValueOfPod(podName) };
}

/** `adapterLabels` as a labelSelector query parameter. */
export function adapterSelector(podName: string): string {
  return Object.entries(adapterLabels(podName)).map(([key, value]) => `${key}=${value}`).join(',');
}

function identityOf(pod: V1Pod): { name: string; namespace: string; uid: string } {
  const { name, namespace = 'default', uid } = pod.metadata ?? {};
  // The garbage collector needs the owner's uid: a pod never read from the API server cannot own anything.
  if (!name || !uid) throw invalidInput('a communication adapter needs a pod with a name and a uid, as read from the API server');
  return { name, namespace, uid };
}

export function ownerReferenceOf(pod: V1Pod): V1OwnerReference {
  const { name, uid } = identityOf(pod);
  return { apiVersion: 'v1', kind: 'Pod', name, uid, controller: true, blockOwnerDeletion: true };
}

export function adapterEnv(pod: V1Pod, spec: AdapterSpec, context: AdapterContext): V1EnvVar[] {
  const { name, namespace } = identityOf(pod);
  const optional: [string, string | number | undefined][] = [
    ['FARSIDE_INSTANCE', context.instance],
    ['FARSIDE_MQTT_URL', context.mqttUrl],
    ['FARSIDE_SDF_PREFIX', context.sdfPrefix],
    // The HTTP adapter (adapters/) listens where the Service and the readiness probe expect it.
    ['FARSIDE_ADAPTER_PORT', spec.ports.find((port) => port.protocol === 'TCP')?.port],
  ];
  return [
    { name: 'FARSIDE_THING', value: context.thing },
    { name: 'FARSIDE_NODE', value: context.nodeName },
    { name: 'FARSIDE_POD', value: name },
    { name: 'FARSIDE_NAMESPACE', value: namespace },
    ...optional.flatMap(([key, value]) => (value === undefined ? [] : [{ name: key, value: String(value) }])),
  ];
}

export function adapterContainer(pod: V1Pod, spec: AdapterSpec, context: AdapterContext): V1Container {
  // A TCP probe cannot tell whether a UDP port listens: an all-UDP adapter is ready once it runs.
  const probed = spec.ports.find((port) => port.protocol === 'TCP');
  return {
    name: ADAPTER_CONTAINER_NAME,
    image: spec.image,
    imagePullPolicy: spec.pullPolicy,
    ports: spec.ports.map((port) => ({ name: servicePortName(port), containerPort: port.port, protocol: port.protocol })),
    env: adapterEnv(pod, spec, context),
    ...(probed !== undefined && { readinessProbe: { tcpSocket: { port: probed.port }, periodSeconds: 2, failureThreshold: 3 } }),
  };
}

export function adapterServicePorts(spec: AdapterSpec): V1ServicePort[] {
  return spec.ports.map((port) => ({ name: servicePortName(port), port: port.port, targetPort: port.port, protocol: port.protocol }));
}

/**
 * The adapter of `pod`: a one-replica Deployment and a ClusterIP Service, both named
 * `spec.serviceName` in the pod's namespace and owned by the pod, so that the garbage
 * collector removes them with it even when the kubelet is down. The pod's tolerations and
 * nodeSelector are left behind on purpose: they aim at a device node, which cannot run
 * containers. Throws FarsideError INVALID_INPUT for a pod without a name or uid.
 */
export function adapterObjects(pod: V1Pod, spec: AdapterSpec, context: AdapterContext): { deployment: V1Deployment; service: V1Service } {
  const { name, namespace } = identityOf(pod);
  const labels = adapterLabels(name);
  const metadata = () => ({ name: spec.serviceName, namespace, labels: { ...labels }, ownerReferences: [ownerReferenceOf(pod)] });
  const deployment: V1Deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: metadata(),
    spec: {
      replicas: 1,
      // Every image change leaves a ReplicaSet behind; two are enough to roll back by hand.
      revisionHistoryLimit: 2,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [adapterContainer(pod, spec, context)],
          ...(pod.spec?.imagePullSecrets !== undefined && { imagePullSecrets: pod.spec.imagePullSecrets.map((secret) => ({ ...secret })) }),
          affinity: {
            nodeAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: {
                nodeSelectorTerms: [{ matchExpressions: [{ key: VIRTUAL_KUBELET_NODE_LABEL.key, operator: 'NotIn', values: [VIRTUAL_KUBELET_NODE_LABEL.value] }] }],
              },
            },
          },
        },
      },
    },
  };
  const service: V1Service = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: metadata(),
    spec: { type: 'ClusterIP', selector: labels, ports: adapterServicePorts(spec) },
  };
  return { deployment, service };
}
