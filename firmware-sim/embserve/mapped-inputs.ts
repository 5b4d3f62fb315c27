/**
 * Feeds a running workload's inputs from the LwM2M resources their `data_model_mapping`
 * names (e.g. `lwm2m:3303/0/5700`, the board's temperature): once when feeding starts,
 * then on every change. `x` means the first instance of the object that is not one of the
 * workload's own output instances. A resource that does not exist yet is fed as soon as it
 * appears: an `objectsChanged` listener catches its instance being created, and the
 * instance's observation catches the resource being set.
 *
 * Mechanism: one device-side Observe per mapped input, of the source *instance* rather
 * than the resource, so the gt/lt/st and resource-level pmin a server writes for its own
 * notifications do not filter what the workload reads. The value is read with the
 * device's own access; a repeat of the last fed value is skipped, so pmax re-notifications
 * and changes to sibling resources are not new samples. Instance-, object-level and
 * default pmin still pace feeding, as they pace every notification of that instance.
 */
import type { InstancePath, ResourcePath, ResourceValue } from '../../lwm2m/index.js';
import { formatPath, RESPONSE_CODE } from '../../lwm2m/index.js';
import { SERVICE_VALUE_TYPE, type ServiceJson } from '../../oci/index.js';
import type { ObjectTree, ObjectTreeEvents } from '../objects/index.js';
import type { ServiceValue, ServiceValueType } from './contracts.js';
import { parseDataModelMapping, type DataModelMapping } from './data-model-mapping.js';

export interface MappedInputsOptions {
  readonly tree: ObjectTree;
  readonly service: ServiceJson;
  /** Instances the workload's own outputs go to; an `x` input never reads from them. */
  readonly own: readonly InstancePath[];
  /** Hands a value to the running workload; false when it refused it. */
  readonly deliver: (input: ServiceValue) => boolean;
  /** A device log line about feeding (bad values, unreadable sources). */
  readonly log: (line: string) => void;
}

/** One mapped input and the instance it is fed from while that exists. */
interface Feed {
  readonly key: string;
  readonly type: ServiceValueType;
  readonly mapping: DataModelMapping;
  source: InstancePath | undefined;
  cancel: (() => void) | undefined;
  last: number | undefined;
  /** A problem was logged since the last good value: one line per run of bad values. */
  complained: boolean;
}

export class MappedInputs {
  readonly #o: MappedInputsOptions;
  readonly #feeds: Feed[];
  #unlisten: (() => void) | undefined;
  #stopped = false;

