import { describe, expect, it } from 'vitest';
import { CUSTOM_OBJECTS } from './custom-objects.js';
import { defaultRegistry } from './default-registry.js';

const registry = defaultRegistry();

describe('farside custom objects', () => {
  it('are both in the default registry as optional multiple-instance objects for LwM2M 1.1', () => {
    for (const id of [35001, 35003]) {
      expect(registry.object(id)).toMatchObject({
        urn: `urn:oma:lwm2m:x:${id}`,
        version: '1.0',
        lwm2mVersion: '1.1',
        multiple: true,
        mandatory: false,
      });
    }
    expect(CUSTOM_OBJECTS.map((o) => o.id)).toEqual([35001, 35003]);
  });

  it('define Data_Route (35001) with mandatory writable origin and destination URIs', () => {
    expect(registry.objectByName('Data_Route')?.id).toBe(35001);
    expect(registry.resource(35001, 27200)).toEqual({
      id: 27200,
      name: 'Origin_URI',
      operations: 'RW',
      multiple: false,
      mandatory: true,
      type: 'string',
    });
    expect(registry.resource(35001, 27201)).toMatchObject({ name: 'Destination_URI', operations: 'RW', mandatory: true, type: 'string' });
    expect(registry.object(35001)?.resources.size).toBe(2);
  });

  it('define Software_Package_Monitoring (35003) with FITA spelling and units', () => {
    expect(registry.objectByName('Software_Package_Monitoring')?.id).toBe(35003);
    expect(registry.resource(35003, 27400)).toMatchObject({ name: 'Sofware_Package', type: 'objlnk', operations: 'R' });
    expect(registry.resource(35003, 27401)).toMatchObject({ name: 'CPU_Usage', type: 'float', units: '%', range: '0..100' });
    expect(registry.resource(35003, 27402)).toMatchObject({ name: 'Memory_Usage', type: 'integer', units: 'B' });
    expect(registry.resource(35003, 27403)).toMatchObject({ name: 'Uptime', type: 'integer', units: 'ms' });
    expect(registry.resource(35003, 27404)).toMatchObject({ name: 'Error', type: 'string', operations: 'R' });
    expect([...(registry.object(35003)?.resources.keys() ?? [])]).toEqual([27400, 27401, 27402, 27403, 27404]);
  });
});
