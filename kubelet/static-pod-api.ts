import type { V1Pod } from '@kubernetes/client-node';
import type { NodeLogger } from './node-lease.js';
import { podKey, type PodApi, type PodEvent } from './pod-api.js';
import { readStaticPods, type StaticPodManifest } from './static-pod-manifests.js';

/** How often the directory is read again for added, changed and removed manifests, ms. */
export const DEFAULT_STATIC_RESCAN_MS = 5_000;
/** Events kept per pod, newest last. */
const EVENTS_PER_POD = 20;

export interface StaticPodApiOptions {
  readonly dir: string;
  /** The labels of a node this kubelet runs, to place pods that name no node by their nodeSelector. */
  readonly labelsOf?: (nodeName: string) => Readonly<Record<string, string>> | undefined;
  readonly rescanMs?: number;
  readonly now?: () => Date;
  readonly logger?: NodeLogger & { info?(fields: object, message: string): void };
}

interface StaticPod {
  pod: V1Pod;
  readonly hash: string;
  readonly events: PodEvent[];
}

type Listener = (pod: V1Pod, deleted: boolean) => void;

const copy = <T>(value: T): T => structuredClone(value);

function selects(selector: Readonly<Record<string, string>> | undefined, labels: Readonly<Record<string, string>>): boolean {
  return Object.entries(selector ?? {}).every(([key, value]) => labels[key] === value);
}

/**
 * Pods from a directory of manifests, with no API server (`farside kubelet --pod-manifests`):
 * the same pod steps run them, their status lives here in memory. A pod names its node with
 * spec.nodeName, or is placed on the first node (by name) whose labels match its nodeSelector.
 * A removed manifest deletes its pod (and so its workload); a changed one replaces it.
 */
export class StaticPodApi implements PodApi {
  readonly #options: StaticPodApiOptions;
  readonly #pods = new Map<string, StaticPod>();
  readonly #listeners = new Map<string, Set<Listener>>();
  readonly #problems = new Map<string, string>();
  #timer: NodeJS.Timeout | undefined;
  #scanning: Promise<void> | undefined;

  constructor(options: StaticPodApiOptions) {
    this.#options = options;
  }

