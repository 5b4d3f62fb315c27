import { describe, expect, it } from 'vitest';
import { expectInvalidInput } from '../../test/support/assertions.js';
import { fuzzDecoder, inTurn } from '../../test/support/fuzz.js';
import { flipBits, mutate, randomBytes, truncate } from '../../test/support/prng.js';
import type { SdfEncoding } from './encoding.js';
import type { SdfResponse } from './payloads.js';
import { decodeResponse, encodeResponse } from './response.js';

const content: SdfResponse = {
  response_code: 69,
  sdfObject: {
    Device: [{ label: '0', sdfProperty: { Manufacturer: 'farside', Battery_Level: '87', IP_Addresses: { '0': '10.0.0.7' } } }],
    Temperature: [{ label: '0' }, { label: '1', sdfProperty: { Sensor_Value: '21.5' } }],
  },
  correlationId: 'c-1',
};
const list: SdfResponse = { response_code: 69, things: { dev1: { sdfObject: { Device: [{ label: '0' }] } }, dev2: { sdfObject: {} } } };
const failure: SdfResponse = { response_code: 132, error: { title: 'Not Found', detail: 'no instance 9' } };

describe('SDF replies', () => {
  it.each<[string, SdfResponse, SdfEncoding]>([
    ['a content reply in JSON', content, 'json'],
    ['a content reply in CBOR', content, 'cbor'],
    ['a things list in JSON', list, 'json'],
    ['an error reply in CBOR', failure, 'cbor'],
  ])('round-trip %s', (_what, response, encoding) => {
    expect(decodeResponse(encodeResponse(response, encoding), encoding)).toEqual(response);
  });

  it('carry native values and byte strings in CBOR', () => {
    const typed: SdfResponse = { response_code: 69, sdfObject: { X: [{ label: '0', sdfProperty: { b: true, n: 2.5, i: 2n ** 60n, o: new Uint8Array([0xca, 0xfe]) } }] } };
    const decoded = decodeResponse(encodeResponse(typed, 'cbor'), 'cbor');
    const properties = decoded.sdfObject?.X?.[0]?.sdfProperty ?? {};
    expect({ ...properties, o: new Uint8Array(properties.o as Uint8Array) }).toEqual(typed.sdfObject?.X?.[0]?.sdfProperty);
  });

  it('accept null for a value without one, and maps of values nested a few levels', () => {
    const text = '{"response_code":69,"sdfObject":{"D":[{"label":"0","sdfProperty":{"none":null,"ips":{"0":"10.0.0.7","1":{"a":true}}}}]}}';
    expect(decodeResponse(new TextEncoder().encode(text), 'json').sdfObject?.D?.[0]?.sdfProperty).toEqual({ none: null, ips: { '0': '10.0.0.7', '1': { a: true } } });
  });

  it('refuse values nested deeper than MAX_VALUE_DEPTH', () => {
    const deep = `{"response_code":69,"sdfObject":{"D":[{"label":"0","sdfProperty":{"x":${'{"a":'.repeat(6)}1${'}'.repeat(6)}}}]}}`;
    expectInvalidInput(() => decodeResponse(new TextEncoder().encode(deep), 'json'), /nested at most 4 deep/);
  });

  it('read the wire form FITA clients expect', () => {
    const text = '{"response_code":69,"sdfObject":{"Device":[{"label":"0","sdfProperty":{"Manufacturer":"x"}}]}}';
    expect(decodeResponse(new TextEncoder().encode(text), 'json')).toEqual({ response_code: 69, sdfObject: { Device: [{ label: '0', sdfProperty: { Manufacturer: 'x' } }] } });
  });

  it.each([
    ['a missing response code', '{"sdfObject":{}}', /response_code/],
    ['a fractional response code', '{"response_code":69.5}', /response_code/],
    ['instances that are not a list', '{"response_code":69,"sdfObject":{"Device":{"label":"0"}}}', /sdfObject\.Device/],
    ['a label that is a number', '{"response_code":69,"sdfObject":{"Device":[{"label":0}]}}', /label/],
    ['a nested list as a value', '{"response_code":69,"sdfObject":{"D":[{"label":"0","sdfProperty":{"x":[1]}}]}}', /sdfProperty/],
    ['a reserved thing in a list', '{"response_code":69,"things":{"announce":{"sdfObject":{}}}}', /things/],
    ['an error without a title', '{"response_code":132,"error":{}}', /error\.title/],
    ['a bare string', '"dev1"', /wrong shape/],
  ])('refuse %s with a message naming the field', (_why, text, message) => {
    expectInvalidInput(() => decodeResponse(new TextEncoder().encode(text), 'json'), message);
  });

  it('refuse to encode a reply that breaks the contract', () => {
    expectInvalidInput(() => encodeResponse({ response_code: 1000 }, 'json'), /response_code/);
  });

  it('decode or reject every one of 10,000 spoiled and random payloads, never throwing anything else', () => {
    const encoded = [content, list, failure].flatMap((response) => (['json', 'cbor'] as const).map((encoding) => ({ payload: encodeResponse(response, encoding), encoding })));
    fuzzDecoder({
      seed: 0x5df_0002,
      runs: 10_000,
      input: (rng, round) => {
        const sample = rng.pick(encoded);
        const payload = inTurn(round, [() => mutate(rng, sample.payload, 1), () => flipBits(rng, sample.payload, 1), () => truncate(rng, sample.payload), () => randomBytes(rng, rng.int(30))]);
        return { payload, encoding: sample.encoding };
      },
      decoders: { decodeResponse: ({ payload, encoding }) => decodeResponse(payload, encoding) },
      check: (response) => expect(Number.isInteger(response.response_code)).toBe(true),
      decodesMoreThan: 500,
      show: ({ payload, encoding }) => `${encoding} ${Buffer.from(payload).toString('hex')}`,
    });
  });
});
