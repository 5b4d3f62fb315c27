import { Encoder } from 'cbor-x';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, isFarsideError } from '../../errors/index.js';
import { fuzzDecoder, inTurn } from '../../test/support/fuzz.js';
import { flipBits, mutate, randomBytes, randomText, truncate } from '../../test/support/prng.js';
import type { ServiceValue } from '../embserve/contracts.js';
import { decodeRoutePayload, encodeRoutePayload, MAX_ROUTE_PAYLOAD_BYTES } from './route-payload.js';

const cbor = new Encoder({ useRecords: false, mapsAsObjects: false, tagUint8Array: false });
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

function refusal(action: () => unknown): string {
  try {
    action();
  } catch (err) {
    if (isFarsideError(err, ERROR_CODES.INVALID_INPUT)) return err.message;
    throw err;
  }
  throw new Error('expected a refusal');
}

const ints = [0, 1, -1, 42, -42, 2 ** 31 - 1, -(2 ** 31), 65_536];
// Values float32 holds exactly, so they come back unchanged (NaN is checked on its own).
const floats = [0, -0, 1.5, -1.5, 21.25, 3.4028234663852886e38, -3.4028234663852886e38, 1.401298464324817e-45, Infinity, -Infinity];

describe('route payload [key, type, bytes]', () => {
  it('is the CBOR array FITA sends: key, type, 4 little-endian bytes', () => {
    // 83 (array of 3), 61 74 ("t"), 00 (int), 44 (4-byte string) 2a 00 00 00
    expect(hex(encodeRoutePayload({ key: 't', type: 0, value: 42 }))).toBe('83617400' + '442a000000');
    expect(hex(encodeRoutePayload({ key: 't', type: 1, value: 1.5 }))).toBe('8361740144' + '0000c03f');
  });

  it.each(ints)('brings int %d back unchanged', (value) => {
    expect(decodeRoutePayload(encodeRoutePayload({ key: 'count', type: 0, value }))).toEqual({ key: 'count', type: 0, value });
  });

  it.each(floats)('brings float %d back unchanged', (value) => {
    expect(decodeRoutePayload(encodeRoutePayload({ key: 'temp', type: 1, value }))).toEqual({ key: 'temp', type: 1, value });
  });

  it('rounds a float to the float32 the MCU holds', () => {
    expect(decodeRoutePayload(encodeRoutePayload({ key: 'temp', type: 1, value: 0.1 })).value).toBe(Math.fround(0.1));
  });

  it('carries NaN as a float, as the MCU may', () => {
    expect(decodeRoutePayload(encodeRoutePayload({ key: 'temp', type: 1, value: NaN })).value).toBeNaN();
  });

  it.each([
    [{ key: 't', type: 0, value: 1.5 }, /integer within int32/],
    [{ key: 't', type: 0, value: 2 ** 31 }, /integer within int32/],
    [{ key: 't', type: 0, value: NaN }, /integer within int32/],
    [{ key: 't', type: 1, value: 1e39 }, /fit float32/],
    [{ key: '', type: 0, value: 1 }, /key is empty/],
    [{ key: 't', type: 2, value: 1 }, /type must be 0/],
  ] as [ServiceValue, RegExp][])('refuses to encode %j', (value, why) => {
    expect(refusal(() => encodeRoutePayload(value))).toMatch(why);
  });

  it.each([
    ['an empty payload', new Uint8Array(), /empty/],
    ['broken CBOR', Uint8Array.of(0x83, 0x61), /not well-formed CBOR/],
    ['trailing bytes', Uint8Array.of(...cbor.encode(['t', 0, Uint8Array.of(1, 2, 3, 4)]), 0), /not well-formed CBOR/],
    ['a map', cbor.encode(new Map([['t', 1]])), /\[key, type, bytes\]/],
    ['two items', cbor.encode(['t', 0]), /\[key, type, bytes\]/],
    ['four items', cbor.encode(['t', 0, Uint8Array.of(1, 2, 3, 4), 9]), /\[key, type, bytes\]/],
    ['a number key', cbor.encode([7, 0, Uint8Array.of(1, 2, 3, 4)]), /\[key, type, bytes\]/],
    ['an empty key', cbor.encode(['', 0, Uint8Array.of(1, 2, 3, 4)]), /key is empty/],
    ['type 2', cbor.encode(['t', 2, Uint8Array.of(1, 2, 3, 4)]), /type must be 0/],
    ['a text value', cbor.encode(['t', 0, 'abcd']), /byte string/],
    ['3 value bytes', cbor.encode(['t', 0, Uint8Array.of(1, 2, 3)]), /4 bytes/],
    ['8 value bytes', cbor.encode(['t', 1, new Uint8Array(8)]), /4 bytes/],
    ['an oversized payload', new Uint8Array(MAX_ROUTE_PAYLOAD_BYTES + 1), /over 1024/],
  ])('refuses %s', (_what, payload, why) => {
    expect(refusal(() => decodeRoutePayload(payload))).toMatch(why);
  });

  it('never throws anything but a FarsideError on 10,000 spoiled payloads', () => {
    const samples = [...ints.map((value) => ({ key: 'count', type: 0 as const, value })), ...floats.map((value) => ({ key: 'temp', type: 1 as const, value }))].map(encodeRoutePayload);
    // CBOR heads that matter: arrays, byte/text strings, tags, floats, indefinite lengths, break.
    const interesting = [0x80, 0x83, 0x84, 0x9f, 0x40, 0x44, 0x5f, 0x60, 0x61, 0x7f, 0xc0, 0xd8, 0xf9, 0xfa, 0xfb, 0xff, 0x00, 0x01, 0x02, 0x18];
    fuzzDecoder({
      seed: 0x35001,
      runs: 10_000,
      decoders: { decodeRoutePayload },
      input: (rng, round) => inTurn(round, [
        () => mutate(rng, rng.pick(samples), undefined, interesting),
        () => flipBits(rng, rng.pick(samples)),
        () => truncate(rng, rng.pick(samples)),
        () => randomBytes(rng, rng.int(24), Uint8Array.from(interesting)),
        () => new Uint8Array(cbor.encode([randomText(rng, rng.int(4), 'tk\u0000é'), rng.int(3), randomBytes(rng, rng.int(6))])),
      ]),
      check: (value) => {
        expect(value.type === 0 ? Number.isInteger(value.value) : typeof value.value === 'number').toBe(true);
        expect(value.key.length).toBeGreaterThan(0);
      },
      decodesMoreThan: 1_000,
    });
  });
});
