import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import mqtt, { type IPublishPacket, type MqttClient } from 'mqtt';
import { ERROR_CODES, FarsideError, invalidInput } from '../../errors/index.js';
import { decodeAnnounce, decodeUnregister } from '../contract/announce.js';
import type { SdfAnnounce, SdfNotification, SdfOperation, SdfResponse } from '../contract/payloads.js';
import { isSdfSuccess } from '../contract/response-code.js';
import { announceTopic, formatSdfTopic, thingsTopic, unregisterTopic, type SdfObservableTopic, type SdfTopic } from '../contract/topics.js';
import type { SdfClientEvents } from './events.js';
import { firstReady } from './first-ready.js';
import { encodingOf, notificationFromMessage, replyFromMessage } from './incoming.js';
import { resolveSdfClientOptions, type ResolvedSdfClientOptions, type SdfClientOptions, type SdfRequestOptions } from './options.js';
import { messageFromRequest } from './outgoing.js';
import { PendingReplies } from './pending-replies.js';
import { replyTopicFor } from './reply-topic.js';
import { TopicListeners } from './topic-listeners.js';

/** `ready`: connected and subscribed; `connecting` covers the first attempt and every reconnection. */
export type SdfClientState = 'new' | 'connecting' | 'ready' | 'closed';

export type SdfNotificationListener = (notification: SdfNotification, topic: string) => void;

/** An observation started by `observe`. */
export interface SdfObservation {
  /** The START_OBSERVE reply: 69 with the current value, or the gateway's error reply (then nothing is observed). */
  readonly response: SdfResponse;
  /** Stops delivering at once, then sends STOP_OBSERVE; idempotent. Rejects like `request` when STOP_OBSERVE gets no reply. */
  stop(options?: SdfRequestOptions): Promise<void>;
}

/**
 * An SDF-over-MQTT client (sdf-models/CONTRACT.md): requests with correlated replies,
 * observations, and the gateway's announce/unregister. A reply with an error code is a
 * value; only a timeout, a cancellation or an unreadable reply rejects (STYLE 3).
 *
 * Subscriptions are this client's own bookkeeping rather than MQTT.js's `resubscribe`:
 * MQTT.js sends its offline queue before resubscribing, so a request could go out before
 * the reply topic is live again. Here requests wait until every subscription is confirmed.
 */
export class SdfClient extends EventEmitter<SdfClientEvents> {
  readonly #options: ResolvedSdfClientOptions;
  readonly #replyTopic: string;
  readonly #pending = new PendingReplies();
  readonly #observers = new TopicListeners<SdfNotificationListener>();
  /** Requests waiting for `ready`, by correlation id. */
  readonly #queued = new Map<string, () => void>();
  readonly #idBase = randomBytes(4).toString('hex');
  /** Aborted by close(), so that a start() still connecting gives up. */
  readonly #closing = new AbortController();
  #nextId = 0;
  #state: SdfClientState = 'new';
  #mqtt: MqttClient | undefined;
  #started: Promise<void> | undefined;
  #readyOnce = false;

  constructor(options: SdfClientOptions) {
    super();
    this.#options = resolveSdfClientOptions(options);
    this.#replyTopic = replyTopicFor(this.#options.clientId, this.#options.prefix);
  }

  get state(): SdfClientState {
    return this.#state;
  }

  get clientId(): string {
    return this.#options.clientId;
  }

  /**
   * Connects and subscribes; resolves at the first `ready`. Connection failures are retried
   * (each one a `warning`) until `signal` aborts, which rejects with FarsideError CANCELLED;
   * a broker that refuses the connection (CONNACK reason code) rejects with its error.
   */
  start(signal?: AbortSignal): Promise<void> {
    this.#started ??= this.#start(signal);
    return this.#started;
  }

