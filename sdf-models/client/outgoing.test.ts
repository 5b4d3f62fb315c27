import { describe, expect, it } from 'vitest';
import { decodeBody } from '../contract/encoding.js';
import { messageFromRequest, type OutgoingRequest } from './outgoing.js';

const base: OutgoingRequest = {
  topic: 'dev1/Device/0',
  operation: 'GET',
  encoding: 'json',
  values: 'compat',
  correlationId: 'ab-1',
  replyTopic: 'farside/clients/c1/replies',
  protocolVersion: 5,
  qos: 1,
};

describe('messageFromRequest', () => {
  it('puts the reply routing of an MQTT 5 request in properties and leaves the JSON body as FITA clients send it', () => {
    const message = messageFromRequest(base);
    expect(message.topic).toBe('dev1/Device/0');
    expect(message.payload.toString()).toBe('{"operation":"GET"}');
    expect(message.options).toEqual({ qos: 1, properties: { responseTopic: 'farside/clients/c1/replies', correlationData: Buffer.from('ab-1') } });
  });

  it('announces a CBOR body with its Content Type and asks for typed values with the sdf-values user property', () => {
    const message = messageFromRequest({ ...base, operation: 'PUT', data: { v: 1 }, encoding: 'cbor', values: 'typed' });
    expect(decodeBody(message.payload, 'cbor', 'test')).toEqual({ operation: 'PUT', data: { v: 1 } });
    expect(message.options.properties).toMatchObject({ contentType: 'application/cbor', userProperties: { 'sdf-values': 'typed' } });
  });

  it('puts the reply routing and the values mode of an MQTT 3.1.1 request in its JSON body', () => {
    const message = messageFromRequest({ ...base, protocolVersion: 4, operation: 'POST', data: 'now', values: 'typed', qos: 0 });
    expect(JSON.parse(message.payload.toString())).toEqual({
      operation: 'POST',
      data: 'now',
      responseTopic: 'farside/clients/c1/replies',
      correlationId: 'ab-1',
      values: 'typed',
    });
    expect(message.options).toEqual({ qos: 0 });
  });
});
