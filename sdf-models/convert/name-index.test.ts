import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expectInvalidInput } from '../../test/support/assertions.js';
import { sdfMappingFromText } from './mapping-json.js';
import { SdfNameIndex } from './name-index.js';
import { pointerTokens } from './pointer.js';
import type { SdfMapping } from './sdf-mapping.js';

const MODELS = new URL('../models/', import.meta.url);
const shippedMappings = (): SdfMapping[] =>
  readdirSync(MODELS)
    .filter((name) => name.endsWith('.mapping.json'))
    .map((name) => sdfMappingFromText(readFileSync(new URL(name, MODELS), 'utf8')));

const mappingOf = (map: SdfMapping['map'], namespace?: Record<string, string>): SdfMapping => ({ map, ...(namespace ? { namespace } : {}) });

describe('SdfNameIndex', () => {
  const index = SdfNameIndex.fromMappings(shippedMappings());

  it('finds objects and resources of the shipped mappings by name and by id', () => {
    expect(index.objectId('Device')).toBe(3);
    expect(index.objectName(9)).toBe('LWM2M_Software_Management');
    expect(index.resourceId('Device', 'Battery_Level')).toBe(9);
    expect(index.resourceName(3, 9)).toBe('Battery_Level');
    expect(index.resourceId('LWM2M_Software_Management', 'Install')).toBe(4);
    expect(index.resourceKind(9, 4)).toBe('action');
    expect(index.resourceKind(9, 2)).toBe('property');
    expect(index.resourceId('Software_Package_Monitoring', 'Sofware_Package')).toBe(27400);
  });

  it('round-trips every object and resource of every shipped mapping', () => {
    for (const mapping of shippedMappings()) {
      for (const [pointer, qualities] of Object.entries(mapping.map)) {
        const [, objectName, group, name] = pointerTokens(pointer);
        const objectId = index.objectId(objectName ?? '');
        expect(objectId, pointer).toBeDefined();
        expect(index.objectName(objectId ?? -1)).toBe(objectName);
        if (group === undefined) {
          expect(objectId).toBe(qualities['oma:id']);
          continue;
        }
        const kind = group === 'sdfAction' ? 'action' : 'property';
        const id = index.resourceId(objectName ?? '', name ?? '', kind);
        expect(id, pointer).toBe(qualities['oma:id']);
        expect(index.resourceName(objectId ?? -1, id ?? -1)).toBe(name);
        expect(index.resourceKind(objectId ?? -1, id ?? -1)).toBe(kind);
      }
    }
    expect(index.objectIds()).toContain(35003);
  });

  it('answers undefined for names and ids it does not know', () => {
    expect(index.objectId('Toaster')).toBeUndefined();
    expect(index.objectName(6)).toBeUndefined();
    expect(index.resourceId('Device', 'Toast')).toBeUndefined();
    expect(index.resourceId('Device', 'Reboot', 'property')).toBeUndefined();
    expect(index.resourceName(3, 999)).toBeUndefined();
    expect(index.resourceKind(999, 0)).toBeUndefined();
  });

  it('gives the lowest id for an object name two objects share, and keeps their resources apart', () => {
    const both = SdfNameIndex.fromMappings([
      mappingOf({ '#/sdfObject/Location/sdfProperty/Latitude': { 'oma:id': 0 }, '#/sdfObject/Location': { 'oma:id': 6 } }),
      mappingOf({ '#/sdfObject/Location': { 'oma:id': 3336 }, '#/sdfObject/Location/sdfProperty/Numeric_Latitude': { 'oma:id': 6051 } }),
    ]);
    expect(both.objectId('Location')).toBe(6);
    expect(both.resourceName(6, 0)).toBe('Latitude');
    expect(both.resourceName(3336, 6051)).toBe('Numeric_Latitude');
    expect(both.resourceName(3336, 0)).toBeUndefined();
  });

  it('needs the kind to tell apart a property and an action of the same name', () => {
    const twin = SdfNameIndex.fromMappings([
      mappingOf({ '#/sdfObject/O': { 'oma:id': 1 }, '#/sdfObject/O/sdfProperty/Go': { 'oma:id': 1 }, '#/sdfObject/O/sdfAction/Go': { 'oma:id': 2 } }),
    ]);
    expect(twin.resourceId('O', 'Go')).toBeUndefined();
    expect(twin.resourceId('O', 'Go', 'action')).toBe(2);
  });

  it('reads keys that name the mapping namespace and ignores entries that are not object ids', () => {
    const prefixed = SdfNameIndex.fromMappings([
      mappingOf({ 'oma:#/sdfObject/Device': { 'oma:id': 3 }, '#/sdfObject/Device/sdfEvent/Boom': { 'oma:id': 1 }, '#/sdfObject/Device/constructor/x': { 'oma:id': 2 }, '#/sdfData/x': { 'oma:id': 4 }, '#/sdfObject/Device/sdfProperty/Label_only': { label: 'x' } }, { oma: 'urn:oma:lwm2m' }),
    ]);
    expect(prefixed.objectId('Device')).toBe(3);
    expect(prefixed.resourceName(3, 1)).toBeUndefined();
    expect(prefixed.resourceName(3, 2)).toBeUndefined();
    expect(prefixed.objectIds()).toEqual([3]);
  });

  it('refuses bad ids, undeclared namespaces, orphan resources and mappings that contradict each other', () => {
    expectInvalidInput(() => SdfNameIndex.fromMappings([mappingOf({ '#/sdfObject/D': { 'oma:id': '3' } })]), /not an id from 0 to 65535/);
    expectInvalidInput(() => SdfNameIndex.fromMappings([mappingOf({ '#/sdfObject/D': { 'oma:id': 70000 } })]), /not an id/);
    expectInvalidInput(() => SdfNameIndex.fromMappings([mappingOf({ 'x:#/sdfObject/D': { 'oma:id': 3 } })]), /does not declare/);
    expectInvalidInput(() => SdfNameIndex.fromMappings([mappingOf({ '#/sdfObject/D/sdfProperty/P': { 'oma:id': 3 } })]), /object 'D' has none/);
    expectInvalidInput(
      () => SdfNameIndex.fromMappings([mappingOf({ '#/sdfObject/D': { 'oma:id': 3 } }), mappingOf({ '#/sdfObject/E': { 'oma:id': 3 } })]),
      /object 3 is named both 'D' and 'E'/,
    );
    expectInvalidInput(
      () => SdfNameIndex.fromMappings([mappingOf({ '#/sdfObject/D': { 'oma:id': 3 }, '#/sdfObject/D/sdfProperty/P': { 'oma:id': 1 }, '#/sdfObject/D/sdfProperty/Q': { 'oma:id': 1 } })]),
      /resource 3\/1 is both/,
    );
    expectInvalidInput(
      () => SdfNameIndex.fromMappings([mappingOf({ '#/sdfObject/D': { 'oma:id': 3 }, '#/sdfObject/D/sdfProperty/P': { 'oma:id': 1 } }), mappingOf({ '#/sdfObject/D': { 'oma:id': 3 }, '#/sdfObject/D/sdfProperty/P': { 'oma:id': 2 } })]),
      /property 'P' of object 3 is both resource 1 and 2/,
    );
  });
});