  #start(signal?: AbortSignal): Promise<void> {
    if (this.#state === 'closed') return Promise.reject(new FarsideError(ERROR_CODES.CANCELLED, 'the SDF client is closed'));
    this.#state = 'connecting';
    const { url, protocolVersion, clientId, reconnectPeriodMs, connectTimeoutMs } = this.#options;
    const client = mqtt.connect(url, { protocolVersion, clientId, reconnectPeriod: reconnectPeriodMs, connectTimeout: connectTimeoutMs, clean: true, resubscribe: false });
    this.#mqtt = client;
    client.on('message', (topic, payload, packet) => this.#onMessage(topic, payload, packet));
    client.on('connect', () => {
      // Small requests and replies must not wait for a delayed ACK (Nagle's algorithm costs ~40 ms per hop).
      (client.stream as { setNoDelay?: (noDelay: boolean) => void }).setNoDelay?.(true);
      void this.#subscribeAll(client);
    });
    client.on('close', () => this.#onClose());
    return firstReady({ events: this, mqtt: client, url, closing: this.#closing.signal, ...(signal ? { signal } : {}) }).catch(async (err: unknown) => {
      await this.close();
      throw err;
    });
  }

  /**
   * Sends `operation` to `topic` and resolves with the reply, whatever its response_code.
   * Rejects with FarsideError TIMEOUT when no reply comes in time, CANCELLED on abort or
   * close, INVALID_INPUT for a bad topic or data or an unreadable reply.
   */
  request(topic: SdfTopic | 'things', operation: SdfOperation, data?: unknown, options: SdfRequestOptions = {}): Promise<SdfResponse> {
    try {
      return this.#request(topic, operation, data, options);
    } catch (err) {
      return Promise.reject(err as Error);
    }
  }

  #request(topic: SdfTopic | 'things', operation: SdfOperation, data: unknown, options: SdfRequestOptions): Promise<SdfResponse> {
    if (this.#state === 'closed') throw new FarsideError(ERROR_CODES.CANCELLED, 'the SDF client is closed');
    if (this.#state === 'new') throw new FarsideError(ERROR_CODES.INTERNAL, 'call start() before sending requests');
    const encoding = options.encoding ?? 'json';
    if (encoding === 'cbor' && this.#options.protocolVersion !== 5) throw invalidInput('CBOR requests need MQTT 5: only its Content Type can announce them');
    const { prefix, protocolVersion, qos } = this.#options;
    const target = topic === 'things' ? thingsTopic(prefix) : formatSdfTopic(topic, prefix);
    const correlationId = `${this.#idBase}-${++this.#nextId}`;
    const message = messageFromRequest({ topic: target, operation, data, encoding, values: options.values ?? 'compat', correlationId, replyTopic: this.#replyTopic, protocolVersion, qos });
    const reply = this.#pending.wait(correlationId, options.timeoutMs ?? this.#options.requestTimeoutMs, `${operation} ${target}`, options.signal);
    const send = (): void => {
      this.#queued.delete(correlationId);
      this.#mqtt?.publish(message.topic, message.payload, message.options, (error) => {
        if (error) this.#pending.reject(correlationId, new FarsideError(ERROR_CODES.CANCELLED, `${operation} ${target} could not be sent: ${error.message}`, { cause: error }));
      });
    };
    if (this.#state === 'ready') send();
    else this.#queued.set(correlationId, send);
    return reply.finally(() => this.#queued.delete(correlationId));
  }

  /** The gateway's list of things (the `things` topic). */
  things(options?: SdfRequestOptions): Promise<SdfResponse> {
    return this.request('things', 'GET', undefined, options);
  }

  /**
   * Subscribes to `topic`, sends START_OBSERVE and calls `listener` with every notification
   * published there; requests and replies that share the topic are skipped. When the reply
   * is an error code, nothing is observed and `stop` does nothing.
   */
  async observe(topic: SdfObservableTopic, listener: SdfNotificationListener, options: SdfRequestOptions = {}): Promise<SdfObservation> {
    const target = formatSdfTopic(topic, this.#options.prefix);
    // A wrapper per call, so the same function may observe twice and stop each separately.
    const deliver: SdfNotificationListener = (notification, from) => listener(notification, from);
    const unlisten = (): void => {
      if (this.#observers.remove(target, deliver) && this.#state === 'ready') this.#mqtt?.unsubscribe(target);
    };
    // When not ready, the next #subscribeAll takes the topic along, before any request goes out.
    if (this.#observers.add(target, deliver) && this.#state === 'ready') {
      try {
        await this.#subscribe([target]);
      } catch (err) {
        // Lost the connection meanwhile: reconnecting subscribes again. Refused: give up.
        if (this.#state === 'ready') {
          unlisten();
          throw err;
        }
      }
    }
    let response: SdfResponse;
    try {
      response = await this.request(topic, 'START_OBSERVE', undefined, options);
    } catch (err) {
      unlisten();
      throw err;
    }
    if (!isSdfSuccess(response.response_code)) {
      unlisten();
      return { response, stop: () => Promise.resolve() };
    }
    let stopped = false;
    return {
      response,
      stop: async (stopOptions = {}) => {
        if (stopped) return;
        stopped = true;
        unlisten();
        if (this.#state !== 'closed') await this.request(topic, 'STOP_OBSERVE', undefined, { ...options, ...stopOptions });
      },
    };
  }

  /** Calls `listener` for every announce; returns a function that stops it. */
  onAnnounce(listener: (things: SdfAnnounce) => void): () => void {
    this.on('announce', listener);
    return () => this.off('announce', listener);
  }

  /** Calls `listener` with every unregistered thing's name; returns a function that stops it. */
  onUnregister(listener: (thing: string) => void): () => void {
    this.on('unregister', listener);
    return () => this.off('unregister', listener);
  }

  /** Disconnects; waiting requests reject with FarsideError CANCELLED. Idempotent. */
  async close(): Promise<void> {
    if (this.#state === 'closed') return;
    const wasReady = this.#state === 'ready';
    this.#state = 'closed';
    this.#closing.abort();
    this.#queued.clear();
    this.#pending.rejectAll(new FarsideError(ERROR_CODES.CANCELLED, 'the SDF client was closed'));
    const client = this.#mqtt;
    this.#mqtt = undefined;
    // Forced when offline: a graceful end would wait for a connection that may never come.
    await client?.endAsync(!wasReady);
  }

  /** On every connection: the reply, announce and unregister topics and every observed topic, then `ready`. */
  async #subscribeAll(client: MqttClient): Promise<void> {
    const { prefix } = this.#options;
    const done = new Set<string>();
    let wanted = [this.#replyTopic, announceTopic(prefix), unregisterTopic(prefix), ...this.#observers.topics()];
    try {
      // Until no observer arrived meanwhile: one that did would otherwise wait for the next reconnection.
      while (wanted.length > 0) {
        await this.#subscribe(wanted);
        for (const topic of wanted) done.add(topic);
        wanted = this.#observers.topics().filter((topic) => !done.has(topic));
      }
    } catch (error) {
      // The connection dropped meanwhile (the next 'connect' tries again) or the broker refused a filter.
      this.emit('warning', { message: 'subscribing after connecting failed', error });
      return;
    }
    if (this.#mqtt !== client || this.#state === 'closed' || !client.connected) return;
    this.#state = 'ready';
    const reconnect = this.#readyOnce;
    this.#readyOnce = true;
    this.emit('ready', { reconnect });
    for (const send of [...this.#queued.values()]) send();
  }

  async #subscribe(topics: string[]): Promise<void> {
    const granted = await this.#mqtt?.subscribeAsync(topics, { qos: this.#options.qos, ...(this.#options.protocolVersion === 5 ? { nl: true } : {}) });
    const refused = granted?.find((grant) => grant.qos === 128);
    if (refused) throw new FarsideError(ERROR_CODES.NOT_ALLOWED, `the broker refused the subscription to ${refused.topic}`);
  }

  #onClose(): void {
    if (this.#state !== 'ready') return;
    this.#state = 'connecting';
    this.emit('offline');
  }

  #onMessage(topic: string, payload: Buffer, packet: IPublishPacket): void {
    const properties = packet.properties;
    try {
      if (topic === this.#replyTopic) this.#onReply(payload, properties);
      else if (topic === announceTopic(this.#options.prefix)) this.emit('announce', decodeAnnounce(payload, encodingOf(properties)));
      else if (topic === unregisterTopic(this.#options.prefix)) this.emit('unregister', decodeUnregister(payload, encodingOf(properties)));
      else this.#onNotification(topic, payload, properties);
    } catch (error) {
      this.emit('warning', { message: 'dropped a message that could not be read', topic, error });
    }
  }

  #onReply(payload: Buffer, properties: IPublishPacket['properties']): void {
    let reply: ReturnType<typeof replyFromMessage>;
    try {
      reply = replyFromMessage(payload, properties);
    } catch (err) {
      // A reply we cannot read fails its request, when we can tell which one it was.
      const id = properties?.correlationData?.toString('utf8');
      if (id !== undefined && this.#pending.has(id)) return this.#pending.reject(id, err as Error);
      throw err;
    }
    // The body's correlationId is MQTT 3.1.1 routing, not part of the answer: callers see the same reply over either version.
    const { correlationId: _routing, ...response } = reply.response;
    if (reply.correlationId === undefined || !this.#pending.resolve(reply.correlationId, response)) {
      this.emit('warning', { message: 'dropped a reply that no request is waiting for (it came too late, or names no correlation id)' });
    }
  }

  #onNotification(topic: string, payload: Buffer, properties: IPublishPacket['properties']): void {
    const listeners = this.#observers.get(topic);
    if (listeners.length === 0) return;
    const notification = notificationFromMessage(payload, properties);
    if (notification === undefined) return;
    for (const listener of listeners) {
      try {
        listener(notification, topic);
      } catch (error) {
        this.emit('warning', { message: 'a notification listener threw', topic, error });
      }
    }
  }
}
