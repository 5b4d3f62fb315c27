import { EventEmitter } from 'node:events';
import { isSdfSuccess, isValidThingName, type SdfClient, type SdfObjects, type SdfRequestOptions } from '../sdf-models/index.js';
import type { ThingSink } from './thing-sink.js';

/** What the watcher needs of an SdfClient (already started). */
export type ThingSource = Pick<SdfClient, 'onAnnounce' | 'onUnregister' | 'things' | 'request' | 'on' | 'off'>;

/** The pino methods used here; a pino Logger fits. */
export interface ThingWatcherLogger {
  warn(fields: object, message: string): void;
}

export interface ThingWatcherOptions {
  readonly source: ThingSource;
  readonly sink: ThingSink;
  readonly logger?: ThingWatcherLogger;
  /** Per request to the gateway (the list and each thing's read); default the client's own. */
  readonly requestTimeoutMs?: number;
}

export interface ThingWatcherEvents {
  upsert: [thing: string, description: SdfObjects];
  remove: [thing: string];
  /** A reconciliation with the gateway's list finished: how many things it holds. */
  reconciled: [info: { readonly things: number }];
  /** Something was skipped: an invalid thing name, a failed list, a sink that threw. */
  warning: [warning: { readonly message: string; readonly thing?: string; readonly error?: unknown }];
}

/**
 * Mirrors the gateway's things into a ThingSink: announces upsert, unregisters remove, and
 * on start and on every reconnection of the client the sink is reconciled with the
 * gateway's `things` list, so that neither a restart of the watcher nor a lost connection
 * duplicates or loses a thing. Sink calls run one at a time, in arrival order.
 */
export class ThingWatcher extends EventEmitter<ThingWatcherEvents> {
  readonly #options: ThingWatcherOptions;
  #queue: Promise<void> = Promise.resolve();
  #unsubscribe: (() => void)[] = [];
  #started: Promise<void> | undefined;

  constructor(options: ThingWatcherOptions) {
    super();
    this.#options = options;
  }

  /** Subscribes, then resolves once the first reconciliation is done; idempotent. */
  start(): Promise<void> {
    this.#started ??= this.#start();
    return this.#started;
  }

  async #start(): Promise<void> {
    const { source } = this.#options;
    const onReady = ({ reconnect }: { readonly reconnect: boolean }): void => void (reconnect ? this.reconcile() : undefined);
    source.on('ready', onReady);
    this.#unsubscribe = [
      source.onAnnounce((things) => {
        for (const [thing, { sdfObject }] of Object.entries(things)) this.#enqueue(thing, () => this.#upsert(thing, sdfObject));
      }),
      source.onUnregister((thing) => this.#enqueue(thing, () => this.#remove(thing))),
      () => source.off('ready', onReady),
    ];
    await this.reconcile();
  }

  /** Brings the sink in line with the gateway's list: removes what is gone, upserts the rest. Never rejects. */
  reconcile(): Promise<void> {
    return this.#run(() => this.#reconcile());
  }

  /** Stops listening and waits for sink calls already queued. */
  async stop(): Promise<void> {
    for (const off of this.#unsubscribe.splice(0)) off();
    await this.#queue;
  }

  async #reconcile(): Promise<void> {
    const list = await this.#options.source.things(this.#requestOptions());
    if (!isSdfSuccess(list.response_code) || list.things === undefined) {
      return this.#warn(`the gateway's things list failed with response code ${list.response_code}; keeping the sink as it is`);
    }
    // The list names objects and instances only; a thing's values need a read of the thing.
    const listed = Object.entries(list.things).filter(([thing]) => isValidThingName(thing));
    const described = await Promise.all(listed.map(async ([thing, { sdfObject }]) => [thing, await this.#describe(thing, sdfObject)] as const));
    const present = new Set(listed.map(([thing]) => thing));
    for (const thing of await this.#options.sink.known()) if (!present.has(thing)) await this.#remove(thing);
    for (const [thing, description] of described) await this.#upsert(thing, description);
    this.emit('reconciled', { things: present.size });
  }

  async #describe(thing: string, listed: SdfObjects): Promise<SdfObjects> {
    try {
      const read = await this.#options.source.request({ level: 'thing', thing }, 'GET', undefined, this.#requestOptions());
      if (isSdfSuccess(read.response_code) && read.sdfObject !== undefined) return read.sdfObject;
      this.#warn(`reading ${thing} failed with response code ${read.response_code}; using its listed objects without values`, thing);
    } catch (error) {
      this.#warn(`reading ${thing} failed; using its listed objects without values`, thing, error);
    }
    return listed;
  }

  async #upsert(thing: string, description: SdfObjects): Promise<void> {
    await this.#options.sink.upsert(thing, description);
    this.emit('upsert', thing, description);
  }

  async #remove(thing: string): Promise<void> {
    await this.#options.sink.remove(thing);
    this.emit('remove', thing);
  }

  #enqueue(thing: string, job: () => Promise<void>): void {
    if (!isValidThingName(thing)) return this.#warn(`ignored an event for the invalid thing name ${JSON.stringify(thing)}`, thing);
    void this.#run(job);
  }

  #run(job: () => Promise<void>): Promise<void> {
    this.#queue = this.#queue.then(job).catch((error: unknown) => this.#warn('reconciling or updating the sink failed; the next event or reconnection tries again', undefined, error));
    return this.#queue;
  }

  #requestOptions(): SdfRequestOptions {
    const { requestTimeoutMs } = this.#options;
    return requestTimeoutMs === undefined ? {} : { timeoutMs: requestTimeoutMs };
  }

  #warn(message: string, thing?: string, error?: unknown): void {
    const warning = { message, ...(thing === undefined ? {} : { thing }), ...(error === undefined ? {} : { error }) };
    this.#options.logger?.warn(warning, message);
    this.emit('warning', warning);
  }
}
