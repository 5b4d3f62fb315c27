import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expectInvalidInput } from '../../test/support/assertions.js';
import { fuzzDecoder, inTurn, MIN_FUZZ_RUNS } from '../../test/support/fuzz.js';
import { editText, truncate } from '../../test/support/prng.js';
import { validateSdfModel, type SdfValidationMode } from './validate-sdf.js';

const DEVICE_TEXT = readFileSync(new URL('../models/Device.sdf.json', import.meta.url), 'utf8');
const device = (): unknown => JSON.parse(DEVICE_TEXT);
/** The map at `path` inside a parsed model, to spoil it in place. */
const at = (model: unknown, ...path: string[]): Record<string, unknown> =>
  path.reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], model) as Record<string, unknown>;

describe('validateSdfModel', () => {
  it('accepts a plain SDF model in both modes', () => {
    expect(validateSdfModel(device(), 'strict')).toEqual({ ok: true });
    expect(validateSdfModel(device(), 'framework')).toEqual({ ok: true });
  });

  it('rejects a wrong type value with one line that says where and what is allowed', () => {
    const model = device();
    at(model, 'sdfObject', 'Device', 'sdfProperty', 'Manufacturer')['type'] = 'text';
    expect(validateSdfModel(model, 'strict')).toEqual({
      ok: false,
      errors: ['/sdfObject/Device/sdfProperty/Manufacturer/type: must be one of "number", "string", "boolean", "integer", "array", "object"'],
    });
  });

  it('names a quality the grammar does not know, and a misspelt sdfType', () => {
    const model = device();
    at(model, 'sdfObject', 'Device', 'sdfProperty', 'Manufacturer')['writeable'] = true;
    at(model, 'sdfObject', 'Device', 'sdfProperty', 'Current_Time')['sdfType'] = 'unixtime';
    const result = validateSdfModel(model, 'strict');
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.errors).toEqual(
      expect.arrayContaining([
        "/sdfObject/Device/sdfProperty/Manufacturer: 'writeable' is not allowed here",
        '/sdfObject/Device/sdfProperty/Current_Time/sdfType: must be one of "byte-string", "unix-time"',
      ]),
    );
  });

  it('admits prefixed extension qualities in framework mode only', () => {
    const model = device();
    at(model, 'sdfObject', 'Device')['oma:id'] = 3;
    expect(validateSdfModel(model, 'framework')).toEqual({ ok: true });
    expect(validateSdfModel(model, 'strict')).toEqual({ ok: false, errors: ["/sdfObject/Device: 'oma:id' is not allowed here"] });
  });

  it('rejects what is not an SDF document at all', () => {
    expect(validateSdfModel('{}', 'strict')).toEqual({ ok: false, errors: ['(document): must be object'] });
    expect(validateSdfModel({ sdfObject: [] }, 'strict')).toEqual({ ok: false, errors: ['/sdfObject: must be object'] });
  });

  it('throws invalid input for a mode that does not exist', () => {
    expectInvalidInput(() => validateSdfModel({}, 'lenient' as SdfValidationMode), /unknown SDF validation mode 'lenient'/);
  });

  it('answers every spoiled model with a result, never an exception', () => {
    const modes: readonly SdfValidationMode[] = ['strict', 'framework'];
    fuzzDecoder({
      seed: 0x9880,
      runs: MIN_FUZZ_RUNS,
      input: (rng, round) =>
        inTurn(round, [
          () => editText(rng, DEVICE_TEXT, '{}[]":,0123456789 -.truefalsnl', 1, 2),
          () => truncate(rng, DEVICE_TEXT),
        ]),
      decoders: {
        validate: (text: string, rng) => {
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = text;
          }
          return validateSdfModel(json, rng.pick(modes));
        },
      },
      check: (result) => expect(result.ok || result.errors.length > 0).toBe(true),
      decodesMoreThan: MIN_FUZZ_RUNS - 1,
    });
  });
});
