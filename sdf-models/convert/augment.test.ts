import { describe, expect, it } from 'vitest';
import { defaultRegistry } from '../../lwm2m/index.js';
import { expectInvalidInput } from '../../test/support/assertions.js';
import { validateSdfModel } from '../validate/validate-sdf.js';
import { sdfModelWithMapping } from './augment.js';
import { sdfFromLwm2m } from './sdf-from-lwm2m.js';
import type { SdfModel } from './sdf-model.js';

const device = (): ReturnType<typeof sdfFromLwm2m> => sdfFromLwm2m(defaultRegistry().object(3)!);

describe('sdfModelWithMapping', () => {
  it('inlines the LwM2M ids at the pointers of the mapping, leaving the model given unchanged', () => {
    const { model, mapping } = device();
    const before = structuredClone(model);
    const merged = sdfModelWithMapping(model, mapping);
    expect(merged.sdfObject?.['Device']).toMatchObject({ 'oma:id': 3, 'oma:urn': 'urn:oma:lwm2m:oma:3:1.2' });
    expect(merged.sdfObject?.['Device']?.sdfProperty?.['Battery_Level']).toMatchObject({ 'oma:id': 9, 'oma:type': 'Integer', maximum: 100 });
    expect(merged.sdfObject?.['Device']?.sdfAction?.['Reboot']).toEqual({ 'oma:id': 4 });
    expect(model).toEqual(before);
  });

  it('gives a model the framework schema accepts and the strict schema refuses for its oma: qualities', () => {
    const { model, mapping } = device();
    const merged = sdfModelWithMapping(model, mapping);
    expect(validateSdfModel(merged, 'framework')).toEqual({ ok: true });
    const strict = validateSdfModel(merged, 'strict');
    expect(strict.ok).toBe(false);
    expect(strict.ok ? [] : strict.errors).toContain("/sdfObject/Device: 'oma:id' is not allowed here");
  });

  it('applies entries as JSON merge patches: null removes a quality, maps merge', () => {
    const model: SdfModel = { sdfObject: { O: { label: 'o', sdfProperty: { P: { type: 'integer', minimum: 0 } } } } };
    const merged = sdfModelWithMapping(model, { map: { '#/sdfObject/O': { label: null }, '#/sdfObject/O/sdfProperty/P': { minimum: null, maximum: 9 } } });
    expect(merged).toEqual({ sdfObject: { O: { sdfProperty: { P: { type: 'integer', maximum: 9 } } } } });
  });

  it('refuses a mapping that points at something the model does not define', () => {
    const { model } = device();
    expectInvalidInput(() => sdfModelWithMapping(model, { map: { '#/sdfObject/Toaster': { 'oma:id': 1 } } }), /points at nothing/);
  });
});
