/**
 * The object tree of a simulated LwM2M 1.1 client: object instances and resource values
 * for any object the model lookup knows, with the Device Management operations a server
 * uses (Core §6.3) and observation (Core §6.4). Free of any transport: each operation
 * returns its CoAP response code as a value; the client's CoAP side encodes the rest.
 */
import { invalidInput } from '../../lwm2m/errors.js';
import type { RegisteredObjects } from '../../lwm2m/link-format.js';
import type { ModelLookup } from '../../lwm2m/model.js';
import { multipleResource, singleResource, type LwM2mNode, type Resource, type ResourceValue } from '../../lwm2m/node.js';
import { formatPath, MAX_ID, type InstancePath, type LwM2mPath, type ObjectPath, type ResourceInstancePath, type ResourcePath } from '../../lwm2m/path.js';
import { RESPONSE_CODE, type ResponseCode } from '../../lwm2m/response-code.js';
import { deniedToDmServer, OBJECT_ID, UNDELETABLE_OBJECTS, UNREGISTERED_OBJECTS } from './access.js';
import { AttributeStore } from './attribute-store.js';
import { applyPatch, mergeLevels, thresholdsConsistent, type AttributePatch, type NotificationAttributes } from './attributes.js';
import { SYSTEM_CLOCK, type Clock } from './clock.js';
import { ServerHooks, type CreateHook, type DeleteHook, type WriteHook } from './server-hooks.js';
import { planCreate, type InstanceDefaults, type NewInstance } from './create-plan.js';
import { discoverLinks, type DiscoverResult } from './discover-links.js';
import { executeOn, type ExecuteHandler } from './execute.js';
import { InstanceStore, type ValueBinding } from './instance-store.js';
import { checkedLocalResource, requireResourceModel } from './local-input.js';
import { applyMutations, type Mutation } from './mutations.js';
import { Observation, type ObservationEndListener, type ObserveListener } from './observation.js';
import { Observations } from './observations.js';
import { readNode, type ReadResult } from './read-node.js';
import { defaultPeriods, validateAttributeTarget } from './attribute-target.js';
import { TreeEvents, type ObjectTreeEvents } from './tree-events.js';
import type { TreeContext } from './tree-context.js';
import { planWrite, type WriteMode } from './write-plan.js';

export interface ObjectTreeOptions {
  /** Models of every object the device may hold; usually `defaultRegistry()` from lwm2m/registry. */
  readonly models: ModelLookup;
  /** Time and timers for notifications. Default: the global Date.now/setTimeout. */
  readonly clock?: Clock;
}

export interface CodeResult {
  readonly code: ResponseCode;
}

export interface CreateResult {
  readonly code: ResponseCode;
  /** The new instance's id, with 2.01. */
  readonly instanceId?: number;
}

export interface ObserveResult {
  readonly code: ResponseCode;
  /** The current value, with 2.05. */
  readonly node?: LwM2mNode;
  /** Ends the observation and its timers, with 2.05. */
  readonly cancel?: () => void;
}

const UNAUTHORIZED = { code: RESPONSE_CODE.UNAUTHORIZED } as const;

export class ObjectTree {
  readonly #ctx: TreeContext;
  readonly #clock: Clock;
  readonly #events = new TreeEvents();
  readonly #observations = new Observations();
  readonly #handlers = new Map<string, ExecuteHandler>();
  readonly #defaults = new Map<number, InstanceDefaults>();
  readonly #hooks = new ServerHooks();
  #closed = false;

  constructor(options: ObjectTreeOptions) {
    this.#ctx = { models: options.models, store: new InstanceStore(), attributes: new AttributeStore() };
    this.#clock = options.clock ?? SYSTEM_CLOCK;
  }

  // ---- The device's own side: no access rules; misuse throws FARSIDE_ERR_INVALID_INPUT.

