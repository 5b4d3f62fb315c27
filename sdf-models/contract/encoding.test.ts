import { describe, expect, it } from 'vitest';
import { expectInvalidInput } from '../../test/support/assertions.js';
import { contentTypeOf, decodeBody, encodeBody, encodingFromContentType } from './encoding.js';

describe('SDF body encodings', () => {
  it('read JSON when there is no content type and CBOR only when the content type says so', () => {
    expect(encodingFromContentType(undefined)).toBe('json');
    expect(encodingFromContentType('')).toBe('json');
    expect(encodingFromContentType('application/json; charset=utf-8')).toBe('json');
    expect(encodingFromContentType('Application/CBOR')).toBe('cbor');
    expect(encodingFromContentType('application/xml')).toBeUndefined();
    expect(contentTypeOf('cbor')).toBe('application/cbor');
    expect(contentTypeOf('json')).toBe('application/json');
  });

  it('round-trip plain objects through CBOR as objects with byte strings and big integers intact', () => {
    const value = { a: 1, b: new Uint8Array([0, 255]), c: { '0': 'x' }, d: [true, null], e: 2n ** 63n - 1n, f: -1.5 };
    const decoded = decodeBody(encodeBody(value, 'cbor'), 'cbor', 'test body') as Record<string, unknown>;
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
    expect({ ...decoded, b: new Uint8Array(decoded.b as Uint8Array) }).toEqual(value);
  });

  it('write CBOR maps with minimal headers and byte strings without the typed-array tag', () => {
    expect(Buffer.from(encodeBody({ a: new Uint8Array([1]) }, 'cbor')).toString('hex')).toBe('a1616141' + '01');
  });

  it('round-trip JSON', () => {
    const value = { operation: 'GET', data: { x: ['1', 2, false] } };
    expect(decodeBody(encodeBody(value, 'json'), 'json', 'test body')).toEqual(value);
  });

  it('refuse to write byte strings or bigints as JSON, naming the fix', () => {
    expectInvalidInput(() => encodeBody({ v: new Uint8Array([1]) }, 'json'), /byte string.*CBOR/);
    expectInvalidInput(() => encodeBody({ v: Buffer.from([1]) }, 'json'), /byte string/);
    expectInvalidInput(() => encodeBody({ v: 1n }, 'json'), /bigint/);
    expectInvalidInput(() => encodeBody(undefined, 'json'), /undefined/);
  });

  it('report empty, non-UTF-8, non-JSON and non-CBOR bodies as invalid input', () => {
    expectInvalidInput(() => decodeBody(new Uint8Array(), 'json', 'SDF thing'), /SDF thing is empty/);
    expectInvalidInput(() => decodeBody(Uint8Array.from([0x22, 0xff, 0x22]), 'json', 'SDF thing'), /not valid UTF-8/);
    expectInvalidInput(() => decodeBody(new TextEncoder().encode('{"a":'), 'json', 'SDF thing'), /not valid JSON/);
    expectInvalidInput(() => decodeBody(Uint8Array.from([0xa2, 0x01]), 'cbor', 'SDF thing'), /not well-formed CBOR/);
  });
});
