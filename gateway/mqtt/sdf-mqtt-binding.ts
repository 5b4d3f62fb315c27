import { EventEmitter } from 'node:events';
import mqtt, { type IClientPublishOptions, type MqttClient, type IPublishPacket } from 'mqtt';
import {
  SDF_RESPONSE_CODE,
  announceTopic,
  decodeRequest,
  encodeAnnounce,
  encodeNotification,
  encodeResponse,
  encodeUnregister,
  isValidThingName,
  parseSdfTopic,
  requestSubscriptions,
  errorResponse,
  thingsTopic,
  unregisterTopic,
  type SdfResponse,
} from '../../sdf-models/index.js';
import type { LwM2mServer } from '../lwm2m-server.js';
import type { Registration } from '../registration/registration.js';
import { SdfNames } from '../sdf/sdf-names.js';
import { SdfRequestHandler } from '../sdf/sdf-request-handler.js';
import type { ValueMode } from '../sdf/value-modes.js';
import { TopicObservations, type TopicNotification } from './topic-observations.js';

export interface SdfMqttBindingOptions {
  /** Broker URL, e.g. `mqtt://127.0.0.1:1883`. */
  readonly url: string;
  /** 5 (MQTT 5) or 4 (3.1.1). Default: 5, falling back to 4 when the broker refuses 5. */
  readonly protocolVersion?: 4 | 5;
  /** Topic prefix; default none (NextGenGW's bare topics). */
  readonly prefix?: string;
  /** MQTT client id. Default `farside-gateway-<random>`. */
  readonly clientId?: string;
  /** Pause between reconnect attempts, ms. Default 1000. */
  readonly reconnectPeriodMs?: number;
}

export interface SdfMqttBindingEvents {
  /** Connected (again): subscriptions are in place and things were announced. */
  connected: [info: { protocolVersion: 4 | 5; reconnect: boolean }];
  disconnected: [];
  warning: [event: { message: string; error?: unknown }];
}

const CBOR = 'application/cbor';

/**
 * The gateway's SDF-over-MQTT side (sdf-models/CONTRACT.md): announces things as
 * they register, answers requests at every level by translating them to LwM2M,
 * and publishes observe notifications. Reconnects to the broker on its own and
 * announces every thing again, so nothing depends on the broker's memory.
 */
export class SdfMqttBinding extends EventEmitter<SdfMqttBindingEvents> {
  readonly #names: SdfNames;
  readonly #handler: SdfRequestHandler;
  readonly #observations: TopicObservations;
  readonly #prefix: string;
  #client: MqttClient | undefined;
  #protocolVersion: 4 | 5 = 5;
  #connectedOnce = false;
  #corked = false;

  constructor(
    private readonly server: LwM2mServer,
    private readonly options: SdfMqttBindingOptions,
  ) {
    super();
    this.#prefix = options.prefix ?? '';
    this.#names = new SdfNames(server.models);
    this.#observations = new TopicObservations(server, this.#names, (n) => this.#publishNotification(n), this.#prefix);
    this.#handler = new SdfRequestHandler(server, this.#names, this.#observations);
  }