  constructor(options: MappedInputsOptions) {
    this.#o = options;
    this.#feeds = (options.service.inputs ?? []).flatMap((input) => {
      // The first mapping that parses: an input has one value, so one source.
      const mapping = (input.data_model_mapping ?? []).map(parseDataModelMapping).find((m) => m !== undefined);
      return mapping === undefined ? [] : [{ key: input.key, type: input.type, mapping, source: undefined, cancel: undefined, last: undefined, complained: false }];
    });
  }

  /** Feeds every mapped input its current value and watches for changes and new instances. */
  start(): void {
    if (this.#stopped || this.#feeds.length === 0 || this.#unlisten !== undefined) return;
    this.#unlisten = this.#o.tree.on('objectsChanged', (change) => this.#objectsChanged(change));
    for (const feed of this.#feeds) this.#attach(feed);
  }

  /** Observations held right now, one per input whose source exists. */
  get observing(): number {
    return this.#feeds.filter((feed) => feed.cancel !== undefined).length;
  }

  /** Ends every observation and listener; nothing is fed afterwards. Idempotent. */
  stop(): void {
    this.#stopped = true;
    this.#unlisten?.();
    this.#unlisten = undefined;
    for (const feed of this.#feeds) this.#detach(feed);
  }

  #objectsChanged({ kind, path: [objectId, instanceId] }: Parameters<ObjectTreeEvents['objectsChanged']>[0]): void {
    if (this.#stopped || kind !== 'created') return;
    for (const feed of this.#feeds) {
      const { mapping } = feed;
      if (mapping.objectId !== objectId) continue;
      if (mapping.instance === 'x' ? feed.source === undefined || instanceId < feed.source[1] : feed.source === undefined && instanceId === mapping.instance) {
        this.#attach(feed);
      }
    }
  }

  #attach(feed: Feed): void {
    const source = this.#sourceOf(feed.mapping);
    if (source === undefined || (feed.source !== undefined && feed.source[1] === source[1])) return;
    this.#detach(feed);
    const observed = this.#o.tree.observe(source, () => this.#feed(feed), () => this.#ended(feed));
    if (observed.cancel === undefined) {
      if (observed.code !== RESPONSE_CODE.NOT_FOUND) this.#complain(feed, `cannot observe ${formatPath(source)} (${observed.code})`);
      return;
    }
    feed.source = source;
    feed.cancel = observed.cancel;
    this.#feed(feed);
  }

  #detach(feed: Feed): void {
    const cancel = feed.cancel;
    feed.source = undefined;
    feed.cancel = undefined;
    feed.last = undefined;
    cancel?.();
  }

  /** The source instance went away; an `x` input moves on to the next first instance. */
  #ended(feed: Feed): void {
    this.#detach(feed);
    if (!this.#stopped && feed.mapping.instance === 'x') this.#attach(feed);
  }

  /** An explicit instance as is (observing it tells whether it exists); `x` the lowest id not the workload's own. */
  #sourceOf(mapping: DataModelMapping): InstancePath | undefined {
    if (mapping.instance !== 'x') return [mapping.objectId, mapping.instance];
    const object = this.#o.tree.read([mapping.objectId]).node;
    if (object?.kind !== 'object') return undefined;
    const own = new Set(this.#o.own.filter(([objectId]) => objectId === mapping.objectId).map(([, instanceId]) => instanceId));
    const ids = [...object.instances.keys()].filter((id) => !own.has(id));
    return ids.length === 0 ? undefined : [mapping.objectId, Math.min(...ids)];
  }

  /** Runs inside the tree's notification: whatever goes wrong is logged, never thrown into the tree. */
  #feed(feed: Feed): void {
    if (this.#stopped || feed.source === undefined) return;
    const path: ResourcePath = [...feed.source, feed.mapping.resourceId];
    try {
      const raw = this.#o.tree.getValue(path);
      if (raw === undefined) return;
      const value = inputFromResource(raw, feed.type);
      if (value === undefined) return this.#complain(feed, `skipped ${String(raw)} from ${formatPath(path)}: not a usable number`);
      if (value === feed.last) return;
      feed.last = value;
      if (!this.#o.deliver({ key: feed.key, type: feed.type, value })) return this.#complain(feed, `the workload refused ${value} from ${formatPath(path)}`);
      feed.complained = false;
    } catch (err) {
      this.#complain(feed, `feeding from ${formatPath(path)} failed: ${(err as Error).message}`);
    }
  }

  #complain(feed: Feed, problem: string): void {
    if (feed.complained) return;
    feed.complained = true;
    try {
      this.#o.log(`input ${feed.key}: ${problem}`);
    } catch {
      // A broken log must not break the tree's notification either.
    }
  }
}

/** A resource value as an input of `type` wants it (int rounds), or undefined when it is no finite number. */
export function inputFromResource(raw: ResourceValue, type: ServiceValueType): number | undefined {
  const value = typeof raw === 'number' ? raw : typeof raw === 'bigint' ? Number(raw) : undefined;
  if (value === undefined || !Number.isFinite(value)) return undefined;
  if (type === SERVICE_VALUE_TYPE.FLOAT) return value;
  const whole = Math.round(value);
  return Number.isSafeInteger(whole) ? whole : undefined;
}
