import { describe, expect, it } from 'vitest';
import { expectInvalidInput } from '../../test/support/assertions.js';
import { fuzzDecoder, inTurn } from '../../test/support/fuzz.js';
import { flipBits, mutate, randomBytes, truncate } from '../../test/support/prng.js';
import { decodeNotification, encodeNotification, notificationThings } from './notification.js';
import type { SdfNotification } from './payloads.js';

const notification: SdfNotification = {
  dev1: { sdfObject: { Temperature: [{ label: '0', sdfProperty: { Sensor_Value: '21.5' } }] } },
  seq: 3,
  ts: 1_700_000_000_123,
};

describe('observe notifications', () => {
  it('round-trip in JSON and CBOR', () => {
    expect(decodeNotification(encodeNotification(notification))).toEqual(notification);
    expect(decodeNotification(encodeNotification(notification, 'cbor'), 'cbor')).toEqual(notification);
  });

  it('are the announce shape plus seq and ts on the wire', () => {
    expect(JSON.parse(new TextDecoder().decode(encodeNotification(notification)))).toEqual({
      dev1: { sdfObject: { Temperature: [{ label: '0', sdfProperty: { Sensor_Value: '21.5' } }] } },
      seq: 3,
      ts: 1_700_000_000_123,
    });
  });

  it('list their things without the counters', () => {
    expect(notificationThings(notification)).toEqual({ dev1: notification.dev1 });
  });

  it.each([
    ['a missing seq', '{"d":{"sdfObject":{}},"ts":1}', /seq/],
    ['a negative seq', '{"d":{"sdfObject":{}},"seq":-1,"ts":1}', /seq/],
    ['a textual ts', '{"d":{"sdfObject":{}},"seq":1,"ts":"now"}', /ts/],
    ['no thing', '{"seq":1,"ts":1}', /names no thing/],
    ['a request', '{"operation":"GET","seq":1,"ts":1}', /operation/],
    ['a list', '[1]', /must be a map/],
  ])('refuse %s', (_why, text, message) => {
    expectInvalidInput(() => decodeNotification(new TextEncoder().encode(text)), message);
  });

  it('refuse to encode a notification that breaks the contract', () => {
    expectInvalidInput(() => encodeNotification({ seq: 1, ts: 1 }), /names no thing/);
    expectInvalidInput(() => encodeNotification({ ...notification, seq: 1.5 }), /seq/);
  });

  it('decode or reject every one of 10,000 spoiled and random payloads, never throwing anything else', () => {
    const samples = [
      { payload: encodeNotification(notification), encoding: 'json' as const },
      { payload: encodeNotification(notification, 'cbor'), encoding: 'cbor' as const },
    ];
    fuzzDecoder({
      seed: 0x5df_0004,
      runs: 10_000,
      input: (rng, round) => {
        const sample = rng.pick(samples);
        const payload = inTurn(round, [() => mutate(rng, sample.payload, 1), () => flipBits(rng, sample.payload, 1), () => truncate(rng, sample.payload), () => randomBytes(rng, rng.int(30))]);
        return { payload, encoding: sample.encoding };
      },
      decoders: { decodeNotification: ({ payload, encoding }) => decodeNotification(payload, encoding) },
      check: (decoded) => expect(Object.keys(notificationThings(decoded)).length).toBeGreaterThan(0),
      decodesMoreThan: 300,
      show: ({ payload, encoding }) => `${encoding} ${Buffer.from(payload).toString('hex')}`,
    });
  });
});
