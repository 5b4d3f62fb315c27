import { describe, expect, it } from 'vitest';
import type { Lwm2mResourceInput, Lwm2mResourceType } from './lwm2m-input.js';
import { resourceData } from './resource-data.js';

const ELEMENT = '#/sdfObject/X/sdfData/R';

function resource(type: Lwm2mResourceType, extra: Partial<Lwm2mResourceInput> = {}): Lwm2mResourceInput {
  return { id: 1, name: 'R', operations: 'R', multiple: false, mandatory: false, type, ...extra };
}

const dataOf = (type: Lwm2mResourceType, extra: Partial<Lwm2mResourceInput> = {}): unknown => resourceData(resource(type, extra), ELEMENT).data;

describe('resourceData', () => {
  it('maps each OMA type to its SDF type, with sdfType where JSON types say too little', () => {
    expect(dataOf('string')).toEqual({ type: 'string' });
    expect(dataOf('integer')).toEqual({ type: 'integer' });
    expect(dataOf('unsigned')).toEqual({ type: 'integer', minimum: 0 });
    expect(dataOf('float')).toEqual({ type: 'number' });
    expect(dataOf('boolean')).toEqual({ type: 'boolean' });
    expect(dataOf('opaque')).toEqual({ type: 'string', sdfType: 'byte-string' });
    expect(dataOf('time')).toEqual({ type: 'integer', sdfType: 'unix-time' });
    expect(dataOf('objlnk')).toEqual({ type: 'string' });
    expect(dataOf('corelnk')).toEqual({ type: 'string' });
    expect(dataOf('none')).toEqual({});
  });

  it('turns a numeric range into minimum and maximum, in either the a..b or the a-b form', () => {
    expect(dataOf('integer', { range: '0..100' })).toEqual({ type: 'integer', minimum: 0, maximum: 100 });
    expect(dataOf('integer', { range: '-110..-48' })).toEqual({ type: 'integer', minimum: -110, maximum: -48 });
    expect(dataOf('integer', { range: '1-5' })).toEqual({ type: 'integer', minimum: 1, maximum: 5 });
    expect(dataOf('float', { range: '0..1' })).toEqual({ type: 'number', minimum: 0, maximum: 1 });
    expect(dataOf('unsigned', { range: '0..65535' })).toEqual({ type: 'integer', minimum: 0, maximum: 65535 });
  });

  it('leaves out a range it cannot read plainly rather than guessing', () => {
    for (const range of ['16,32,48', '6', '1 bytes', '100..0', 'The possible values are those listed elsewhere', '0.5..2']) {
      expect(dataOf('integer', { range })).toEqual({ type: 'integer' });
    }
    expect(dataOf('opaque', { range: '0..255' })).toEqual({ type: 'string', sdfType: 'byte-string' });
    expect(dataOf('boolean', { range: '0..1' })).toEqual({ type: 'boolean' });
  });

  it('keeps only the upper bound of a string length range, since the registry counts bytes and SDF characters', () => {
    expect(dataOf('string', { range: '0..255 bytes' })).toEqual({ type: 'string', maxLength: 255 });
    expect(dataOf('string', { range: '1..32' })).toEqual({ type: 'string', maxLength: 32 });
    expect(dataOf('string', { range: '32 bytes' })).toEqual({ type: 'string' });
  });

  it('writes units as SenML names, translating only the obvious spellings', () => {
    expect(dataOf('float', { units: 'Cel' })).toEqual({ type: 'number', unit: 'Cel' });
    expect(dataOf('float', { units: '%' })).toEqual({ type: 'number', unit: '/100' });
    expect(dataOf('float', { units: '°C' })).toEqual({ type: 'number', unit: 'Cel' });
    expect(dataOf('float', { units: 'NTU' })).toEqual({ type: 'number', unit: 'NTU' });
    expect(dataOf('float', { units: '  ' })).toEqual({ type: 'number' });
  });

  it('makes a multiple resource an array whose items carry the type and bounds', () => {
    expect(resourceData(resource('integer', { multiple: true, range: '0..7' }), ELEMENT)).toEqual({
      data: { type: 'array', items: { type: 'integer', minimum: 0, maximum: 7 } },
    });
  });

  it('moves an item that needs sdfType or unit into a referenced data definition, as array items cannot carry them', () => {
    expect(resourceData(resource('opaque', { multiple: true }), ELEMENT)).toEqual({
      data: { type: 'array', items: { sdfRef: ELEMENT, type: 'string' } },
      element: { type: 'string', sdfType: 'byte-string' },
    });
    expect(resourceData(resource('float', { multiple: true, units: 'V' }), ELEMENT)).toEqual({
      data: { type: 'array', items: { sdfRef: ELEMENT, type: 'number' } },
      element: { type: 'number', unit: 'V' },
    });
  });
});
