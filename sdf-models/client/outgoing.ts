import type { IClientPublishOptions } from 'mqtt';
import { contentTypeOf, SDF_VALUES_USER_PROPERTY, type SdfEncoding } from '../contract/encoding.js';
import type { SdfOperation, SdfRequest, SdfValuesMode } from '../contract/payloads.js';
import { encodeRequest } from '../contract/request.js';

/** A request ready to become an MQTT message. */
export interface OutgoingRequest {
  /** The full topic, prefix included. */
  readonly topic: string;
  readonly operation: SdfOperation;
  readonly data?: unknown;
  readonly encoding: SdfEncoding;
  readonly values: SdfValuesMode;
  readonly correlationId: string;
  readonly replyTopic: string;
  readonly protocolVersion: 4 | 5;
  readonly qos: 0 | 1;
}

export interface MqttMessage {
  readonly topic: string;
  readonly payload: Buffer;
  readonly options: IClientPublishOptions;
}

/**
 * The one place a request becomes an MQTT message (CONTRACT.md "Request body"): MQTT 5
 * carries the reply routing, encoding and values mode in properties, MQTT 3.1.1 (which
 * has none) in the body. The body's encoding must be CBOR only over MQTT 5; the caller checks.
 */
export function messageFromRequest(request: OutgoingRequest): MqttMessage {
  const typed = request.values === 'typed';
  const base = { operation: request.operation, ...(request.data === undefined ? {} : { data: request.data }) };
  if (request.protocolVersion === 4) {
    const body: SdfRequest = { ...base, responseTopic: request.replyTopic, correlationId: request.correlationId, ...(typed ? { values: 'typed' as const } : {}) };
    return { topic: request.topic, payload: Buffer.from(encodeRequest(body, 'json')), options: { qos: request.qos } };
  }
  return {
    topic: request.topic,
    payload: Buffer.from(encodeRequest(base, request.encoding)),
    options: {
      qos: request.qos,
      properties: {
        responseTopic: request.replyTopic,
        correlationData: Buffer.from(request.correlationId, 'utf8'),
        // FITA clients send no Content Type; JSON stays without one so requests look the same.
        ...(request.encoding === 'cbor' ? { contentType: contentTypeOf('cbor') } : {}),
        ...(typed ? { userProperties: { [SDF_VALUES_USER_PROPERTY]: 'typed' } } : {}),
      },
    },
  };
}
