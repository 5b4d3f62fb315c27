import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defaultRegistry } from './default-registry.js';
import { GENERATED_FILE, generateFromDirectory } from './generate.js';

const REGISTRY_DIR = fileURLToPath(new URL('../../../shared/lwm2m-registry', import.meta.url));
const haveRegistry = existsSync(REGISTRY_DIR);
const generated = readFileSync(GENERATED_FILE, 'utf8');
const registry = defaultRegistry();

describe('Device (3) from the generated OMA data', () => {
  it('is a single-instance, mandatory object at version 1.2', () => {
    const device = registry.object(3);
    expect(device).toMatchObject({ name: 'Device', urn: 'urn:oma:lwm2m:oma:3:1.2', version: '1.2', multiple: false, mandatory: true });
  });

  it('has Battery Level as a readable single integer 0..100 in the registry unit /100', () => {
    // OMA's 3.xml 1.2 gives the SenML unit "/100" (percent), not "%".
    expect(registry.resource(3, 9)).toEqual({
      id: 9,
      name: 'Battery Level',
      operations: 'R',
      multiple: false,
      mandatory: false,
      type: 'integer',
      range: '0..100',
      units: '/100',
    });
  });

  it('has Reboot as a mandatory executable resource without a value type', () => {
    expect(registry.resource(3, 4)).toMatchObject({ name: 'Reboot', operations: 'E', type: 'none', mandatory: true });
  });

  it('has Available Power Sources as a multiple-instance resource', () => {
    expect(registry.resource(3, 6)).toMatchObject({ name: 'Available Power Sources', multiple: true, type: 'integer' });
  });

  it('leaves out range and units when the registry has none', () => {
    const manufacturer = registry.resource(3, 0);
    expect(manufacturer).toBeDefined();
    expect(manufacturer).not.toHaveProperty('range');
    expect(manufacturer).not.toHaveProperty('units');
  });
});

describe('Software Management (9) from the generated OMA data', () => {
  const cases = [
    [2, 'Package', 'W', 'opaque'],
    [4, 'Install', 'E', 'none'],
    [6, 'Uninstall', 'E', 'none'],
    [7, 'Update State', 'R', 'integer'],
    [9, 'Update Result', 'R', 'integer'],
    [10, 'Activate', 'E', 'none'],
    [11, 'Deactivate', 'E', 'none'],
    [12, 'Activation State', 'R', 'boolean'],
  ] as const;
  it.each(cases)('has resource %i %s with operations %s and type %s', (id, name, operations, type) => {
    expect(registry.resource(9, id)).toMatchObject({ id, name, operations, type, multiple: false });
  });

  it('is a multiple-instance object named as OMA spells it', () => {
    expect(registry.object(9)).toMatchObject({ name: 'LWM2M Software Management', multiple: true, mandatory: false });
  });
});

describe('other objects the stack relies on', () => {
  it('has BinaryAppDataContainer (19) Data as multiple opaque', () => {
    expect(registry.object(19)?.name).toBe('BinaryAppDataContainer');
    expect(registry.resource(19, 0)).toMatchObject({ name: 'Data', type: 'opaque', multiple: true, operations: 'RW' });
  });

  it('has Temperature (3303) Sensor Value as a readable float', () => {
    expect(registry.resource(3303, 5700)).toMatchObject({ name: 'Sensor Value', type: 'float', operations: 'R' });
  });

  it('decodes numeric character references in ranges', () => {
    expect(registry.resource(10308, 7)?.range).toBe('<7 to >12.5');
  });

  it('collapses odd whitespace in names (no-break space in 3459 Group Address)', () => {
    const names = [...registry.objects()].flatMap((o) => [o.name, ...[...o.resources.values()].map((r) => r.name)]);
    expect(names.filter((n) => /\s\s|^\s|\s$|[^\S ]/.test(n))).toEqual([]);
  });
});

describe('the checked-in generated file', () => {
  it('carries no description prose', () => {
    expect(generated).not.toContain('Human readable manufacturer name');
    expect(generated).not.toContain('CDATA');
  });

  it('is sorted by object id', () => {
    const ids = [...generated.matchAll(/^ {2}\[(\d+),/gm)].map((m) => Number(m[1]));
    expect(ids.length).toBeGreaterThan(300);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });

  const skipNote = haveRegistry ? '' : ` (skipped: ${REGISTRY_DIR} is absent)`;

  it.skipIf(!haveRegistry)(`matches a fresh run of the generator over the OMA registry${skipNote}`, () => {
    const { text } = generateFromDirectory(REGISTRY_DIR);
    expect(text === generated, 'oma-objects.generated.ts is stale: run `npm run generate:registry`').toBe(true);
  });

  it.skipIf(!haveRegistry)(`contains none of the registry's description sentences${skipNote}`, () => {
    const xml = readFileSync(`${REGISTRY_DIR}/3.xml`, 'utf8') + readFileSync(`${REGISTRY_DIR}/9.xml`, 'utf8');
    const descriptions = [...xml.matchAll(/<Description1?>\s*<!\[CDATA\[([\s\S]*?)\]\]>/g)].map((m) => m[1]!.trim());
    expect(descriptions.length).toBeGreaterThan(20);
    const leaked = descriptions.filter((d) => d.length > 20 && generated.includes(d.slice(0, 40)));
    expect(leaked).toEqual([]);
  });
});
