import { describe, expect, it } from 'vitest';
import { expectInvalidInput } from '../../test/support/assertions.js';
import { hex } from '../../test/support/bytes.js';
import type { ResourceType } from '../model.js';
import type { ResourceValue } from '../node.js';
import { tlvFromValue, valueFromTlv } from './tlv-values.js';

const cases: [ResourceType, ResourceValue, string][] = [
  ['integer', 0, '00'],
  ['integer', 127, '7F'],
  ['integer', 128, '00 80'],
  ['integer', -1, 'FF'],
  ['integer', -128, '80'],
  ['integer', -129, 'FF 7F'],
  ['integer', 32767, '7F FF'],
  ['integer', -32769, 'FF FF 7F FF'],
  ['integer', 2147483647, '7F FF FF FF'],
  ['integer', 2147483648, '00 00 00 00 80 00 00 00'],
  ['integer', -2147483649, 'FF FF FF FF 7F FF FF FF'],
  ['integer', 2n ** 63n - 1n, '7F FF FF FF FF FF FF FF'],
  ['integer', -(2n ** 63n), '80 00 00 00 00 00 00 00'],
  ['integer', Number.MAX_SAFE_INTEGER, '00 1F FF FF FF FF FF FF'],
  ['unsigned', 200, '00 C8'],
  ['unsigned', 2n ** 64n - 1n, 'FF FF FF FF FF FF FF FF'],
  ['time', new Date(0x5182428f * 1000), '51 82 42 8F'],
  ['time', new Date(-1000), 'FF'],
  ['float', 1.5, '3F C0 00 00'],
  ['float', -0, '80 00 00 00'],
  ['float', Infinity, '7F 80 00 00'],
  ['float', 0.1, '3F B9 99 99 99 99 99 9A'],
  ['float', 3.4028234663852886e38, '7F 7F FF FF'],
  ['float', 1e300, '7E 37 E4 3C 88 00 75 9C'],
  ['boolean', false, '00'],
  ['boolean', true, '01'],
  ['objlnk', { objectId: 3, instanceId: 0 }, '00 03 00 00'],
  ['objlnk', { objectId: 65535, instanceId: 65535 }, 'FF FF FF FF'],
  ['string', 'U', '55'],
  ['string', 'é', 'C3 A9'],
  ['corelnk', '</1>', '3C 2F 31 3E'],
  ['opaque', hex('DE AD'), 'DE AD'],
  ['none', '', ''],
];

describe('TLV value encodings', () => {
  it.each(cases)('writes %s %s as [%s] and reads it back', (type, value, bytes) => {
    expect(tlvFromValue(type, value, '/x')).toEqual(hex(bytes));
    expect(valueFromTlv(type, hex(bytes), '/x')).toEqual(value);
  });

  it('reads integers beyond the safe range as bigint and within it as number', () => {
    expect(valueFromTlv('integer', hex('00 20 00 00 00 00 00 00'), '/x')).toBe(2n ** 53n);
    expect(valueFromTlv('integer', hex('FF E0 00 00 00 00 00 01'), '/x')).toBe(Number.MIN_SAFE_INTEGER);
    expect(valueFromTlv('integer', hex('FF E0 00 00 00 00 00 00'), '/x')).toBe(-(2n ** 53n));
  });

  it('reads an unsigned value sent in its plain unsigned form', () => {
    expect(valueFromTlv('unsigned', hex('C8'), '/x')).toBe(200);
    expect(valueFromTlv('unsigned', hex('FF FF FF FF'), '/x')).toBe(4294967295);
  });

  it('reads 4-byte floats exactly as float32 and 8-byte floats as float64', () => {
    expect(valueFromTlv('float', hex('3D CC CC CD'), '/x')).toBe(Math.fround(0.1));
    expect(valueFromTlv('float', hex('3F B9 99 99 99 99 99 9A'), '/x')).toBe(0.1);
    expect(Number.isNaN(valueFromTlv('float', hex('7F C0 00 00'), '/x'))).toBe(true);
  });

  it('writes NaN as a 4-byte float', () => {
    expect(tlvFromValue('float', NaN, '/x')).toHaveLength(4);
  });

  it('accepts a time written in 8 bytes', () => {
    expect(valueFromTlv('time', hex('00 00 00 00 51 82 42 8F'), '/x')).toEqual(new Date(0x5182428f * 1000));
  });

  it('rejects a time beyond what a Date can hold, naming the path', () => {
    expectInvalidInput(() => valueFromTlv('time', hex('7F FF FF FF FF FF FF FF'), '/3/0/13'), /\/3\/0\/13/);
  });
});
