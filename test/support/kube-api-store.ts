/**
 * The test API server's state: objects per resource, one global resourceVersion counter
 * that every write bumps, and a bounded history of watch events for replay.
 */
import { randomUUID } from 'node:crypto';
import type { KubeResource } from './kube-api-resources.js';
import { groupVersionOf } from './kube-api-resources.js';
import { KubeStatusError } from './kube-api-status.js';

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: KubeMetadata;
  [field: string]: unknown;
}

export interface KubeMetadata {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  [field: string]: unknown;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoredEvent {
  readonly resourceVersion: number;
  readonly resource: KubeResource;
  readonly type: WatchEventType;
  readonly object: KubeObject;
  /** The object before this write; undefined for ADDED. Lets a filtered watch see objects enter or leave its selection. */
  readonly previous: KubeObject | undefined;
}

/** Watch events kept for replay by default; older resourceVersions get 410 Gone. */
export const DEFAULT_WATCH_HISTORY_LIMIT = 1000;
const GENERATE_NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

function keyOf(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}

export class KubeObjectStore {
  private resourceVersion = 0;
  /** Highest resourceVersion no longer in the history. */
  private compactedVersion = 0;
  private readonly objectsByResource = new Map<KubeResource, Map<string, KubeObject>>();
  private readonly history: StoredEvent[] = [];
  private readonly listeners = new Set<(event: StoredEvent) => void>();

  constructor(private readonly historyLimit = DEFAULT_WATCH_HISTORY_LIMIT) {}

  get currentVersion(): number {
    return this.resourceVersion;
  }

  list(resource: KubeResource, namespace?: string): KubeObject[] {
    const all = [...(this.objectsByResource.get(resource)?.values() ?? [])];
    return all.filter((o) => namespace === undefined || o.metadata.namespace === namespace).map((o) => structuredClone(o));
  }

  get(resource: KubeResource, namespace: string | undefined, name: string): KubeObject {
    const found = this.objectsByResource.get(resource)?.get(keyOf(namespace, name));
    if (found === undefined) throw new KubeStatusError('NotFound', `${resource.plural} "${name}" not found`, { name, kind: resource.plural, group: resource.group });
    return structuredClone(found);
  }

  create(resource: KubeResource, namespace: string | undefined, object: KubeObject): KubeObject {
    const metadata = { ...object.metadata };
    if (metadata.name === undefined || metadata.name === '') {
      if (metadata.generateName === undefined) throw new KubeStatusError('Invalid', `${resource.kind} is invalid: metadata.name: Required value`);
      metadata.name = metadata.generateName + Array.from({ length: 5 }, () => GENERATE_NAME_ALPHABET[Math.floor(Math.random() * GENERATE_NAME_ALPHABET.length)]).join('');
    }
    const name = metadata.name;
    if (this.objectsByResource.get(resource)?.has(keyOf(namespace, name))) {
      throw new KubeStatusError('AlreadyExists', `${resource.plural} "${name}" already exists`, { name, kind: resource.plural, group: resource.group });
    }
    const stored: KubeObject = {
      ...object,
      apiVersion: groupVersionOf(resource),
      kind: resource.kind,
      metadata: { ...metadata, namespace, uid: randomUUID(), creationTimestamp: new Date().toISOString().replace(/\.\d+Z$/, 'Z') },
    };
    if (!resource.namespaced) delete stored.metadata.namespace;
    return this.write(resource, 'ADDED', stored);
  }

  /** Stores `object` as the new state of an existing object; its resourceVersion, if set, must be current. */
  update(resource: KubeResource, object: KubeObject): KubeObject {
    const current = this.get(resource, object.metadata.namespace, object.metadata.name ?? '');
    const wanted = object.metadata.resourceVersion;
    if (wanted !== undefined && wanted !== '' && wanted !== current.metadata.resourceVersion) {
      const name = current.metadata.name ?? '';
      throw new KubeStatusError('Conflict', `Operation cannot be fulfilled on ${resource.plural} "${name}": the object has been modified; please apply your changes to the latest version and try again`, { name, kind: resource.plural, group: resource.group });
    }
    // Identity fields are the server's, whatever the client sent.
    const { uid, creationTimestamp, namespace, name, deletionTimestamp, deletionGracePeriodSeconds } = current.metadata;
    const metadata = { ...object.metadata, uid, creationTimestamp, namespace, name, deletionTimestamp, deletionGracePeriodSeconds };
    for (const key of ['deletionTimestamp', 'deletionGracePeriodSeconds', 'namespace'] as const) if (metadata[key] === undefined) delete metadata[key];
    return this.write(resource, 'MODIFIED', { ...object, apiVersion: current.apiVersion, kind: current.kind, metadata });
  }

  /** Stores `object` (the current state plus a deletionTimestamp) as is; graceful deletion only. */
  markDeleting(resource: KubeResource, object: KubeObject): KubeObject {
    return this.write(resource, 'MODIFIED', object);
  }

  remove(resource: KubeResource, namespace: string | undefined, name: string): KubeObject {
    const current = this.get(resource, namespace, name);
    return this.write(resource, 'DELETED', current);
  }

  /** Events with a resourceVersion above `since`, or undefined when some were already compacted away. */
  eventsSince(since: number): StoredEvent[] | undefined {
    if (since < this.compactedVersion) return undefined;
    return this.history.filter((event) => event.resourceVersion > since);
  }

  subscribe(listener: (event: StoredEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private write(resource: KubeResource, type: WatchEventType, object: KubeObject): KubeObject {
    this.resourceVersion += 1;
    const stored = structuredClone({ ...object, metadata: { ...object.metadata, resourceVersion: String(this.resourceVersion) } });
    let objects = this.objectsByResource.get(resource);
    if (objects === undefined) this.objectsByResource.set(resource, (objects = new Map()));
    const key = keyOf(stored.metadata.namespace, stored.metadata.name ?? '');
    const previous = objects.get(key);
    if (type === 'DELETED') objects.delete(key);
    else objects.set(key, stored);
    const event: StoredEvent = { resourceVersion: this.resourceVersion, resource, type, object: stored, previous };
    this.history.push(event);
    if (this.history.length > this.historyLimit) this.compactedVersion = this.history.shift()?.resourceVersion ?? this.compactedVersion;
    for (const listener of this.listeners) listener(event);
    return structuredClone(stored);
  }
}
