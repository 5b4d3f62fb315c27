/**
 * FITA's communication-adapter annotations (DESIGN.md "Kubernetes"): a device pod asks for an
 * ordinary container on a normal node that gives its workload an HTTP interface.
 */
import { createHash } from 'node:crypto';
import type { V1Pod } from '@kubernetes/client-node';
import { z } from 'zod';
import { invalidInput, isFarsideError } from '../errors/index.js';
import { parseRegistryReference } from '../oci/index.js';

export const ADAPTER_ANNOTATION_PREFIX = 'communication-adapter.fita/';

export const ADAPTER_ANNOTATIONS = {
  /** An image reference; its presence asks for an adapter. */
  IMAGE: `${ADAPTER_ANNOTATION_PREFIX}image`,
  /** Comma-separated `[name:]port[/TCP|UDP]`; default `8080`. */
  PORTS: `${ADAPTER_ANNOTATION_PREFIX}ports`,
  /** A DNS-1035 label naming the Deployment and Service; default `<pod-name>-adapter`. */
  SERVICE_NAME: `${ADAPTER_ANNOTATION_PREFIX}service-name`,
  /** `Always`, `IfNotPresent` or `Never`; default IfNotPresent. */
  PULL_POLICY: `${ADAPTER_ANNOTATION_PREFIX}pull-policy`,
} as const;

export const ADAPTER_DEFAULT_PORT = 8080;
export const ADAPTER_MAX_PORTS = 16;
export const ADAPTER_NAME_SUFFIX = '-adapter';
/** k8s.io/apimachinery IsDNS1035Label. */
export const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
export const DNS1035_LABEL_MAX_LENGTH = 63;

export type AdapterPullPolicy = 'Always' | 'IfNotPresent' | 'Never';

export interface AdapterPort {
  /** An IANA_SVC_NAME; unnamed ports are called `p<port>` in the Service. */
  readonly name?: string;
  readonly port: number;
  readonly protocol: 'TCP' | 'UDP';
}

/** What a pod's adapter annotations ask for, validated and with defaults filled in. */
export interface AdapterSpec {
  readonly image: string;
  readonly ports: readonly AdapterPort[];
  readonly serviceName: string;
  readonly pullPolicy: AdapterPullPolicy;
}

/** k8s.io/apimachinery IsValidPortName: 1–15 of [a-z0-9-], a letter somewhere, no leading, trailing or double '-'. */
const PORT_NAME = /^(?=.*[a-z])(?!-)(?!.*--)[a-z0-9-]{1,15}(?<!-)$/;
const PORT_TERM = /^(?:([^:/]+):)?(\d{1,5})(?:\/(TCP|UDP))?$/;
/** Hex digits keeping truncated names apart; 6 give 2^24 names per shared prefix. */
const SUFFIX_HEX_DIGITS = 6;

const known = new Set<string>(Object.values(ADAPTER_ANNOTATIONS));

const imageSchema = z.string().min(1, 'empty image reference').superRefine((text, ctx) => {
  try {
    parseRegistryReference(text);
  } catch (error) {
    if (!isFarsideError(error)) throw error;
    ctx.addIssue({ code: 'custom', message: error.message });
  }
});

const portSchema = z.string().transform((term, ctx): AdapterPort => {
  const match = PORT_TERM.exec(term.trim());
  if (match === null) {
    ctx.addIssue({ code: 'custom', message: `${JSON.stringify(term)} is not [name:]port[/TCP|UDP]` });
    return z.NEVER;
  }
  const [, name, digits = '', protocol = 'TCP'] = match;
  const port = Number(digits);
  if (port < 1 || port > 65535) ctx.addIssue({ code: 'custom', message: `port ${port} is not in 1..65535` });
  if (name !== undefined && !PORT_NAME.test(name)) ctx.addIssue({ code: 'custom', message: `port name ${JSON.stringify(name)} must be 1 to 15 of [a-z0-9-] with a letter and no leading, trailing or double "-"` });
  return { ...(name !== undefined && { name }), port, protocol: protocol as AdapterPort['protocol'] };
});

