/**
 * The Data Route object (35001) of a simulated embServe device: a server's Create, Write
 * and Delete of routes are checked as whole routes (4.00, nothing stored, when a URI or
 * the pairing is wrong, or the device holds its limit of routes), and every stored route
 * is carried: workload outputs leave for CoAP peers, MQTT topics or other workloads;
 * CoAP requests and MQTT messages on an inbound route's origin feed a workload's input.
 */
import { RESPONSE_CODE, type InboundRequest, type OutboundReply, type Resource, type ResponseCode } from '../../lwm2m/index.js';
import { SYSTEM_CLOCK, type Clock, type ObjectTree } from '../objects/index.js';
import type { DeviceLog, WorkloadBus, WorkloadOutput } from '../embserve/contracts.js';
import { ArmedRoute, type RouteContext, type RouteStats } from './armed-route.js';
import { answerRouteRequest } from './coap-route-inbound.js';
import { lookupIpv4, type CoapSender, type HostLookup } from './coap-route-sender.js';
import { DATA_ROUTE_OBJECT_ID as ROUTES, DATA_ROUTE_RESOURCE as RES, routeFromUris } from './data-route.js';
import type { MqttConnect } from './mqtt-broker-link.js';
import { MqttBrokerPool } from './mqtt-broker-pool.js';
import { RouteFailureLog } from './route-failure-log.js';
import { PendingRouteWrites } from './pending-route-writes.js';

/** Default limit of routes one device holds; more are refused with 4.00. */
export const MAX_ROUTES_PER_DEVICE = 16;

export interface RouteTableOptions {
  /** Where outputs come from and inputs go. */
  readonly bus: WorkloadBus;
  /** Where delivery failures are written, at most one line per route per `logIntervalMs`. */
  readonly log: DeviceLog;
  /** Sends CoAP POSTs; the device passes its own endpoint (see coapSenderOf). */
  readonly coap: CoapSender;
  /** Opens MQTT clients; default MQTT.js's connect. */
  readonly connectMqtt?: MqttConnect;
  /** Resolves host names of coap:// destinations; default dns.lookup for IPv4. */
  readonly lookup?: HostLookup;
  /** Time for log rate limiting; default the system clock. */
  readonly clock?: Pick<Clock, 'now'>;
  /** Default MAX_ROUTES_PER_DEVICE. */
  readonly maxRoutes?: number;
  /** Default 10 s (ROUTE_LOG_INTERVAL_MS). */
  readonly logIntervalMs?: number;
}

const stringValue = (resource: Resource | undefined): string | undefined =>
  resource?.kind === 'single' && typeof resource.value === 'string' ? resource.value : undefined;

export class RouteTable {
  readonly #options: RouteTableOptions;
  #ctx: RouteContext | undefined;
  readonly #armed = new Map<number, ArmedRoute>();
  readonly #pending = new PendingRouteWrites();
  readonly #detach: (() => void)[] = [];
  #tree: ObjectTree | undefined;

  constructor(options: RouteTableOptions) {
    this.#options = options;
  }

