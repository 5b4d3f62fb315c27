import { describe, expect, it } from 'vitest';
import { defaultRegistry, type ObjectModel } from '../../lwm2m/index.js';
import { expectInvalidInput } from '../../test/support/assertions.js';
import { validateSdfModel } from '../validate/validate-sdf.js';
import type { Lwm2mObjectInput, Lwm2mResourceInput } from './lwm2m-input.js';
import { sdfFromLwm2m } from './sdf-from-lwm2m.js';

// Compile-time check that lwm2m's registry models can be passed in as they are.
const registryModelFits: (model: ObjectModel) => Lwm2mObjectInput = (model) => model;

function objectOf(resources: readonly Lwm2mResourceInput[], extra: Partial<Lwm2mObjectInput> = {}): Lwm2mObjectInput {
  return {
    id: 42000,
    name: 'Test Thing',
    urn: 'urn:oma:lwm2m:x:42000',
    version: '1.0',
    lwm2mVersion: '1.1',
    multiple: true,
    mandatory: false,
    resources: new Map(resources.map((r) => [r.id, r])),
    ...extra,
  };
}

const res = (id: number, name: string, extra: Partial<Lwm2mResourceInput> = {}): Lwm2mResourceInput => ({
  id, name, operations: 'R', multiple: false, mandatory: false, type: 'integer', ...extra,
});

/** Every map key anywhere in `value`. */
function qualityNames(value: unknown): string[] {
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) => [key, ...qualityNames(inner)]);
}

