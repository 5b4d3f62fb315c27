import { describe, expect, it } from 'vitest';
import { expectInvalidInput } from '../../test/support/assertions.js';
import { fuzzDecoder, inTurn } from '../../test/support/fuzz.js';
import { flipBits, mutate, randomBytes, truncate } from '../../test/support/prng.js';
import { decodeAnnounce, decodeUnregister, encodeAnnounce, encodeUnregister } from './announce.js';
import type { SdfAnnounce } from './payloads.js';

const announce: SdfAnnounce = {
  'urn:dev:1': {
    sdfObject: {
      Device: [{ label: '0', sdfProperty: { Manufacturer: 'farside', Error_Code: { '0': '0' } } }],
      LWM2M_Software_Management: [{ label: '0' }, { label: '1' }],
    },
  },
};

describe('announce', () => {
  it('round-trips in JSON, the default, and in CBOR', () => {
    expect(decodeAnnounce(encodeAnnounce(announce))).toEqual(announce);
    expect(decodeAnnounce(encodeAnnounce(announce, 'cbor'), 'cbor')).toEqual(announce);
  });

  it('is written in the NextGenGW shape', () => {
    const text = new TextDecoder().decode(encodeAnnounce({ d: { sdfObject: { Device: [{ label: '0', sdfProperty: { x: '1' } }] } } }));
    expect(text).toBe('{"d":{"sdfObject":{"Device":[{"label":"0","sdfProperty":{"x":"1"}}]}}}');
  });

  it('refuses things without sdfObject and invalid thing names', () => {
    expectInvalidInput(() => decodeAnnounce(new TextEncoder().encode('{"d":{}}')), /d\.sdfObject/);
    expectInvalidInput(() => decodeAnnounce(new TextEncoder().encode('{"a/b":{"sdfObject":{}}}')), /thing name/);
    expectInvalidInput(() => encodeAnnounce({ things: { sdfObject: {} } }), /thing name/);
  });
});

describe('unregister', () => {
  it('is the thing name as a JSON string', () => {
    expect(new TextDecoder().decode(encodeUnregister('urn:dev:1'))).toBe('"urn:dev:1"');
    expect(decodeUnregister(new TextEncoder().encode('"urn:dev:1"'))).toBe('urn:dev:1');
    expect(decodeUnregister(encodeUnregister('d', 'cbor'), 'cbor')).toBe('d');
  });

  it('refuses bodies that are not a valid thing name', () => {
    for (const text of ['urn', '{"thing":"x"}', '""', '"a#b"', '"announce"']) {
      expectInvalidInput(() => decodeUnregister(new TextEncoder().encode(text)));
    }
    expectInvalidInput(() => encodeUnregister('+'), /thing name/);
  });
});

describe('announce and unregister fuzzing', () => {
  it('decode or reject every one of 10,000 spoiled and random payloads, never throwing anything else', () => {
    const samples = [
      { payload: encodeAnnounce(announce), encoding: 'json' as const, kind: 'announce' },
      { payload: encodeAnnounce(announce, 'cbor'), encoding: 'cbor' as const, kind: 'announce' },
      { payload: encodeUnregister('urn:dev:1'), encoding: 'json' as const, kind: 'unregister' },
      { payload: encodeUnregister('urn:dev:1', 'cbor'), encoding: 'cbor' as const, kind: 'unregister' },
    ];
    fuzzDecoder({
      seed: 0x5df_0003,
      runs: 10_000,
      input: (rng, round) => {
        const sample = rng.pick(samples);
        const payload = inTurn(round, [() => mutate(rng, sample.payload, 1), () => flipBits(rng, sample.payload, 1), () => truncate(rng, sample.payload), () => randomBytes(rng, rng.int(30))]);
        return { ...sample, payload };
      },
      decoders: {
        decode: ({ payload, encoding, kind }) => (kind === 'announce' ? decodeAnnounce(payload, encoding) : decodeUnregister(payload, encoding)),
      },
      decodesMoreThan: 500,
      show: ({ payload, encoding, kind }) => `${kind} ${encoding} ${Buffer.from(payload).toString('hex')}`,
    });
  });
});