  /** Built with the first route: most devices of a fleet carry none. */
  #context(): RouteContext {
    const options = this.#options;
    const clock = options.clock ?? SYSTEM_CLOCK;
    this.#ctx ??= {
      bus: options.bus,
      coap: options.coap,
      lookup: options.lookup ?? lookupIpv4,
      brokers: new MqttBrokerPool({ connect: options.connectMqtt }),
      failures: new RouteFailureLog(options.log, () => clock.now(), options.logIntervalMs),
    };
    return this.#ctx;
  }

  /** Takes over object 35001 of `tree` (its hooks) and starts carrying the routes it already holds. */
  attach(tree: ObjectTree): void {
    if (this.#tree !== undefined) throw new Error('a RouteTable attaches to one tree');
    this.#tree = tree;
    tree.supportObject(ROUTES);
    this.#detach.push(
      tree.onCreate(ROUTES, { accept: (_id, resources) => this.#acceptCreate(resources), created: (id) => this.#sync(id) }),
      tree.onDelete(ROUTES, { deleted: (id) => this.#sync(id) }),
      // Instances the device adds or removes itself pass no hook.
      tree.onObjectsChanged(({ path }) => {
        if (path[0] === ROUTES) this.#sync(path[1]);
      }),
      this.#options.bus.onOutput((output) => this.#forward(output)),
    );
    for (const resourceId of [RES.ORIGIN_URI, RES.DESTINATION_URI]) {
      this.#detach.push(tree.onWrite(ROUTES, resourceId, {
        accept: (id, resource) => this.#acceptWrite(id, resource),
        written: (id) => {
          this.#pending.done(id);
          this.#sync(id);
        },
      }));
    }
    for (const id of tree.registeredObjects().objects.get(ROUTES)?.instances ?? []) this.#sync(id);
  }

  /** Serves CoAP requests on inbound routes' paths; undefined for any other path. */
  readonly handleCoapRequest = (request: InboundRequest): OutboundReply | undefined => answerRouteRequest([...this.#armed.values()], request);

  /** Every route carried, by instance id. */
  stats(): readonly RouteStats[] {
    return [...this.#armed.values()].sort((a, b) => a.instanceId - b.instanceId).map((route) => route.stats());
  }

  /** Stops carrying routes, leaves the tree's hooks and closes every MQTT client. */
  async close(): Promise<void> {
    for (const detach of this.#detach.splice(0)) detach();
    for (const route of this.#armed.values()) route.disarm();
    this.#armed.clear();
    await this.#ctx?.brokers.close();
  }

  #acceptCreate(resources: ReadonlyMap<number, Resource>): ResponseCode | undefined {
    const held = this.#tree?.registeredObjects().objects.get(ROUTES)?.instances.length ?? 0;
    if (held >= (this.#options.maxRoutes ?? MAX_ROUTES_PER_DEVICE)) return RESPONSE_CODE.BAD_REQUEST;
    return this.#valid(stringValue(resources.get(RES.ORIGIN_URI)), stringValue(resources.get(RES.DESTINATION_URI)));
  }

  #acceptWrite(instanceId: number, resource: Resource): ResponseCode | undefined {
    const current = { origin: this.#uri(instanceId, RES.ORIGIN_URI), destination: this.#uri(instanceId, RES.DESTINATION_URI) };
    const next = this.#pending.propose(instanceId, current, resource.id === RES.ORIGIN_URI ? 'origin' : 'destination', stringValue(resource));
    const verdict = this.#valid(next.origin, next.destination);
    // A refusal ends the Write, so its other URI will not come.
    if (verdict !== undefined) this.#pending.done(instanceId);
    return verdict;
  }

  #valid(origin: string | undefined, destination: string | undefined): ResponseCode | undefined {
    try {
      routeFromUris(origin, destination);
      return undefined;
    } catch {
      return RESPONSE_CODE.BAD_REQUEST;
    }
  }

  #uri(instanceId: number, resourceId: number): string | undefined {
    return stringValue(this.#tree?.getResource([ROUTES, instanceId, resourceId]));
  }

  /** Makes what is carried for `instanceId` match what the tree holds; idempotent. */
  #sync(instanceId: number): void {
    const origin = this.#uri(instanceId, RES.ORIGIN_URI);
    const destination = this.#uri(instanceId, RES.DESTINATION_URI);
    const armed = this.#armed.get(instanceId);
    if (armed !== undefined && armed.originText === origin && armed.destinationText === destination) return;
    armed?.disarm();
    this.#armed.delete(instanceId);
    if (origin === undefined && destination === undefined) return;
    try {
      this.#armed.set(instanceId, ArmedRoute.arm(instanceId, origin ?? '', destination ?? '', routeFromUris(origin, destination), this.#context()));
    } catch (err) {
      // Only a route the device stored itself can be invalid here; servers' are checked.
      this.#options.log.write(`route ${instanceId} is not carried: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  #forward(output: WorkloadOutput): void {
    for (const route of this.#armed.values()) if (route.takesOutput(output)) route.forward(output);
  }
}
