import { describe, expect, it } from 'vitest';
import type { ObjectModel } from '../model.js';
import { objectFromRow, rowFromObject } from './compact-rows.js';
import { CUSTOM_OBJECTS } from './custom-objects.js';

describe('compact rows', () => {
  it('round-trip every field of an object model, including range-less units', () => {
    const original: ObjectModel = {
      id: 42,
      name: 'Test Object',
      urn: 'urn:oma:lwm2m:oma:42:1.1',
      version: '1.1',
      lwm2mVersion: '1.2',
      multiple: false,
      mandatory: true,
      resources: new Map([
        [0, { id: 0, name: 'Plain', operations: 'R', multiple: false, mandatory: false, type: 'time' }],
        [1, { id: 1, name: 'Ranged', operations: 'RW', multiple: true, mandatory: true, type: 'unsigned', range: '0..9' }],
        [2, { id: 2, name: 'Units only', operations: '', multiple: false, mandatory: false, type: 'corelnk', units: 's' }],
        [3, { id: 3, name: 'Both', operations: 'E', multiple: true, mandatory: false, type: 'none', range: '1..2', units: 'm' }],
      ]),
    };
    expect(objectFromRow(rowFromObject(original))).toEqual(original);
  });

  it('round-trip the custom objects', () => {
    for (const model of CUSTOM_OBJECTS) expect(objectFromRow(rowFromObject(model))).toEqual(model);
  });

  it('omit trailing empty range and units from resource rows', () => {
    const row = rowFromObject(CUSTOM_OBJECTS[0]!)[6][0];
    expect(row).toEqual([27200, 'Origin_URI', 'RW', 2, 's']);
  });
});
