/**
 * One route the device carries: where its values come from and how they leave, with its
 * delivered/failed counters. Nothing here throws at the caller: a failed delivery is
 * counted and goes to the (rate-limited) device log.
 */
import type { ServiceValue, WorkloadBus, WorkloadOutput } from '../embserve/contracts.js';
import type { CoapSender, HostLookup } from './coap-route-sender.js';
import type { DataRoute } from './data-route.js';
import type { MqttBrokerLease, MqttBrokerPool } from './mqtt-broker-pool.js';
import type { RouteFailureLog } from './route-failure-log.js';
import { decodeRoutePayload, encodeRoutePayload } from './route-payload.js';
import type { CoapRouteUri, LocalRouteUri } from './route-uri.js';

/** What the routes of one device share. */
export interface RouteContext {
  readonly bus: WorkloadBus;
  readonly coap: CoapSender;
  readonly lookup: HostLookup;
  readonly brokers: MqttBrokerPool;
  readonly failures: RouteFailureLog;
}

/** A route as the shell shows it. */
export interface RouteStats {
  readonly instanceId: number;
  readonly origin: string;
  readonly destination: string;
  readonly delivered: number;
  readonly failed: number;
  /** For a route through an MQTT broker: connected (and, for an MQTT origin, subscribed) or not. */
  readonly broker?: 'up' | 'down';
}

const reasonOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export class ArmedRoute {
  readonly #ctx: RouteContext;
  readonly #lease: MqttBrokerLease | undefined;
  #delivered = 0;
  #failed = 0;
  #armed = true;

  private constructor(
    readonly instanceId: number,
    readonly originText: string,
    readonly destinationText: string,
    readonly route: DataRoute,
    ctx: RouteContext,
    lease: MqttBrokerLease | undefined,
  ) {
    this.#ctx = ctx;
    this.#lease = lease;
  }

  /** Starts carrying `route`: leases a broker client for an MQTT origin or destination, subscribes for an origin. */
  static arm(instanceId: number, originText: string, destinationText: string, route: DataRoute, ctx: RouteContext): ArmedRoute {
    const { origin, destination } = route;
    const broker = origin.scheme === 'mqtt' ? origin : destination.scheme === 'mqtt' ? destination : undefined;
    const armed = new ArmedRoute(instanceId, originText, destinationText, route, ctx, broker && ctx.brokers.lease(broker));
    if (origin.scheme === 'mqtt') armed.#lease?.subscribe(origin.topic, (payload) => armed.#fromBroker(payload));
    return armed;
  }

  takesOutput(output: WorkloadOutput): boolean {
    const { direction, origin } = this.route;
    return direction === 'outbound' && origin.service === output.service && origin.key === output.key;
  }

  /** True when a CoAP request on `path` belongs to this route. */
  takesCoapPath(path: readonly string[]): boolean {
    const { origin } = this.route;
    return origin.scheme === 'coap' && origin.path.length === path.length && origin.path.every((segment, i) => segment === path[i]);
  }

  /** Sends a workload's output on to the destination. */
  forward(output: WorkloadOutput): void {
    const { destination } = this.route;
    if (destination.scheme === 'local') {
      this.#toWorkload(destination, output);
      return;
    }
    let payload: Uint8Array;
    try {
      payload = encodeRoutePayload(output);
    } catch (err) {
      this.#fail(`cannot send ${output.service}/${output.key}: ${reasonOf(err)}`);
      return;
    }
    const sent = destination.scheme === 'coap' ? this.#toCoapPeer(destination, payload) : (this.#lease as MqttBrokerLease).publish(destination.topic, payload);
    sent.then(
      () => this.#succeed(),
      (err: unknown) => this.#fail(`cannot deliver to ${this.destinationText}: ${reasonOf(err)}`),
    );
  }

  /** Hands a value that arrived from a peer to the destination workload; false when it takes none. */
  fromPeer(value: ServiceValue): boolean {
    // The sender's key is informational; the route says which input it feeds.
    return this.#toWorkload(this.route.destination as LocalRouteUri, value);
  }

  /** Counts a payload from a peer that could not be read. */
  refused(reason: string): void {
    this.#fail(`refused a payload from ${this.originText}: ${reason}`);
  }

  stats(): RouteStats {
    const base = { instanceId: this.instanceId, origin: this.originText, destination: this.destinationText, delivered: this.#delivered, failed: this.#failed };
    if (this.#lease === undefined) return base;
    const { origin } = this.route;
    const up = origin.scheme === 'mqtt' ? this.#lease.subscribed(origin.topic) : this.#lease.connected;
    return { ...base, broker: up ? 'up' : 'down' };
  }

  /** Stops delivering and lets go of the broker client; idempotent. */
  disarm(): void {
    this.#armed = false;
    this.#lease?.release();
    this.#ctx.failures.forget(this.instanceId);
  }

  #fromBroker(payload: Uint8Array): void {
    let value: ServiceValue;
    try {
      value = decodeRoutePayload(payload);
    } catch (err) {
      // Thrown from here it would escape into the MQTT client's event loop.
      this.refused(reasonOf(err));
      return;
    }
    this.fromPeer(value);
  }

  #toWorkload(destination: LocalRouteUri, value: ServiceValue): boolean {
    let delivered: boolean;
    try {
      delivered = this.#ctx.bus.deliverInput(destination.service, { key: destination.key, type: value.type, value: value.value });
    } catch (err) {
      // A workload's fault must not escape into the MQTT client or the CoAP endpoint.
      this.#fail(`workload ${destination.service} failed on input ${destination.key}: ${reasonOf(err)}`);
      return false;
    }
    if (delivered) this.#succeed();
    else this.#fail(`workload ${destination.service} is not running or takes no input ${destination.key}`);
    return delivered;
  }

  async #toCoapPeer(destination: CoapRouteUri, payload: Uint8Array): Promise<void> {
    const address = await this.#ctx.lookup(destination.host);
    const code = await this.#ctx.coap({ address, port: destination.port }, destination.path, payload);
    if (!code.startsWith('2.')) throw new Error(`the peer answered ${code}`);
  }

  #succeed(): void {
    if (this.#armed) this.#delivered++;
  }

  #fail(reason: string): void {
    if (!this.#armed) return;
    this.#failed++;
    this.#ctx.failures.failed(this.instanceId, reason);
  }
}
