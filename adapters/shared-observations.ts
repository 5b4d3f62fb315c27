import { isSdfSuccess, type SdfNotification, type SdfObservation, type SdfThing } from '../sdf-models/index.js';
import { addressText, type ResourceAddress } from './routes.js';
import type { AdapterLogger, AdapterSdf } from './sdf-port.js';
import type { ThingGateway } from './thing-gateway.js';
import { valueIn } from './thing-gateway.js';
import { jsonFromSdf, type JsonValue } from './values.js';

/** One value of a stream: what the API sends as an SSE `data:` line. */
export interface StreamEvent {
  readonly value: JsonValue;
  /** When the device read the value (ISO 8601). */
  readonly time: string;
}

export type StreamListener = (event: StreamEvent) => void;

/** What notifications update. */
interface Feed {
  readonly address: ResourceAddress;
  /** Members that got the current value and now get every notification. */
  readonly listeners: Set<StreamListener>;
  latest?: StreamEvent;
}

interface Shared {
  readonly feed: Feed;
  readonly started: Promise<SdfObservation>;
  /** Members count from the moment they ask, so that one leaving while the observation starts cannot stop it under another. */
  members: number;
}

/**
 * Observations of the served thing's properties, one SDF observation per property however
 * many streams read it: the first member starts it, the last to leave stops it. A new
 * member gets the latest value first, then every notification.
 */
export class SharedObservations {
  readonly #sdf: AdapterSdf;
  readonly #gateway: ThingGateway;
  readonly #logger: AdapterLogger | undefined;
  readonly #shared = new Map<string, Shared>();

  constructor(sdf: AdapterSdf, gateway: ThingGateway, logger?: AdapterLogger) {
    this.#sdf = sdf;
    this.#gateway = gateway;
    this.#logger = logger;
  }

  /** How many properties are observed now. */
  get size(): number {
    return this.#shared.size;
  }

  /**
   * Calls `listener` with the current value of `address`, then with each notification.
   * Resolves with the function that leaves; rejects (an HttpError for an error reply) when
   * the observation cannot start.
   */
  async join(address: ResourceAddress, listener: StreamListener): Promise<() => void> {
    const key = addressText(address);
    let shared = this.#shared.get(key);
    if (shared === undefined) {
      shared = this.#start(address);
      this.#shared.set(key, shared);
    }
    const joined = shared;
    joined.members++;
    try {
      await joined.started;
    } catch (err) {
      this.#leave(key, joined);
      throw err;
    }
    if (joined.feed.latest !== undefined) listener(joined.feed.latest);
    joined.feed.listeners.add(listener);
    let left = false;
    return () => {
      if (left) return;
      left = true;
      joined.feed.listeners.delete(listener);
      this.#leave(key, joined);
    };
  }

  /** Stops every observation; members get nothing more. */
  async close(): Promise<void> {
    const all = [...this.#shared.values()];
    this.#shared.clear();
    await Promise.all(all.map((shared) => this.#stop(shared)));
  }

  #start(address: ResourceAddress): Shared {
    const feed: Feed = { address, listeners: new Set() };
    const started = this.#observe(feed);
    // Whoever joined sees the failure; this only keeps it from being reported as unhandled.
    started.catch(() => undefined);
    return { feed, started, members: 0 };
  }

  async #observe(feed: Feed): Promise<SdfObservation> {
    const { address } = feed;
    // Notifications may come in another observer's value mode: the kind tells how to read them.
    const kind = await this.#gateway.kindOf(address);
    const observation = await this.#sdf.observe(this.#gateway.propertyTopic(address), (notification) => this.#onNotification(feed, notification));
    const reply = observation.response;
    if (!isSdfSuccess(reply.response_code)) throw this.#gateway.errorOf(reply, addressText(address));
    // A notification that overtook the reply is newer than the reply's value.
    const value = valueIn(reply, address);
    if (feed.latest === undefined && value !== undefined) feed.latest = { value: jsonFromSdf(value, kind), time: new Date().toISOString() };
    this.#logger?.debug({ property: addressText(address) }, 'observing');
    return observation;
  }

  #onNotification(feed: Feed, notification: SdfNotification): void {
    const value = valueIn(notification[this.#gateway.thing] as SdfThing | undefined, feed.address);
    if (value === undefined) return;
    const time = Number.isFinite(notification.ts) ? new Date(notification.ts).toISOString() : new Date().toISOString();
    const event: StreamEvent = { value: jsonFromSdf(value, this.#gateway.knownKind(feed.address)), time };
    feed.latest = event;
    for (const listener of feed.listeners) listener(event);
  }

  #leave(key: string, shared: Shared): void {
    shared.members--;
    if (shared.members > 0) return;
    if (this.#shared.get(key) === shared) this.#shared.delete(key);
    void this.#stop(shared);
  }

  async #stop(shared: Shared): Promise<void> {
    shared.feed.listeners.clear();
    try {
      const observation = await shared.started;
      await observation.stop();
      this.#logger?.debug({ property: addressText(shared.feed.address) }, 'stopped observing: no stream reads it any more');
    } catch (error) {
      // Never started (its members saw why), or STOP_OBSERVE got no answer: the gateway ends it when the device goes.
      this.#logger?.debug({ property: addressText(shared.feed.address), err: error }, 'stopping an observation failed');
    }
  }
}
