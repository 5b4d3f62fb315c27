/**
 * MQTT clients for routes, one per broker host:port, shared by leases: the first route
 * that needs a broker connects to it, the last one to go closes the client. Between the
 * two, MQTT.js reconnects on its own.
 */
import { randomBytes } from 'node:crypto';
import mqtt from 'mqtt';
import { formatHost, type RouteHost } from './route-host.js';
import { MqttBrokerLink, type MqttConnect, type MqttMessageListener } from './mqtt-broker-link.js';

/** How long to wait between connection attempts to a broker, ms. */
export const MQTT_RECONNECT_PERIOD_MS = 1_000;
/** How long one connection attempt may take before it counts as failed, ms. */
export const MQTT_CONNECT_TIMEOUT_MS = 5_000;

/** One route's use of a broker's shared client. */
export interface MqttBrokerLease {
  readonly connected: boolean;
  subscribed(topic: string): boolean;
  publish(topic: string, payload: Uint8Array): Promise<void>;
  subscribe(topic: string, listener: MqttMessageListener): () => void;
  /** Ends this lease's subscriptions; the client closes with its last lease. Idempotent. */
  release(): void;
}

const defaultConnect: MqttConnect = (options) => mqtt.connect(options);

export class MqttBrokerPool {
  readonly #connect: MqttConnect;
  readonly #clientIdPrefix: string;
  readonly #links = new Map<string, { readonly link: MqttBrokerLink; leases: number }>();
  readonly #ending = new Set<Promise<void>>();

  constructor(options: { connect?: MqttConnect; clientIdPrefix?: string } = {}) {
    this.#connect = options.connect ?? defaultConnect;
    this.#clientIdPrefix = options.clientIdPrefix ?? 'farside-route';
  }

  lease(broker: RouteHost): MqttBrokerLease {
    const name = formatHost(broker);
    let shared = this.#links.get(name);
    if (shared === undefined) {
      const link = new MqttBrokerLink(broker, this.#connect, {
        clientId: `${this.#clientIdPrefix}-${randomBytes(4).toString('hex')}`,
        protocolVersion: 4,
        clean: true,
        reconnectPeriod: MQTT_RECONNECT_PERIOD_MS,
        connectTimeout: MQTT_CONNECT_TIMEOUT_MS,
      });
      shared = { link, leases: 0 };
      this.#links.set(name, shared);
    }
    shared.leases++;
    const { link } = shared;
    const stops = new Set<() => void>();
    let released = false;
    return {
      get connected() {
        return link.connected;
      },
      subscribed: (topic) => link.subscribed(topic),
      publish: (topic, payload) => link.publish(topic, payload),
      subscribe: (topic, listener) => {
        const stop = link.subscribe(topic, listener);
        stops.add(stop);
        return () => {
          stops.delete(stop);
          stop();
        };
      },
      release: () => {
        if (released) return;
        released = true;
        for (const stop of stops) stop();
        this.#release(name, link);
      },
    };
  }

  /** Closes every client, leased or not. */
  async close(): Promise<void> {
    for (const name of [...this.#links.keys()]) this.#end(name);
    await Promise.all(this.#ending);
  }

  #release(name: string, link: MqttBrokerLink): void {
    const shared = this.#links.get(name);
    // A lease outliving close() must not count against a newer client to the same broker.
    if (shared?.link !== link) return;
    shared.leases--;
    if (shared.leases === 0) this.#end(name);
  }

  #end(name: string): void {
    const shared = this.#links.get(name);
    if (shared === undefined) return;
    this.#links.delete(name);
    const ending = shared.link.end().finally(() => this.#ending.delete(ending));
    this.#ending.add(ending);
  }
}
