import { describe, expect, it } from 'vitest';
import { expectInvalidInput } from '../../test/support/assertions.js';
import { validateSdfModel } from '../validate/validate-sdf.js';
import { sdfThingModel } from './thing.js';

describe('sdfThingModel', () => {
  it('composes a thing of objects taken by reference from the LwM2M namespace', () => {
    const model = sdfThingModel('Node', ['Device', 'Temperature'], { label: 'A node', required: ['Device'] });
    expect(model).toEqual({
      info: { title: 'Node' },
      namespace: { oma: 'urn:oma:lwm2m' },
      sdfThing: {
        Node: {
          label: 'A node',
          sdfRequired: ['#/sdfThing/Node/sdfObject/Device'],
          sdfObject: { Device: { sdfRef: 'oma:#/sdfObject/Device' }, Temperature: { sdfRef: 'oma:#/sdfObject/Temperature' } },
        },
      },
    });
    expect(validateSdfModel(model, 'strict')).toEqual({ ok: true });
  });

  it('contributes no definitions of its own to the LwM2M namespace', () => {
    expect(sdfThingModel('Node', ['Device']).defaultNamespace).toBeUndefined();
  });

  it('refuses names SDF reserves, repeated objects and required objects the thing lacks', () => {
    expectInvalidInput(() => sdfThingModel('a:b', ['Device']), /cannot be an SDF name/);
    expectInvalidInput(() => sdfThingModel('Node', ['']), /cannot be an SDF name/);
    expectInvalidInput(() => sdfThingModel('Node', ['Device', 'Device']), /listed twice/);
    expectInvalidInput(() => sdfThingModel('Node', ['Device'], { required: ['Temperature'] }), /'Temperature' is not one of its objects/);
  });
});
