import { describe, expect, it } from 'vitest';
import { checkPackage, type PackageCheckEnvironment } from './package-check.js';
import { mappingProblem, parseDataModelMapping } from './data-model-mapping.js';
import { NativeEngine } from './native-engine.js';
import { bytesOf, models, temperatureService } from './test-fixture.js';

const env: PackageCheckEnvironment = { models, engines: [new NativeEngine()], flashFree: 100_000, workloadRamCapacity: 50_000, tinyml: true };
const verdictOf = (changes: Record<string, unknown>, environment = env) => checkPackage(bytesOf(temperatureService(changes)), environment);

describe('package checks', () => {
  it('verifies FITA’s temperature service with its engine and costs', () => {
    const verdict = verdictOf({});
    expect(verdict.ok && [verdict.verified.engine.kind, verdict.verified.version, verdict.verified.requirements]).toEqual(['native', '1.0.0', { ramBytes: 4160, flashBytes: 1536 }]);
  });

  it('takes sdk_api written as text, and a numeric version as text', () => {
    const verdict = verdictOf({ dependencies: { sdk_api: '1' }, version: 3 });
    expect(verdict.ok && verdict.verified.version).toBe('3');
  });

  it('refuses a TinyML model on a board that cannot run models', () => {
    expect(verdictOf({ model: { tensor_arena_size: 1000 } }, { ...env, tinyml: false })).toMatchObject({ ok: false, result: 54 });
  });

  it('refuses a name longer than PkgName holds', () => {
    expect(verdictOf({ name: 'n'.repeat(256) })).toMatchObject({ ok: false, result: 53 });
  });

  it('checks flash against what is free and RAM against what a workload could ever get', () => {
    expect(verdictOf({}, { ...env, flashFree: 1535 })).toMatchObject({ ok: false, result: 50, reason: 'not enough flash (need 2 KB, 1 KB free)' });
    expect(verdictOf({ model: { tensor_arena_size: 45_841 } })).toMatchObject({ ok: false, result: 51 });
    expect(verdictOf({ model: { tensor_arena_size: 45_840 } }).ok).toBe(true);
  });
});

describe('data model mappings', () => {
  it('reads lwm2m:<object>/<x|instance>/<resource>', () => {
    expect(parseDataModelMapping('lwm2m:3303/x/5700')).toEqual({ objectId: 3303, instance: 'x', resourceId: 5700 });
    expect(parseDataModelMapping('lwm2m:3303/1/5700')).toEqual({ objectId: 3303, instance: 1, resourceId: 5700 });
    for (const bad of ['3303/x/5700', 'lwm2m:3303/x', 'lwm2m:3303/y/5700', 'lwm2m:99999/x/1', 'lwm2m:3303/x/5700/0', ' lwm2m:3303/x/5700']) {
      expect(parseDataModelMapping(bad)).toBeUndefined();
    }
  });

  it('lets inputs read device resources but keeps outputs out of the device’s own objects', () => {
    expect(mappingProblem(models, 'lwm2m:3/0/9', 'input')).toBeUndefined();
    expect(mappingProblem(models, 'lwm2m:3/0/9', 'output')).toMatch(/cannot publish into Device/);
    expect(mappingProblem(models, 'lwm2m:35003/x/27401', 'output')).toMatch(/cannot publish/);
    expect(mappingProblem(models, 'lwm2m:3313/x/5702', 'output')).toBeUndefined();
  });
});
