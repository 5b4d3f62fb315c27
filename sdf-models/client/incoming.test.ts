import { describe, expect, it } from 'vitest';
import { expectInvalidInput } from '../../test/support/assertions.js';
import { fuzzDecoder, inTurn } from '../../test/support/fuzz.js';
import { flipBits, mutate, randomBytes, truncate } from '../../test/support/prng.js';
import { encodeBody } from '../contract/encoding.js';
import { notificationFromMessage, replyFromMessage } from './incoming.js';

const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));
const things = { dev1: { sdfObject: { Temperature: [{ label: '0', sdfProperty: { Sensor_Value: '1' } }] } } };

describe('replyFromMessage', () => {
  it('takes the correlation id from MQTT 5 Correlation Data before the body', () => {
    const reply = replyFromMessage(json({ response_code: 69, correlationId: 'body' }), { correlationData: Buffer.from('prop') });
    expect(reply.correlationId).toBe('prop');
  });

  it('takes the correlation id from the body over MQTT 3.1.1, and none when there is none', () => {
    expect(replyFromMessage(json({ response_code: 68, correlationId: 'c' })).correlationId).toBe('c');
    expect(replyFromMessage(json({ response_code: 68 }))).toEqual({ response: { response_code: 68 } });
  });

  it('reads CBOR when the Content Type says so and refuses content types it does not speak', () => {
    expect(replyFromMessage(Buffer.from(encodeBody({ response_code: 66 }, 'cbor')), { contentType: 'application/cbor' }).response).toEqual({ response_code: 66 });
    expectInvalidInput(() => replyFromMessage(json({ response_code: 66 }), { contentType: 'text/xml' }), /content type/);
  });
});

describe('notificationFromMessage', () => {
  it('reads a notification', () => {
    expect(notificationFromMessage(json({ ...things, seq: 1, ts: 2 }))).toEqual({ ...things, seq: 1, ts: 2 });
  });

  it('skips requests and replies that share the observed topic', () => {
    expect(notificationFromMessage(json({ operation: 'GET' }))).toBeUndefined();
    expect(notificationFromMessage(json({ operation: 'NONSENSE', data: 1 }))).toBeUndefined();
    expect(notificationFromMessage(json({ response_code: 69, sdfObject: {} }))).toBeUndefined();
  });

  it('still reads the notification of a thing named "operation"', () => {
    const body = { operation: { sdfObject: {} }, seq: 1, ts: 2 };
    expect(notificationFromMessage(json(body))).toEqual(body);
  });

  it('refuses anything else', () => {
    expectInvalidInput(() => notificationFromMessage(json({ dev1: {}, seq: 1, ts: 2 })), /dev1\.sdfObject/);
  });

  it('decode or reject every one of 10,000 spoiled and random messages, never throwing anything else', () => {
    const samples = [
      { payload: json({ ...things, seq: 1, ts: 2 }), properties: {} },
      { payload: Buffer.from(encodeBody({ ...things, seq: 1, ts: 2 }, 'cbor')), properties: { contentType: 'application/cbor' } },
      { payload: json({ response_code: 69, sdfObject: things.dev1.sdfObject, correlationId: 'x' }), properties: {} },
      { payload: Buffer.from(encodeBody({ response_code: 69 }, 'cbor')), properties: { contentType: 'application/cbor', correlationData: Buffer.from('x') } },
    ];
    fuzzDecoder({
      seed: 0x5df_0005,
      runs: 10_000,
      input: (rng, round) => {
        const sample = rng.pick(samples);
        const payload = inTurn(round, [() => mutate(rng, sample.payload, 1), () => flipBits(rng, sample.payload, 1), () => truncate(rng, sample.payload), () => randomBytes(rng, rng.int(30))]);
        return { payload: Buffer.from(payload), properties: sample.properties };
      },
      decoders: {
        replyFromMessage: ({ payload, properties }) => replyFromMessage(payload, properties),
        notificationFromMessage: ({ payload, properties }) => notificationFromMessage(payload, properties),
      },
      decodesMoreThan: 500,
      show: ({ payload, properties }) => `${JSON.stringify(properties)} ${payload.toString('hex')}`,
    });
  });
});