  /** Reads the directory once (a bad directory rejects), then again every rescanMs. */
  async start(): Promise<void> {
    await this.rescan();
    this.#timer = setInterval(() => void this.rescan().catch((error: unknown) => this.#options.logger?.warn({ err: error, dir: this.#options.dir }, 'reading the static pod directory failed')), this.#options.rescanMs ?? DEFAULT_STATIC_RESCAN_MS);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  /** All static pods and their status, for `farside up`'s report and the kubelet API. */
  pods(): V1Pod[] {
    return [...this.#pods.values()].map((entry) => copy(entry.pod));
  }

  /** Events recorded for a pod, oldest first. */
  eventsOf(namespace: string, name: string): readonly PodEvent[] {
    return [...(this.#pods.get(`${namespace}/${name}`)?.events ?? [])];
  }

  async rescan(): Promise<void> {
    this.#scanning ??= this.#rescan().finally(() => (this.#scanning = undefined));
    return this.#scanning;
  }

  async #rescan(): Promise<void> {
    const scan = await readStaticPods(this.#options.dir);
    for (const { file, message } of scan.problems) {
      if (this.#problems.get(file) !== message) this.#options.logger?.warn({ file }, `static pod skipped: ${message}`);
    }
    this.#problems.clear();
    for (const { file, message } of scan.problems) this.#problems.set(file, message);
    const wanted = new Map(scan.pods.map((manifest) => [podKey(manifest.pod), manifest]));
    for (const [key, entry] of this.#pods) {
      const manifest = wanted.get(key);
      if (manifest === undefined || manifest.hash !== entry.hash) this.#markDeleted(entry);
    }
    for (const [key, manifest] of wanted) {
      const entry = this.#pods.get(key);
      if (entry === undefined) this.#add(manifest);
    }
  }

  #add(manifest: StaticPodManifest): void {
    const pod: V1Pod = { ...copy(manifest.pod), status: { phase: 'Pending' } };
    const entry: StaticPod = { pod, hash: manifest.hash, events: [] };
    this.#pods.set(podKey(pod), entry);
    if (pod.spec?.nodeName === undefined) this.#place(entry);
    this.#notify(entry.pod, false);
  }

  #markDeleted(entry: StaticPod): void {
    if (entry.pod.metadata?.deletionTimestamp !== undefined) return;
    // A pod never placed has nothing on any device: it just goes.
    if (entry.pod.spec?.nodeName === undefined) {
      this.#pods.delete(podKey(entry.pod));
      return;
    }
    entry.pod = { ...entry.pod, metadata: { ...entry.pod.metadata, deletionTimestamp: this.#now(), deletionGracePeriodSeconds: 0 } };
    this.#notify(entry.pod, false);
  }

  /** Binds an unplaced pod to the first watched node its nodeSelector matches. */
  #place(entry: StaticPod): void {
    for (const nodeName of [...this.#listeners.keys()].sort()) {
      const labels = this.#options.labelsOf?.(nodeName);
      if (labels === undefined || !selects(entry.pod.spec?.nodeSelector, labels)) continue;
      entry.pod = { ...entry.pod, spec: { ...entry.pod.spec, containers: entry.pod.spec?.containers ?? [], nodeName } };
      return;
    }
  }

  #notify(pod: V1Pod, deleted: boolean): void {
    const nodeName = pod.spec?.nodeName;
    if (nodeName === undefined) return;
    for (const listener of this.#listeners.get(nodeName) ?? []) listener(copy(pod), deleted);
  }

  #now(): Date {
    return (this.#options.now ?? (() => new Date()))();
  }

  watchNode(nodeName: string, onPod: Listener): () => void {
    const listeners = this.#listeners.get(nodeName) ?? new Set<Listener>();
    this.#listeners.set(nodeName, listeners);
    listeners.add(onPod);
    for (const entry of this.#pods.values()) if (entry.pod.spec?.nodeName === undefined) this.#place(entry);
    for (const entry of this.#pods.values()) if (entry.pod.spec?.nodeName === nodeName) onPod(copy(entry.pod), false);
    return () => {
      listeners.delete(onPod);
      if (listeners.size === 0) this.#listeners.delete(nodeName);
    };
  }

  async listNode(nodeName: string): Promise<V1Pod[]> {
    return [...this.#pods.values()].filter((entry) => entry.pod.spec?.nodeName === nodeName).map((entry) => copy(entry.pod));
  }

  async read(namespace: string, name: string): Promise<V1Pod | undefined> {
    const entry = this.#pods.get(`${namespace}/${name}`);
    return entry === undefined ? undefined : copy(entry.pod);
  }

  async patchStatus(pod: V1Pod, status: object): Promise<void> {
    const entry = this.#pods.get(podKey(pod));
    if (entry === undefined) return;
    // Merge-patch semantics for the top level, as the API server applies ours: null removes.
    const merged: Record<string, unknown> = { ...(entry.pod.status as Record<string, unknown>) };
    for (const [key, value] of Object.entries(status)) {
      if (value === null) delete merged[key];
      else merged[key] = copy(value);
    }
    entry.pod = { ...entry.pod, status: merged };
    this.#notify(entry.pod, false);
  }

  async annotate(pod: V1Pod, annotations: Record<string, string | null>): Promise<boolean> {
    const entry = this.#pods.get(podKey(pod));
    if (entry === undefined) return false;
    const merged: Record<string, string> = { ...entry.pod.metadata?.annotations };
    for (const [key, value] of Object.entries(annotations)) {
      if (value === null) delete merged[key];
      else merged[key] = value;
    }
    entry.pod = { ...entry.pod, metadata: { ...entry.pod.metadata, annotations: merged } };
    return true;
  }

  async remove(pod: V1Pod): Promise<void> {
    const key = podKey(pod);
    const entry = this.#pods.get(key);
    if (entry === undefined) return;
    this.#pods.delete(key);
    this.#notify(entry.pod, true);
    // A changed manifest replaced this pod: its new version starts once the old one is gone.
    await this.rescan();
  }

  async secret(): Promise<unknown> {
    // Static pods cannot reference API objects (as with the kubelet's own static pods).
    return undefined;
  }

  async event(pod: V1Pod, _nodeName: string, event: PodEvent): Promise<void> {
    const entry = this.#pods.get(podKey(pod));
    if (entry === undefined) return;
    entry.events.push(event);
    if (entry.events.length > EVENTS_PER_POD) entry.events.shift();
    this.#options.logger?.info?.({ pod: podKey(pod), reason: event.reason }, event.message);
  }
}
