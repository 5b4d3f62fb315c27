/**
 * A tiny stand-in for the gateway's SDF-over-MQTT side, for client tests: it answers
 * requests per sdf-models/CONTRACT.md (reply routing from MQTT 5 properties or the 3.1.1
 * body, correlation echoed, CBOR when asked) with whatever `handle` returns, and records
 * what it received.
 */
import mqtt, { type IClientPublishOptions, type IPublishPacket, type MqttClient } from 'mqtt';
import { contentTypeOf, encodingFromContentType, SDF_VALUES_USER_PROPERTY, type SdfEncoding } from '../../sdf-models/contract/encoding.js';
import type { SdfRequest, SdfResponse, SdfValuesMode } from '../../sdf-models/contract/payloads.js';
import { decodeRequest } from '../../sdf-models/contract/request.js';
import { encodeResponse } from '../../sdf-models/contract/response.js';
import { errorResponse } from '../../sdf-models/contract/error-response.js';
import { parseSdfTopic, requestSubscriptions, thingsTopic, type SdfTopic } from '../../sdf-models/contract/topics.js';

export interface ReceivedRequest {
  readonly topic: string;
  readonly target: SdfTopic | 'things';
  readonly request: SdfRequest;
  readonly encoding: SdfEncoding;
  readonly values: SdfValuesMode;
  /** Where the reply routing came from: MQTT 5 properties, the 3.1.1 body, or nowhere (reply on the request topic). */
  readonly routing: 'properties' | 'body' | 'none';
  readonly userProperties?: Readonly<Record<string, string | string[]>>;
}

/** The reply to send, or undefined to stay silent (to test timeouts). May take its time. */
export type RequestHandler = (received: ReceivedRequest) => SdfResponse | undefined | Promise<SdfResponse | undefined>;

export interface FakeResponder {
  readonly received: ReceivedRequest[];
  handle: RequestHandler;
  /** Resolves once connected and subscribed (again, after a broker restart). */
  ready(): Promise<void>;
  publish(topic: string, payload: Uint8Array, options?: IClientPublishOptions): Promise<void>;
  close(): Promise<void>;
}

/** A plausible gateway: 69 with a temperature for reads, 68 for writes, 66 for deletes, 4.04 for the thing `missing`. */
export const defaultHandler: RequestHandler = ({ target, request, values, encoding }) => {
  if (target === 'things') return { response_code: 69, things: { dev1: { sdfObject: { Temperature: [{ label: '0' }] } } } };
  if (target.thing === 'missing') return errorResponse(132, 'no thing named missing');
  const value = encoding === 'cbor' || values === 'typed' ? 21.5 : '21.5';
  switch (request.operation) {
    case 'GET':
    case 'START_OBSERVE':
      return { response_code: 69, sdfObject: { Temperature: [{ label: '0', sdfProperty: { Sensor_Value: value } }] } };
    case 'DELETE':
      return { response_code: 66 };
    default:
      return { response_code: 68 };
  }
};

export async function startFakeResponder(options: { url: string; protocolVersion: 4 | 5; prefix?: string }): Promise<FakeResponder> {
  const { protocolVersion, prefix } = options;
  const client: MqttClient = mqtt.connect(options.url, { protocolVersion, reconnectPeriod: 50, resubscribe: false });
  client.on('error', () => undefined);
  const received: ReceivedRequest[] = [];
  let subscribed = deferred();
  client.on('close', () => {
    // Failed reconnection attempts close too; whoever waits keeps waiting on the same promise.
    if (subscribed.settled) subscribed = deferred();
  });
  client.on('connect', () => {
    (client.stream as { setNoDelay?: (noDelay: boolean) => void }).setNoDelay?.(true);
    const current = subscribed;
    // No Local: our own notifications on request topics do not come back (MQTT 5 only).
    client.subscribeAsync(requestSubscriptions(prefix), { qos: 1, ...(protocolVersion === 5 ? { nl: true } : {}) }).then(() => current.resolve(), current.reject);
  });
  const responder: FakeResponder = {
    received,
    handle: defaultHandler,
    ready: () => subscribed.promise,
    publish: async (topic, payload, publishOptions = {}) => {
      await client.publishAsync(topic, Buffer.from(payload), publishOptions);
    },
    close: async () => {
      await client.endAsync(true);
    },
  };
  client.on('message', (topic, payload, packet) => void answer(responder, client, topic, payload, packet, prefix));
  await responder.ready();
  return responder;
}

async function answer(responder: FakeResponder, client: MqttClient, topic: string, payload: Buffer, packet: IPublishPacket, prefix?: string): Promise<void> {
  const target = topic === thingsTopic(prefix) ? 'things' : parseSdfTopic(topic, prefix);
  if (target === undefined) return;
  const properties = packet.properties;
  const encoding = encodingFromContentType(properties?.contentType) ?? 'json';
  const decoded = decodeRequest(payload, encoding);
  if ('ignore' in decoded) return;
  const request = decoded.ok ? decoded.request : undefined;
  const responseTopic = properties?.responseTopic ?? request?.responseTopic;
  const routing = properties?.responseTopic !== undefined ? 'properties' : request?.responseTopic !== undefined ? 'body' : 'none';
  let reply: SdfResponse | undefined;
  if (!decoded.ok) reply = errorResponse(decoded.code, decoded.detail);
  else {
    const values = properties?.userProperties?.[SDF_VALUES_USER_PROPERTY] === 'typed' || decoded.request.values === 'typed' ? 'typed' : 'compat';
    const received: ReceivedRequest = { topic, target, request: decoded.request, encoding, values, routing, ...(properties?.userProperties ? { userProperties: properties.userProperties } : {}) };
    responder.received.push(received);
    reply = await responder.handle(received);
  }
  if (reply === undefined) return;
  const correlationId = request?.correlationId;
  const body = correlationId === undefined ? reply : { ...reply, correlationId };
  const publishOptions: IClientPublishOptions = { qos: 1 };
  if (properties !== undefined) {
    publishOptions.properties = {
      ...(properties.correlationData ? { correlationData: properties.correlationData } : {}),
      ...(encoding === 'cbor' ? { contentType: contentTypeOf('cbor') } : {}),
    };
  }
  client.publish(responseTopic ?? topic, Buffer.from(encodeResponse(body, encoding)), publishOptions);
}

interface Deferred {
  readonly promise: Promise<void>;
  readonly settled: boolean;
  resolve(): void;
  reject(err: unknown): void;
}

function deferred(): Deferred {
  let settle!: { resolve(): void; reject(err: unknown): void };
  const promise = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  const result = {
    promise,
    settled: false,
    resolve: () => {
      result.settled = true;
      settle.resolve();
    },
    // A subscription lost with its connection: the next connection subscribes again.
    reject: () => undefined,
  };
  return result;
}