  /** Declares an object the device implements, even while it has no instance. */
  supportObject(objectId: number): void {
    if (this.#ctx.models.object(objectId) === undefined) throw invalidInput(`no model for object ${objectId}`);
    this.#ctx.store.supportObject(objectId);
  }

  /**
   * Adds an instance with its initial values and returns its id (without one: the next after
   * the highest). Mandatory resources are not enforced here; types and ranges are.
   */
  addInstance(objectId: number, instance: NewInstance): number {
    this.supportObject(objectId);
    const existing = this.#ctx.store.instanceIds(objectId);
    if (this.#ctx.models.object(objectId)?.multiple === false && existing.length > 0) throw invalidInput(`object ${objectId} is single-instance and has one`);
    const instanceId = instance.id ?? Math.max(-1, ...existing) + 1;
    if (!Number.isInteger(instanceId) || instanceId < 0 || instanceId > MAX_ID) throw invalidInput(`instance id ${instanceId} is out of range`);
    if (this.#ctx.store.hasInstance(objectId, instanceId)) throw invalidInput(`${formatPath([objectId, instanceId])} already exists`);
    const mutations: Mutation[] = [{ kind: 'addInstance', objectId, instanceId }];
    for (const resource of instance.resources.values()) {
      mutations.push({ kind: 'put', objectId, instanceId, resource: checkedLocalResource(this.#ctx.models, objectId, instanceId, resource) });
    }
    applyMutations(this.#ctx.store, mutations);
    this.#observations.changed([[objectId, instanceId]]);
    this.#events.emit('objectsChanged', { kind: 'created', path: [objectId, instanceId] });
    return instanceId;
  }

  removeInstance(path: InstancePath): void {
    if (!this.#ctx.store.hasInstance(...path)) throw invalidInput(`${formatPath(path)} does not exist`);
    this.#deleteInstance(path);
  }

  /** Sets a resource (or, with a map, all instances of a multiple resource) or one resource instance; notifies observers. */
  setValue(path: ResourcePath | ResourceInstancePath, value: ResourceValue | ReadonlyMap<number, ResourceValue>): void {
    const [objectId, instanceId, resourceId] = path;
    const model = requireResourceModel(this.#ctx.models, objectId, resourceId);
    let resource: Resource;
    if (path.length === 4) {
      const current = this.#ctx.store.resource(objectId, instanceId, resourceId);
      const instances = new Map(current?.kind === 'multiple' ? current.instances : []);
      instances.set(path[3], value as ResourceValue);
      resource = multipleResource(resourceId, model.type, instances);
    } else if (value instanceof Map) {
      resource = multipleResource(resourceId, model.type, value as ReadonlyMap<number, ResourceValue>);
    } else {
      resource = singleResource(resourceId, model.type, value as ResourceValue);
    }
    this.setResource([objectId, instanceId], resource);
  }

  /** Replaces one whole resource of an existing instance; notifies observers. */
  setResource(path: InstancePath, resource: Resource): void {
    const [objectId, instanceId] = path;
    if (!this.#ctx.store.hasInstance(objectId, instanceId)) throw invalidInput(`${formatPath(path)} does not exist`);
    if (this.#ctx.store.binding(objectId, instanceId, resource.id)) throw invalidInput(`${formatPath([...path, resource.id])} is computed on read`);
    const checked = checkedLocalResource(this.#ctx.models, objectId, instanceId, resource);
    this.#applied(applyMutations(this.#ctx.store, [{ kind: 'put', objectId, instanceId, resource: checked }]));
  }

  /** Makes a single resource computed on every read (e.g. Current Time); `write` receives server writes. */
  bindValue(path: ResourcePath, binding: ValueBinding): void {
    const [objectId, instanceId, resourceId] = path;
    const model = requireResourceModel(this.#ctx.models, objectId, resourceId);
    if (model.multiple) throw invalidInput(`${formatPath(path)} is a multiple resource; only single ones can be bound`);
    if (!this.#ctx.store.hasInstance(objectId, instanceId)) throw invalidInput(`${formatPath([objectId, instanceId])} does not exist`);
    this.#ctx.store.bind(objectId, instanceId, resourceId, model.type, binding);
  }

  /** A resource as stored, without access rules (e.g. the Security object's Server URI). */
  getResource(path: ResourcePath): Resource | undefined {
    return this.#ctx.store.resource(...path);
  }

  /** The value of a single resource, without access rules. */
  getValue(path: ResourcePath): ResourceValue | undefined {
    const resource = this.getResource(path);
    return resource?.kind === 'single' ? resource.value : undefined;
  }

  /** Values the device gives instances a server creates, before the Create payload applies. */
  setInstanceDefaults(objectId: number, defaults: InstanceDefaults): void {
    this.#defaults.set(objectId, defaults);
  }

  /** Handles Execute on one resource (e.g. Reboot /3/0/4); returns a function that removes the handler. */
  onExecute(path: ResourcePath, handler: ExecuteHandler): () => void {
    const key = formatPath(path);
    this.#handlers.set(key, handler);
    return () => {
      if (this.#handlers.get(key) === handler) this.#handlers.delete(key);
    };
  }

  /** Lets device logic accept, refuse or consume server Writes of one resource in every instance of an object. */
  onWrite(objectId: number, resourceId: number, hook: WriteHook): () => void {
    requireResourceModel(this.#ctx.models, objectId, resourceId);
    return this.#hooks.onWrite(objectId, resourceId, hook);
  }

  /** Lets device logic accept or refuse server Creates in an object, and act on them. */
  onCreate(objectId: number, hook: CreateHook): () => void {
    return this.#hooks.onCreate(objectId, hook);
  }

  /** Lets device logic accept or refuse server Deletes in an object, and act on them. */
  onDelete(objectId: number, hook: DeleteHook): () => void {
    return this.#hooks.onDelete(objectId, hook);
  }

  /** Ends every observation (as a reboot does) but keeps the tree usable. */
  endObservations(): void {
    this.#observations.close();
  }

  on<K extends keyof ObjectTreeEvents>(event: K, listener: ObjectTreeEvents[K]): () => void {
    return this.#events.on(event, listener);
  }

  /** Shorthand for `on('objectsChanged', listener)`: the cue for a Registration Update. */
  onObjectsChanged(listener: ObjectTreeEvents['objectsChanged']): () => void {
    return this.#events.on('objectsChanged', listener);
  }

  /** The object list for Register/Update (Core §6.2.1): every supported object, with `ver` when not 1.0. */
  registeredObjects(): RegisteredObjects {
    const objects = new Map<number, { version?: string; instances: number[] }>();
    for (const objectId of this.#ctx.store.objectIds()) {
      if (UNREGISTERED_OBJECTS.has(objectId)) continue;
      const version = this.#ctx.models.object(objectId)?.version;
      const instances = this.#ctx.store.instanceIds(objectId);
      objects.set(objectId, version !== undefined && version !== '1.0' ? { version, instances } : { instances });
    }
    return { rootPath: '/', objects };
  }

  /** Ends every observation and its timers. */
  close(): void {
    this.#closed = true;
    this.#observations.close();
  }

  // ---- What a DM server may do (Core §6.3, §6.4).

  read(path: LwM2mPath): ReadResult {
    if (deniedToDmServer(path[0])) return UNAUTHORIZED;
    return readNode(this.#ctx, path);
  }

  write(path: LwM2mPath, node: LwM2mNode, mode: WriteMode): CodeResult {
    if (deniedToDmServer(path[0])) return UNAUTHORIZED;
    const plan = planWrite(this.#ctx, path, node, mode);
    if (plan.mutations === undefined) return { code: plan.code };
    const hooked: { hook: WriteHook; instanceId: number; resource: Resource }[] = [];
    for (const mutation of plan.mutations) {
      if (mutation.kind !== 'put') continue;
      const hook = this.#hooks.write(mutation.objectId, mutation.resource.id);
      if (hook === undefined) continue;
      const verdict = hook.accept?.(mutation.instanceId, mutation.resource);
      if (verdict !== undefined && verdict !== RESPONSE_CODE.CHANGED) return { code: verdict };
      hooked.push({ hook, instanceId: mutation.instanceId, resource: mutation.resource });
    }
    const stored = plan.mutations.filter((m) => m.kind !== 'put' || this.#hooks.write(m.objectId, m.resource.id)?.store !== false);
    const changed = applyMutations(this.#ctx.store, stored);
    this.#applied(changed);
    if (changed.length > 0) this.#events.emit('written', changed);
    for (const { hook, instanceId, resource } of hooked) hook.written?.(instanceId, resource);
    return { code: plan.code };
  }

  execute(path: LwM2mPath, args?: string): CodeResult {
    if (deniedToDmServer(path[0])) return UNAUTHORIZED;
    return { code: executeOn(this.#ctx, path, args, (resourcePath) => this.#handlers.get(formatPath(resourcePath))) };
  }

  create(path: ObjectPath, instance: NewInstance): CreateResult {
    if (deniedToDmServer(path[0])) return UNAUTHORIZED;
    const [objectId] = path;
    const plan = planCreate(this.#ctx, objectId, instance, this.#defaults.get(objectId));
    if (plan.mutations === undefined || plan.instanceId === undefined) return { code: plan.code };
    const hook = this.#hooks.create(objectId);
    if (hook?.accept !== undefined) {
      const resources = new Map<number, Resource>();
      for (const m of plan.mutations) if (m.kind === 'put') resources.set(m.resource.id, m.resource);
      const verdict = hook.accept(plan.instanceId, resources);
      if (verdict !== undefined && verdict !== RESPONSE_CODE.CREATED) return { code: verdict };
    }
    applyMutations(this.#ctx.store, plan.mutations);
    this.#observations.changed([[objectId, plan.instanceId]]);
    this.#events.emit('objectsChanged', { kind: 'created', path: [objectId, plan.instanceId] });
    hook?.created?.(plan.instanceId);
    return { code: plan.code, instanceId: plan.instanceId };
  }

  delete(path: LwM2mPath): CodeResult {
    // Only instances can be deleted by a DM server, and never its own account or the Device.
    if (path.length !== 2 || UNDELETABLE_OBJECTS.has(path[0])) return { code: RESPONSE_CODE.METHOD_NOT_ALLOWED };
    if (!this.#ctx.store.hasInstance(...path)) return { code: RESPONSE_CODE.NOT_FOUND };
    const hook = this.#hooks.delete(path[0]);
    const verdict = hook?.accept?.(path[1]);
    if (verdict !== undefined && verdict !== RESPONSE_CODE.DELETED) return { code: verdict };
    this.#deleteInstance(path);
    hook?.deleted?.(path[1]);
    return { code: RESPONSE_CODE.DELETED };
  }

  discover(path: LwM2mPath): DiscoverResult {
    if (deniedToDmServer(path[0])) return UNAUTHORIZED;
    return discoverLinks(this.#ctx, path);
  }

  writeAttributes(path: LwM2mPath, patch: AttributePatch): CodeResult {
    if (deniedToDmServer(path[0])) return UNAUTHORIZED;
    const target = validateAttributeTarget(this.#ctx, path, patch);
    if (target !== RESPONSE_CODE.CHANGED) return { code: target };
    const next = applyPatch(this.#ctx.attributes.at(path), patch);
    const above = path.length > 1 ? this.#ctx.attributes.effective(path.slice(0, -1) as unknown as LwM2mPath) : {};
    if (!thresholdsConsistent(mergeLevels([above, next]))) return { code: RESPONSE_CODE.BAD_REQUEST };
    this.#ctx.attributes.set(path, next);
    this.#observations.attributesChanged(path);
    return { code: RESPONSE_CODE.CHANGED };
  }

  observe(path: LwM2mPath, listener: ObserveListener, onEnd?: ObservationEndListener): ObserveResult {
    if (this.#closed) return { code: RESPONSE_CODE.SERVICE_UNAVAILABLE };
    const initial = this.read(path);
    if (initial.node === undefined) return { code: initial.code };
    const source = { read: () => this.read(path), attributes: () => this.#effectiveAttributes(path) };
    const observation = new Observation(path, source, this.#clock, listener, onEnd);
    observation.begin(initial.node);
    return { code: RESPONSE_CODE.CONTENT, node: initial.node, cancel: this.#observations.add(observation) };
  }

  // ---- Internals.

  #effectiveAttributes(path: LwM2mPath): NotificationAttributes {
    return mergeLevels([defaultPeriods(this.#ctx), this.#ctx.attributes.effective(path)]);
  }

  #applied(changed: readonly LwM2mPath[]): void {
    if (changed.length === 0) return;
    this.#observations.changed(changed);
    // The Server object's default periods feed every observation's pmin/pmax.
    if (changed.some((path) => path[0] === OBJECT_ID.SERVER)) this.#observations.allAttributesChanged();
  }

  #deleteInstance(path: InstancePath): void {
    this.#ctx.store.deleteInstance(...path);
    this.#ctx.attributes.deleteWithin(path);
    this.#observations.changed([path]);
    this.#events.emit('objectsChanged', { kind: 'deleted', path });
  }
}
