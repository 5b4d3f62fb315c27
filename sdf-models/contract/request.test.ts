import { describe, expect, it } from 'vitest';
import { expectInvalidInput } from '../../test/support/assertions.js';
import { fuzzDecoder, inTurn } from '../../test/support/fuzz.js';
import { editText, flipBits, mutate, randomBytes, truncate } from '../../test/support/prng.js';
import { encodeBody, type SdfEncoding } from './encoding.js';
import type { SdfRequest } from './payloads.js';
import { decodeRequest, encodeRequest, unwrapData, type SdfRequestDecoding } from './request.js';

const json = (text: string): Uint8Array => new TextEncoder().encode(text);

function expectRequest(decoding: SdfRequestDecoding): SdfRequest {
  if (!decoding.ok) throw new Error(`expected a request, got ${JSON.stringify(decoding)}`);
  return decoding.request;
}

describe('decodeRequest', () => {
  it('reads a FITA-style GET without data', () => {
    expect(decodeRequest(json('{"operation":"GET"}'), 'json')).toEqual({ ok: true, request: { operation: 'GET' } });
  });

  it('reads the MQTT 3.1.1 reply fields and the values mode from the body', () => {
    const request = expectRequest(
      decodeRequest(json('{"operation":"PUT","data":{"sdfProperty":{"x":"1"}},"responseTopic":"r/1","correlationId":"c-7","values":"typed"}'), 'json'),
    );
    expect(request).toEqual({ operation: 'PUT', data: { sdfProperty: { x: '1' } }, responseTopic: 'r/1', correlationId: 'c-7', values: 'typed' });
  });

  it('unwraps data sent as a JSON-encoded object or array', () => {
    expect(expectRequest(decodeRequest(json('{"operation":"POST","data":"{\\"label\\":\\"1\\"}"}'), 'json')).data).toEqual({ label: '1' });
    expect(expectRequest(decodeRequest(json('{"operation":"POST","data":"[1,2]"}'), 'json')).data).toEqual([1, 2]);
  });

  it('keeps a data string that is not JSON of an object, such as an action argument or a number as text', () => {
    for (const data of ['reboot now', '42', 'true', '"quoted"', '{broken', '']) {
      expect(expectRequest(decodeRequest(json(JSON.stringify({ operation: 'POST', data })), 'json')).data).toBe(data);
    }
  });

  it('does not unwrap strings in CBOR bodies, whose clients send native values', () => {
    const payload = encodeBody({ operation: 'PUT', data: '{"a":1}' }, 'cbor');
    expect(expectRequest(decodeRequest(payload, 'cbor')).data).toBe('{"a":1}');
  });

  it('reads CBOR requests with byte strings', () => {
    const payload = encodeBody({ operation: 'PUT', data: new Uint8Array([1, 2, 3]), correlationId: 'x' }, 'cbor');
    const request = expectRequest(decodeRequest(payload, 'cbor'));
    expect(request.operation).toBe('PUT');
    expect(new Uint8Array(request.data as Uint8Array)).toEqual(new Uint8Array([1, 2, 3]));
  });

  it('ignores a body without an operation, such as a reply or a notification on a shared topic', () => {
    for (const body of ['{"response_code":69}', '{"dev1":{"sdfObject":{}},"seq":1,"ts":2}', '"dev1"', '[1]', '7', 'null']) {
      expect(decodeRequest(json(body), 'json')).toMatchObject({ ok: false, ignore: true });
    }
  });

  it('ignores a notification of a thing named "operation"', () => {
    expect(decodeRequest(json('{"operation":{"sdfObject":{}},"seq":1,"ts":2}'), 'json')).toMatchObject({ ok: false, ignore: true });
  });

  it.each([
    ['invalid JSON', '{"operation":', /not valid JSON/],
    ['an unknown operation', '{"operation":"PATCH"}', /operation/],
    ['a numeric operation', '{"operation":5}', /operation/],
    ['a wildcard response topic', '{"operation":"GET","responseTopic":"a/#"}', /responseTopic/],
    ['a numeric correlation id', '{"operation":"GET","correlationId":5}', /correlationId/],
    ['an unknown values mode', '{"operation":"GET","values":"raw"}', /values/],
  ])('answers %s with 4.00 and a detail saying what is wrong', (_why, body, detail) => {
    const decoding = decodeRequest(json(body), 'json');
    expect(decoding).toMatchObject({ ok: false, code: 128 });
    if (decoding.ok || 'ignore' in decoding) throw new Error('expected a rejection');
    expect(decoding.detail).toMatch(detail);
  });

  it('answers invalid CBOR with 4.00', () => {
    expect(decodeRequest(Uint8Array.from([0xa1, 0x61]), 'cbor')).toMatchObject({ ok: false, code: 128, detail: expect.stringMatching(/CBOR/) });
  });

  it('keeps the reply address of a rejected request, so a 3.1.1 client hears the 4.00', () => {
    const decoding = decodeRequest(json('{"operation":"NOPE","responseTopic":"r/1","correlationId":"c"}'), 'json');
    expect(decoding).toMatchObject({ ok: false, code: 128, replyTo: { responseTopic: 'r/1', correlationId: 'c' } });
  });

  it('rejects data that is not plain, such as a CBOR date or a nesting deeper than 32', () => {
    const date = Uint8Array.from([0xa2, 0x69, ...json('operation'), 0x63, ...json('GET'), 0x64, ...json('data'), 0xc1, 0x01]);
    expect(decodeRequest(date, 'cbor')).toMatchObject({ ok: false, code: 128, detail: expect.stringMatching(/plain data/) });
    const deep = `{"operation":"PUT","data":${'['.repeat(40)}${']'.repeat(40)}}`;
    expect(decodeRequest(json(deep), 'json')).toMatchObject({ ok: false, code: 128 });
  });

  it('survives nesting far deeper than the stack', () => {
    const deep = `{"operation":"PUT","data":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    expect(decodeRequest(json(deep), 'json')).toMatchObject({ ok: false, code: 128 });
    expect(decodeRequest(Uint8Array.from([0xa2, 0x69, ...json('operation'), 0x63, ...json('GET'), 0x64, ...json('data'), ...new Array(100_000).fill(0x81), 0]), 'cbor')).toMatchObject({
      ok: false,
      code: 128,
    });
  });
});

describe('encodeRequest', () => {
  it.each<SdfEncoding>(['json', 'cbor'])('round-trips through decodeRequest in %s, leaving absent fields out', (encoding) => {
    const request: SdfRequest = { operation: 'START_OBSERVE', data: undefined, correlationId: 'c1' };
    const payload = encodeRequest(request, encoding);
    expect(decodeRequest(payload, encoding)).toEqual({ ok: true, request: { operation: 'START_OBSERVE', correlationId: 'c1' } });
    if (encoding === 'json') expect(new TextDecoder().decode(payload)).toBe('{"operation":"START_OBSERVE","correlationId":"c1"}');
  });

  it('refuses a request that breaks the contract', () => {
    expectInvalidInput(() => encodeRequest({ operation: 'FETCH' } as unknown as SdfRequest, 'json'), /operation/);
  });
});

describe('unwrapData', () => {
  it('leaves values that are not strings alone', () => {
    const value = { a: 1 };
    expect(unwrapData(value)).toBe(value);
    expect(unwrapData(5)).toBe(5);
  });
});

describe('decodeRequest fuzzing', () => {
  const samples: readonly { body: unknown; encoding: SdfEncoding }[] = [
    { body: { operation: 'GET' }, encoding: 'json' },
    { body: { operation: 'POST', data: '{"label":"1","sdfProperty":{"x":"2"}}', responseTopic: 'r/x', correlationId: '1' }, encoding: 'json' },
    { body: { operation: 'PUT', data: { sdfProperty: { a: '1', b: { '0': 'x' } } }, values: 'typed' }, encoding: 'json' },
    { body: { operation: 'PUT', data: { v: new Uint8Array([1, 2]), n: -1.5, big: 2n ** 62n } }, encoding: 'cbor' },
    { body: { operation: 'STOP_OBSERVE', correlationId: 'abc' }, encoding: 'cbor' },
  ];
  const encoded = samples.map(({ body, encoding }) => ({ payload: encodeBody(body, encoding), encoding }));
  const jsonAlphabet = '{}[]":,0123456789.-eEtrufalsn\\ operationGETPOSTdatalabel';

  it('returns a decoding for every one of 12,000 mutated, truncated and random payloads, never throwing', () => {
    fuzzDecoder({
      seed: 0x5df_0001,
      runs: 12_000,
      input: (rng, round) => {
        const sample = rng.pick(encoded);
        const payload = inTurn(round, [
          () => mutate(rng, sample.payload),
          () => flipBits(rng, sample.payload),
          () => truncate(rng, sample.payload),
          () => randomBytes(rng, rng.int(40)),
          () => json(editText(rng, new TextDecoder().decode(sample.payload), jsonAlphabet)),
        ]);
        return { payload, encoding: rng.int(3) === 0 ? (sample.encoding === 'json' ? 'cbor' : 'json') : sample.encoding } as const;
      },
      decoders: { decodeRequest: ({ payload, encoding }) => decodeRequest(payload, encoding) },
      check: (decoding) => {
        if (decoding.ok) expect(['GET', 'POST', 'PUT', 'DELETE', 'START_OBSERVE', 'STOP_OBSERVE']).toContain(decoding.request.operation);
        else if (!('ignore' in decoding)) expect(decoding.code).toBe(128);
      },
      decodesMoreThan: 11_000,
      show: ({ payload, encoding }) => `${encoding} ${Buffer.from(payload).toString('hex')}`,
    });
  });
});