const portsSchema = z
  .string()
  .transform((text) => text.split(','))
  .pipe(z.array(portSchema).min(1, 'no ports given').max(ADAPTER_MAX_PORTS, `at most ${ADAPTER_MAX_PORTS} ports`))
  .superRefine((ports, ctx) => {
    const seen = new Set<string>();
    for (const port of ports) {
      // Ports are told apart by number, and their Service port names must be unique too.
      for (const key of [`port ${port.port}`, `port name ${servicePortName(port)}`]) {
        if (seen.has(key)) ctx.addIssue({ code: 'custom', message: `${key} appears twice` });
        seen.add(key);
      }
    }
  });

const serviceNameSchema = z
  .string()
  .max(DNS1035_LABEL_MAX_LENGTH, `at most ${DNS1035_LABEL_MAX_LENGTH} characters`)
  .regex(DNS1035_LABEL, 'must be a DNS-1035 label: lowercase letters, digits and "-", starting with a letter and ending with a letter or digit');

const pullPolicySchema = z.enum(['Always', 'IfNotPresent', 'Never']);

/** The name of `port` in the Service (and the Deployment's container port). */
export function servicePortName(port: AdapterPort): string {
  return port.name ?? `p${port.port}`;
}

/**
 * `<pod-name>-adapter` as a DNS-1035 label: dots (legal in pod names) become '-', a leading
 * digit gets an `a` in front, and a name over 63 characters is cut and given a hash of the
 * pod name, so that two long pod names sharing a prefix still get different adapters.
 */
export function defaultServiceName(podName: string): string {
  const wanted = `${podName}${ADAPTER_NAME_SUFFIX}`.toLowerCase().replace(/[^-a-z0-9]/g, '-');
  const labelled = /^[a-z]/.test(wanted) ? wanted : `a${wanted}`;
  if (labelled.length <= DNS1035_LABEL_MAX_LENGTH) return labelled;
  const suffix = createHash('sha256').update(podName).digest('hex').slice(0, SUFFIX_HEX_DIGITS);
  const room = DNS1035_LABEL_MAX_LENGTH - ADAPTER_NAME_SUFFIX.length - suffix.length - 1;
  return `${labelled.slice(0, room).replace(/-+$/, '')}-${suffix}${ADAPTER_NAME_SUFFIX}`;
}

function parsed<T>(schema: z.ZodType<T>, annotation: string, value: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const why = [...new Set(result.error.issues.map((issue) => issue.message))].join('; ');
  throw invalidInput(`annotation ${annotation}=${JSON.stringify(value)} is invalid: ${why}`);
}

/**
 * The adapter `pod` asks for, or undefined when it has no image annotation. Throws
 * FarsideError INVALID_INPUT naming the annotation for a bad value and for an unknown key
 * under `communication-adapter.fita/`, which is almost always a typo that would silently
 * fall back to a default.
 */
export function adapterSpecOf(pod: V1Pod): AdapterSpec | undefined {
  const annotations = pod.metadata?.annotations ?? {};
  const unknown = Object.keys(annotations).filter((key) => key.startsWith(ADAPTER_ANNOTATION_PREFIX) && !known.has(key));
  if (unknown.length > 0) {
    throw invalidInput(`unknown annotation ${unknown.join(', ')}: the ${ADAPTER_ANNOTATION_PREFIX} annotations are ${[...known].join(', ')}`);
  }
  const image = annotations[ADAPTER_ANNOTATIONS.IMAGE];
  if (image === undefined) {
    const orphans = Object.keys(annotations).filter((key) => known.has(key));
    if (orphans.length > 0) throw invalidInput(`annotation ${orphans.join(', ')} needs ${ADAPTER_ANNOTATIONS.IMAGE} to say which adapter to run`);
    return undefined;
  }
  const value = (key: string, fallback: string): string => annotations[key] ?? fallback;
  return {
    image: parsed(imageSchema, ADAPTER_ANNOTATIONS.IMAGE, image),
    ports: parsed(portsSchema, ADAPTER_ANNOTATIONS.PORTS, value(ADAPTER_ANNOTATIONS.PORTS, String(ADAPTER_DEFAULT_PORT))),
    serviceName: parsed(serviceNameSchema, ADAPTER_ANNOTATIONS.SERVICE_NAME, value(ADAPTER_ANNOTATIONS.SERVICE_NAME, defaultServiceName(pod.metadata?.name ?? ''))),
    pullPolicy: parsed(pullPolicySchema, ADAPTER_ANNOTATIONS.PULL_POLICY, value(ADAPTER_ANNOTATIONS.PULL_POLICY, 'IfNotPresent')),
  };
}
