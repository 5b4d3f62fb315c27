import type { V1Pod } from '@kubernetes/client-node';
import { ERROR_CODES, FarsideError, isFarsideError } from '../errors/index.js';
import { credentialsFromDockerConfig, dockerConfigFromKubernetesSecret, parseReference, type CredentialsProvider, type DockerConfig } from '../oci/index.js';
import type { NodeLogger } from './node-lease.js';
import type { PodApi } from './pod-api.js';
import { MODEL_RUNNER_ANNOTATION, type PodRegistryOptions, type PullServiceOptions } from './pod-image.js';

export type PullPolicy = 'Always' | 'IfNotPresent' | 'Never';

/** Pulls an image's service.json with the given registry options (credentials included). */
export type RegistryPuller = (image: string, registry: PodRegistryOptions, signal?: AbortSignal, options?: PullServiceOptions) => Promise<Uint8Array>;

/** The kubelet's default when a pod leaves imagePullPolicy empty (a static pod; the API server fills it in otherwise). */
export function pullPolicyOf(image: string, declared: string | undefined): PullPolicy {
  if (declared === 'Always' || declared === 'IfNotPresent' || declared === 'Never') return declared;
  try {
    const reference = parseReference(image);
    return reference.digest === undefined && (reference.tag === undefined || reference.tag === 'latest') ? 'Always' : 'IfNotPresent';
  } catch {
    return 'IfNotPresent';
  }
}

/** How many pulled service.json documents the kubelet keeps; a few KB each. */
const CACHE_ENTRIES = 256;

/**
 * The images this kubelet has pulled, by reference, most recent last: the "present" of
 * imagePullPolicy. A device holds no image store of its own, so presence is the kubelet's.
 */
export class PulledImages {
  readonly #entries = new Map<string, Uint8Array>();

  get(image: string): Uint8Array | undefined {
    const bytes = this.#entries.get(image);
    if (bytes !== undefined) {
      this.#entries.delete(image);
      this.#entries.set(image, bytes);
    }
    return bytes;
  }

  set(image: string, bytes: Uint8Array): void {
    this.#entries.delete(image);
    this.#entries.set(image, bytes);
    if (this.#entries.size > CACHE_ENTRIES) this.#entries.delete(this.#entries.keys().next().value as string);
  }
}

export interface PodPullOptions {
  readonly api: PodApi;
  readonly registry: PodRegistryOptions;
  readonly pull: RegistryPuller;
  readonly images: PulledImages;
  readonly logger?: NodeLogger;
}

/** How a pull went, for the pod's events. */
export interface PullOutcome {
  readonly service: Uint8Array;
  /** False when the image was already present and the policy allowed using it. */
  readonly pulled: boolean;
  /** Pull secrets the pod names that could not be read. */
  readonly missingSecrets: readonly string[];
}

async function credentialsOf(options: PodPullOptions, pod: V1Pod): Promise<{ credentials?: CredentialsProvider; missing: string[] }> {
  const names = (pod.spec?.imagePullSecrets ?? []).map((ref) => ref.name).filter((name): name is string => typeof name === 'string' && name !== '');
  const namespace = pod.metadata?.namespace ?? 'default';
  const configs: DockerConfig[] = [];
  const missing: string[] = [];
  for (const name of names) {
    try {
      const secret = await options.api.secret(namespace, name);
      if (secret === undefined) missing.push(name);
      else configs.push(dockerConfigFromKubernetesSecret(secret));
    } catch (error) {
      // As the kubelet does: a broken or missing secret is reported and the pull goes on without it.
      if (!isFarsideError(error, ERROR_CODES.INVALID_INPUT)) throw error;
      options.logger?.warn({ err: error, secret: `${namespace}/${name}` }, 'an image pull secret is not a docker config; pulling without it');
      missing.push(name);
    }
  }
  if (configs.length === 0) return { missing };
  const fromSecrets = credentialsFromDockerConfig(...configs);
  const fallback = options.registry.credentials;
  // The pod's secrets first, then whatever the kubelet itself was given.
  const credentials: CredentialsProvider = async (registry) => (await fromSecrets(registry)) ?? (await fallback?.(registry));
  return { credentials, missing };
}

/**
 * The service.json of `image` for `pod`, honouring imagePullPolicy (Always pulls, IfNotPresent
 * reuses what this kubelet pulled before, Never only reuses) and the pod's imagePullSecrets.
 * FarsideErrors tell why; NOT_FOUND for an image that Never may not pull.
 */
export async function pullForPod(options: PodPullOptions, pod: V1Pod, image: string, declaredPolicy: string | undefined, signal?: AbortSignal): Promise<PullOutcome> {
  const policy = pullPolicyOf(image, declaredPolicy);
  const runner = pod.metadata?.annotations?.[MODEL_RUNNER_ANNOTATION];
  // A ModelPack image runs with the runner the pod names: the pair is what was pulled.
  const key = runner === undefined ? image : `${image} with ${runner}`;
  const present = options.images.get(key);
  if (present !== undefined && policy !== 'Always') return { service: present, pulled: false, missingSecrets: [] };
  if (policy === 'Never') throw new FarsideError(ERROR_CODES.NOT_FOUND, `${image} has not been pulled by this kubelet and imagePullPolicy is Never`);
  const { credentials, missing } = await credentialsOf(options, pod);
  const registry = credentials === undefined ? options.registry : { ...options.registry, credentials };
  const service = await options.pull(image, registry, signal, runner === undefined ? {} : { runner });
  options.images.set(key, service);
  return { service, pulled: true, missingSecrets: missing };
}