  /** Connects, subscribes and starts following the server's registrations. */
  async start(): Promise<void> {
    this.#protocolVersion = this.options.protocolVersion ?? 5;
    try {
      await this.#connect();
    } catch (err) {
      if (this.options.protocolVersion !== undefined) throw err;
      // A 3.1.1-only broker (aedes) refuses MQTT 5: speak 3.1.1 and carry the reply routing in the body.
      this.#protocolVersion = 4;
      await this.#connect();
    }
    this.server.on('registered', ({ registration }) => void this.#announce(registration));
    this.server.on('updated', ({ registration, objectsChanged }) => objectsChanged && void this.#announce(registration));
    this.server.on('deregistered', ({ registration }) => this.#unregister(registration));
    this.server.on('expired', ({ registration }) => this.#unregister(registration));
  }

  get protocolVersion(): 4 | 5 {
    return this.#protocolVersion;
  }

  async close(): Promise<void> {
    const client = this.#client;
    this.#client = undefined;
    await client?.endAsync();
  }

  #connect(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const client = mqtt.connect(this.options.url, {
        protocolVersion: this.#protocolVersion,
        clientId: this.options.clientId ?? `farside-gateway-${Math.random().toString(16).slice(2, 10)}`,
        reconnectPeriod: this.options.reconnectPeriodMs ?? 1000,
        connectTimeout: 5_000,
        clean: true,
      });
      let settled = false;
      client.on('connect', () => {
        // Small request/reply messages: Nagle's delay would add ~40-90 ms to each.
        (client.stream as { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true);
        if (!settled) {
          settled = true;
          this.#client = client;
          resolve();
        }
        void this.#onConnect(client);
      });
      client.on('error', (err) => {
        if (!settled) {
          settled = true;
          client.end(true);
          reject(err);
          return;
        }
        this.emit('warning', { message: 'MQTT connection error', error: err });
      });
      // Our own close() ends the client too; only an unexpected close is news.
      client.on('close', () => settled && this.#client === client && this.emit('disconnected'));
      client.on('message', (topic, payload, packet) => void this.#onMessage(topic, payload, packet));
    });
  }

  async #onConnect(client: MqttClient): Promise<void> {
    const reconnect = this.#connectedOnce;
    this.#connectedOnce = true;
    try {
      const filters = requestSubscriptions(this.#prefix);
      // No Local (MQTT 5): our own replies and notifications on request topics do not come back to us.
      await client.subscribeAsync(filters, { qos: 1, ...(this.#protocolVersion === 5 ? { nl: true } : {}) });
    } catch (error) {
      this.emit('warning', { message: 'subscribing to request topics failed', error });
      return;
    }
    // After a broker restart, clients may have missed announces: tell them again.
    if (reconnect) for (const registration of this.server.registrations()) void this.#announce(registration);
    this.emit('connected', { protocolVersion: this.#protocolVersion, reconnect });
  }

  async #onMessage(topic: string, payload: Buffer, packet: IPublishPacket): Promise<void> {
    const properties = packet.properties;
    const encoding = properties?.contentType === CBOR ? 'cbor' : 'json';
    const isThings = topic === thingsTopic(this.#prefix);
    const sdfTopic = isThings ? undefined : parseSdfTopic(topic, this.#prefix);
    if (!isThings && !sdfTopic) return;
    const decoded = decodeRequest(payload, encoding);
    if ('ignore' in decoded) return;
    // MQTT 5 properties first; over 3.1.1 the body's fields, read even from a body that was rejected.
    const address = decoded.ok ? decoded.request : decoded.replyTo;
    const responseTopic = properties?.responseTopic ?? address.responseTopic ?? topic;
    const correlation = { data: properties?.correlationData, id: address.correlationId };
    if (!decoded.ok) {
      this.#reply(responseTopic, correlation, encoding, errorResponse(decoded.code, decoded.detail));
      return;
    }
    const request = decoded.request;
    const typed = properties?.userProperties?.['sdf-values'] === 'typed' || request.values === 'typed';
    const mode: ValueMode = encoding === 'cbor' ? 'cbor' : typed ? 'typed' : 'compat';
    let reply: SdfResponse;
    if (isThings) reply = this.#things(request.operation);
    else if (!isValidThingName(sdfTopic!.thing)) reply = errorResponse(SDF_RESPONSE_CODE.NOT_FOUND, `no thing named ${sdfTopic!.thing}`);
    else reply = await this.#handler.handle({ topic: sdfTopic!, operation: request.operation, data: request.data, mode });
    this.#reply(responseTopic, correlation, encoding, reply);
  }

  /** The list of registered things with their objects and instances (no device reads: instant). */
  #things(operation: string): SdfResponse {
    if (operation !== 'GET') return errorResponse(SDF_RESPONSE_CODE.METHOD_NOT_ALLOWED, 'things supports GET only');
    const things: Record<string, { sdfObject: Record<string, { label: string }[]> }> = {};
    for (const r of this.server.registrations()) {
      if (!isValidThingName(r.endpoint)) continue;
      const sdfObject: Record<string, { label: string }[]> = {};
      for (const [objectId, entry] of r.objects) sdfObject[this.#names.objectName(objectId)] = entry.instances.map((i) => ({ label: String(i) }));
      things[r.endpoint] = { sdfObject };
    }
    return { response_code: SDF_RESPONSE_CODE.CONTENT, things };
  }

  #reply(topic: string, correlation: { data?: Buffer; id?: string }, encoding: 'json' | 'cbor', reply: SdfResponse): void {
    const body: SdfResponse = correlation.id !== undefined ? { ...reply, correlationId: correlation.id } : reply;
    const options: IClientPublishOptions = { qos: 1 };
    if (this.#protocolVersion === 5) {
      options.properties = {
        ...(correlation.data ? { correlationData: correlation.data } : {}),
        ...(encoding === 'cbor' ? { contentType: CBOR } : {}),
      };
    }
    this.#publish(topic, encodeResponse(body, encoding), options);
  }

  async #announce(registration: Registration): Promise<void> {
    if (!isValidThingName(registration.endpoint)) {
      this.emit('warning', { message: `${registration.endpoint} cannot be a thing on MQTT: names with + # / or reserved names have no topics` });
      return;
    }
    try {
      this.#names.learnObjects(registration.objects.keys());
      const sdfObject = await this.#handler.readObjects(registration, 'compat');
      // It may have gone while we read it.
      if (this.server.registration(registration.endpoint)?.id !== registration.id) return;
      this.#publish(announceTopic(this.#prefix), encodeAnnounce({ [registration.endpoint]: { sdfObject } }, 'json'), { qos: 1 });
    } catch (error) {
      this.emit('warning', { message: `announcing ${registration.endpoint} failed`, error });
    }
  }

  #unregister(registration: Registration): void {
    if (!isValidThingName(registration.endpoint)) return;
    this.#publish(unregisterTopic(this.#prefix), encodeUnregister(registration.endpoint), { qos: 1 });
  }

  #publishNotification(n: TopicNotification): void {
    const encoding = n.mode === 'cbor' ? 'cbor' : 'json';
    const options: IClientPublishOptions = { qos: 0, ...(this.#protocolVersion === 5 && encoding === 'cbor' ? { properties: { contentType: CBOR } } : {}) };
    this.#publish(n.topic, encodeNotification({ [n.thing]: { sdfObject: n.sdfObject }, seq: n.seq, ts: n.ts }, encoding), options);
  }

  /**
   * Notifications come in bursts; corking the socket until the end of the tick sends
   * a burst's publications in one write instead of one syscall each.
   */
  #batchWrites(client: MqttClient): void {
    const stream = client.stream as { cork?: () => void; uncork?: () => void } | undefined;
    if (this.#corked || !stream?.cork) return;
    this.#corked = true;
    stream.cork();
    process.nextTick(() => {
      this.#corked = false;
      stream.uncork?.();
    });
  }

  #publish(topic: string, payload: Uint8Array, options: IClientPublishOptions): void {
    const client = this.#client;
    if (!client) return;
    this.#batchWrites(client);
    // MQTT.js queues while reconnecting; a failure here is a broker problem, not the caller's.
    client.publish(topic, Buffer.from(payload), options, (error) => error && this.emit('warning', { message: `publishing on ${topic} failed`, error }));
  }
}
