import { describe, expect, it } from 'vitest';
import type { ResourceModel } from '../../lwm2m/model.js';
import { valueFitsModel, valueFitsType, valuesEqual } from './value-check.js';

const model = (type: ResourceModel['type'], range?: string): ResourceModel => ({
  id: 1,
  name: 'x',
  operations: 'RW',
  multiple: false,
  mandatory: false,
  type,
  ...(range === undefined ? {} : { range }),
});

describe('valueFitsType', () => {
  it('accepts 64-bit integers as numbers or bigints and nothing fractional', () => {
    expect(valueFitsType('integer', -5)).toBe(true);
    expect(valueFitsType('integer', 2n ** 63n - 1n)).toBe(true);
    expect(valueFitsType('integer', 2n ** 63n)).toBe(false);
    expect(valueFitsType('integer', 1.5)).toBe(false);
    expect(valueFitsType('unsigned', 2n ** 64n - 1n)).toBe(true);
    expect(valueFitsType('unsigned', -1)).toBe(false);
  });

  it('matches each other type to its value shape', () => {
    expect(valueFitsType('float', 1.5)).toBe(true);
    expect(valueFitsType('float', Number.NaN)).toBe(false);
    expect(valueFitsType('string', 'a')).toBe(true);
    expect(valueFitsType('boolean', 0)).toBe(false);
    expect(valueFitsType('opaque', new Uint8Array([1]))).toBe(true);
    expect(valueFitsType('time', new Date(0))).toBe(true);
    expect(valueFitsType('time', new Date(Number.NaN))).toBe(false);
    expect(valueFitsType('objlnk', { objectId: 3, instanceId: 0 })).toBe(true);
    expect(valueFitsType('none', '')).toBe(false);
  });
});

describe('valueFitsModel', () => {
  it('checks numeric ranges and string lengths from the registry', () => {
    expect(valueFitsModel(model('integer', '0..100'), 100)).toBe(true);
    expect(valueFitsModel(model('integer', '0..100'), 101)).toBe(false);
    expect(valueFitsModel(model('string', '0..3 bytes'), 'abcd')).toBe(false);
    expect(valueFitsModel(model('string', '0..3'), 'abc')).toBe(true);
  });

  it('leaves ranges it cannot read unchecked', () => {
    expect(valueFitsModel(model('opaque', '16,32,48'), new Uint8Array(3))).toBe(true);
    expect(valueFitsModel(model('string', 'see the spec'), 'anything')).toBe(true);
  });
});

describe('valuesEqual', () => {
  it('compares bytes, dates and object links by content', () => {
    expect(valuesEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2]))).toBe(true);
    expect(valuesEqual(new Date(5), new Date(5))).toBe(true);
    expect(valuesEqual({ objectId: 1, instanceId: 2 }, { objectId: 1, instanceId: 3 })).toBe(false);
    expect(valuesEqual(1, 1)).toBe(true);
  });
});
