/**
 * One MQTT client shared by every route to the same broker. Subscriptions are kept here
 * and made again on every connection (MQTT.js's own resubscribe is off), so a route's
 * subscription survives broker restarts however the first connection went. QoS 0 is not
 * queued while offline: a publish then fails at once, and the route counts the failure.
 */
import type { IClientOptions, MqttClient } from 'mqtt';
import { ERROR_CODES, FarsideError } from '../../errors/index.js';
import { formatHost, type RouteHost } from './route-host.js';

/** Opens a client; MQTT.js's `connect` by default. Tests may hand in a stand-in. */
export type MqttConnect = (options: IClientOptions) => MqttClient;

export type MqttMessageListener = (payload: Uint8Array) => void;

/** MQTT 3.1.1 §3.9.3: SUBACK return code 0x80 is a refused subscription. */
const SUBACK_FAILURE = 0x80;

interface Subscription {
  readonly listeners: Set<MqttMessageListener>;
  acknowledged: boolean;
}

export class MqttBrokerLink {
  readonly #client: MqttClient;
  readonly #name: string;
  readonly #subscriptions = new Map<string, Subscription>();
  /** Settles at the next connect (true) or close (false), for publishes waiting to learn which. */
  #nextOutcome: { readonly promise: Promise<boolean>; readonly settle: (connected: boolean) => void } | undefined;
  #lastError = 'not connected yet';
  #ended = false;

  constructor(broker: RouteHost, connect: MqttConnect, options: IClientOptions) {
    this.#name = formatHost(broker);
    this.#client = connect({ ...options, host: broker.host, port: broker.port, protocol: 'mqtt', queueQoSZero: false, resubscribe: false });
    this.#client.on('connect', () => {
      this.#settle(true);
      for (const topic of this.#subscriptions.keys()) this.#subscribe(topic);
    });
    this.#client.on('close', () => {
      for (const subscription of this.#subscriptions.values()) subscription.acknowledged = false;
      this.#settle(false);
    });
    // Without a listener an 'error' event would throw; the reason shows in the next failure.
    this.#client.on('error', (err) => {
      this.#lastError = err.message;
    });
    this.#client.on('message', (topic, payload) => {
      for (const listener of [...(this.#subscriptions.get(topic)?.listeners ?? [])]) listener(new Uint8Array(payload));
    });
  }

  get connected(): boolean {
    return this.#client.connected;
  }

  /** True while connected and the broker has granted the subscription to `topic`. */
  subscribed(topic: string): boolean {
    return this.connected && this.#subscriptions.get(topic)?.acknowledged === true;
  }

  /** Publishes at QoS 0; rejects with FarsideError DEVICE_UNAVAILABLE when the broker cannot be reached. */
  async publish(topic: string, payload: Uint8Array): Promise<void> {
    if (!this.#client.connected && !(await this.#outcome())) throw this.#unavailable();
    await new Promise<void>((resolve, reject) => {
      this.#client.publish(topic, Buffer.from(payload), { qos: 0 }, (err) => (err ? reject(this.#unavailable(err.message)) : resolve()));
    });
  }

  /** Calls `listener` with every message on `topic`; returns a function that stops. */
  subscribe(topic: string, listener: MqttMessageListener): () => void {
    let subscription = this.#subscriptions.get(topic);
    if (subscription === undefined) {
      subscription = { listeners: new Set(), acknowledged: false };
      this.#subscriptions.set(topic, subscription);
      if (this.#client.connected) this.#subscribe(topic);
    }
    subscription.listeners.add(listener);
    return () => {
      const current = this.#subscriptions.get(topic);
      if (current === undefined || !current.listeners.delete(listener) || current.listeners.size > 0) return;
      this.#subscriptions.delete(topic);
      if (this.#client.connected && !this.#ended) this.#client.unsubscribe(topic, () => {});
    };
  }

  /** Disconnects at once and stops reconnecting. */
  end(): Promise<void> {
    this.#ended = true;
    this.#settle(false);
    return new Promise((resolve) => this.#client.end(true, {}, () => resolve()));
  }

  #subscribe(topic: string): void {
    this.#client.subscribe(topic, { qos: 0 }, (err, granted) => {
      const subscription = this.#subscriptions.get(topic);
      if (subscription === undefined) return;
      if (err || granted?.some((grant) => grant.qos === SUBACK_FAILURE)) {
        this.#lastError = err?.message ?? `the broker refused a subscription to ${topic}`;
        return;
      }
      subscription.acknowledged = this.#client.connected;
    });
  }

  #outcome(): Promise<boolean> {
    if (this.#ended) return Promise.resolve(false);
    if (this.#nextOutcome === undefined) {
      let settle: (connected: boolean) => void = () => {};
      const promise = new Promise<boolean>((resolve) => (settle = resolve));
      this.#nextOutcome = { promise, settle };
    }
    return this.#nextOutcome.promise;
  }

  #settle(connected: boolean): void {
    this.#nextOutcome?.settle(connected);
    this.#nextOutcome = undefined;
  }

  #unavailable(reason = this.#lastError): FarsideError {
    return new FarsideError(ERROR_CODES.DEVICE_UNAVAILABLE, `MQTT broker ${this.#name} is unreachable: ${reason}`);
  }
}