describe('sdfFromLwm2m', () => {
  it('writes one sdfObject named by the SDF naming rule, labelled with the OMA name', () => {
    const { model } = sdfFromLwm2m(objectOf([res(1, 'Sensor Value')]));
    expect(Object.keys(model.sdfObject ?? {})).toEqual(['Test_Thing']);
    expect(model.sdfObject?.['Test_Thing']?.label).toBe('Test Thing');
    expect(model.sdfObject?.['Test_Thing']?.sdfProperty?.['Sensor_Value']?.label).toBe('Sensor Value');
    expect(model.info).toEqual({ title: 'Test Thing (LwM2M object 42000)', version: '1.0' });
    expect(model).toMatchObject({ namespace: { oma: 'urn:oma:lwm2m' }, defaultNamespace: 'oma' });
  });

  it('turns R, W and RW into property access, with whatever is readable observable', () => {
    const { model } = sdfFromLwm2m(objectOf([
      res(1, 'R', { operations: 'R' }),
      res(2, 'W', { operations: 'W' }),
      res(3, 'RW', { operations: 'RW' }),
      res(4, 'Bootstrap only', { operations: '' }),
    ]));
    const access = Object.fromEntries(Object.entries(model.sdfObject?.['Test_Thing']?.sdfProperty ?? {}).map(([name, p]) => [name, [p.readable, p.writable, p.observable]]));
    expect(access).toEqual({ R: [true, false, true], W: [false, true, false], RW: [true, true, true], Bootstrap_only: [false, false, false] });
  });

  it('makes executable resources actions and lists mandatory resources in sdfRequired as JSON pointers', () => {
    const { model } = sdfFromLwm2m(objectOf([
      res(1, 'Value', { mandatory: true }),
      res(2, 'Reset It', { operations: 'E', type: 'none', mandatory: true }),
      res(3, 'Optional'),
    ]));
    const object = model.sdfObject?.['Test_Thing'];
    expect(object?.sdfAction).toEqual({ Reset_It: { label: 'Reset It' } });
    expect(object?.sdfRequired).toEqual(['#/sdfObject/Test_Thing/sdfProperty/Value', '#/sdfObject/Test_Thing/sdfAction/Reset_It']);
  });

  it('gives every object instance bounds: at most one when single, at least one when mandatory', () => {
    const bounds = (multiple: boolean, mandatory: boolean): unknown => {
      const object = sdfFromLwm2m(objectOf([res(1, 'V')], { multiple, mandatory })).model.sdfObject?.['Test_Thing'];
      return [object?.minItems, object?.maxItems];
    };
    expect(bounds(false, false)).toEqual([0, 1]);
    expect(bounds(false, true)).toEqual([1, 1]);
    expect(bounds(true, false)).toEqual([0, undefined]);
    expect(bounds(true, true)).toEqual([1, undefined]);
  });

  it('keeps the LwM2M ids out of the model and in the mapping, under the same pointers', () => {
    const { model, mapping } = sdfFromLwm2m(objectOf([res(5700, 'Sensor Value', { type: 'float' }), res(5605, 'Reset', { operations: 'E', type: 'none' })]));
    expect(qualityNames(model).filter((name) => name.startsWith('oma:'))).toEqual([]);
    expect(mapping).toEqual({
      info: { title: 'LwM2M ids of Test_Thing', version: '1.0' },
      namespace: { oma: 'urn:oma:lwm2m' },
      defaultNamespace: 'oma',
      map: {
        '#/sdfObject/Test_Thing': { 'oma:id': 42000, 'oma:urn': 'urn:oma:lwm2m:x:42000', 'oma:version': '1.0', 'oma:lwm2mVersion': '1.1' },
        '#/sdfObject/Test_Thing/sdfAction/Reset': { 'oma:id': 5605 },
        '#/sdfObject/Test_Thing/sdfProperty/Sensor_Value': { 'oma:id': 5700, 'oma:type': 'Float' },
      },
    });
  });

  it('names the later of two same-named resources with its id appended, so both stay addressable', () => {
    const { model, mapping } = sdfFromLwm2m(objectOf([res(18, 'Satellite identifiers'), res(17, 'Satellite identifiers')]));
    expect(Object.keys(model.sdfObject?.['Test_Thing']?.sdfProperty ?? {})).toEqual(['Satellite_identifiers', 'Satellite_identifiers_18']);
    expect(mapping.map['#/sdfObject/Test_Thing/sdfProperty/Satellite_identifiers_18']).toMatchObject({ 'oma:id': 18 });
  });

  it('keeps a resource named __proto__ as a property like any other', () => {
    const { model } = sdfFromLwm2m(objectOf([res(1, '__proto__')]));
    expect(Object.keys(model.sdfObject?.['Test_Thing']?.sdfProperty ?? {})).toEqual(['__proto__']);
  });

  it('uses the namespace and info given in the options', () => {
    const { model, mapping } = sdfFromLwm2m(objectOf([res(1, 'V')]), {
      namespace: { prefix: 'acme', uri: 'https://models.example.com/lwm2m' },
      info: { license: 'BSD-3-Clause' },
    });
    expect(model).toMatchObject({ namespace: { acme: 'https://models.example.com/lwm2m' }, defaultNamespace: 'acme', info: { license: 'BSD-3-Clause' } });
    expect(mapping.defaultNamespace).toBe('acme');
  });

  it('refuses an object that cannot be named or typed in SDF', () => {
    expectInvalidInput(() => sdfFromLwm2m(objectOf([res(1, ' ')])), /name must not be empty/);
    expectInvalidInput(() => sdfFromLwm2m(objectOf([res(1, 'a:b')])), /may not contain ':'/);
    expectInvalidInput(() => sdfFromLwm2m(objectOf([res(1, 'V', { type: 'decimal' as never })])), /unknown type 'decimal'/);
    expectInvalidInput(() => sdfFromLwm2m(objectOf([res(70000, 'V')])), /id must be an integer/);
    expectInvalidInput(() => sdfFromLwm2m(objectOf([], { name: 'bad\uD800' })), /unpaired surrogate/);
    expectInvalidInput(() => sdfFromLwm2m(objectOf([res(1, 'V'), res(2, 'V_3'), res(3, 'V')])), /cannot get a unique SDF name/);
    expectInvalidInput(() => sdfFromLwm2m(null as never), /object model is needed/);
  });

  it('converts every object of the default registry into a model the strict schema accepts', () => {
    let count = 0;
    for (const object of defaultRegistry().objects()) {
      const { model } = sdfFromLwm2m(registryModelFits(object));
      const result = validateSdfModel(model, 'strict');
      expect(result, `object ${object.id}`).toEqual({ ok: true });
      count++;
    }
    expect(count).toBeGreaterThan(300);
  });
});
