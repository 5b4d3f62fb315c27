import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pointerTokens } from '../convert/pointer.js';
import type { SdfMapping } from '../convert/sdf-mapping.js';
import type { SdfModel, SdfObjectDefinition, SdfPropertyDefinition } from '../convert/sdf-model.js';
import { validateSdfModel } from '../validate/validate-sdf.js';
import { EMBSERVE_NODE } from './catalog.js';

const MODELS = new URL('./', import.meta.url);
const read = <T>(name: string): T => JSON.parse(readFileSync(new URL(name, MODELS), 'utf8')) as T;
const modelFiles = readdirSync(MODELS).filter((name) => name.endsWith('.sdf.json'));

/** The one sdfObject a shipped object model defines. */
function objectIn(file: string, name: string): SdfObjectDefinition {
  const object = read<SdfModel>(file).sdfObject?.[name];
  if (!object) throw new Error(`${file} has no sdfObject ${name}`);
  return object;
}

const property = (object: SdfObjectDefinition, name: string): SdfPropertyDefinition | undefined => object.sdfProperty?.[name];

describe('the shipped SDF models', () => {
  it('all validate against the strict RFC 9880 schema, their LwM2M ids kept in the mapping files', () => {
    expect(modelFiles.length).toBeGreaterThan(50);
    for (const file of modelFiles) expect(validateSdfModel(read(file), 'strict'), file).toEqual({ ok: true });
  });

  it('each come with a mapping whose pointers all name something the model defines', () => {
    for (const file of modelFiles.filter((name) => name !== 'embServe_Node.sdf.json')) {
      const model = read<SdfModel>(file);
      const mapping = read<SdfMapping>(file.replace('.sdf.json', '.mapping.json'));
      for (const pointer of Object.keys(mapping.map)) {
        const target = pointerTokens(pointer).reduce<unknown>((node, token) => (node as Record<string, unknown> | undefined)?.[token], model);
        expect(target, `${file} ${pointer}`).toBeTypeOf('object');
      }
    }
  });

  it('describe Device as DESIGN.md uses it', () => {
    const device = objectIn('Device.sdf.json', 'Device');
    expect(property(device, 'Manufacturer')).toMatchObject({ type: 'string', readable: true, writable: false, observable: true });
    expect(device.sdfAction?.['Reboot']).toBeDefined();
    expect(property(device, 'Reboot')).toBeUndefined();
    expect(property(device, 'Available_Power_Sources')).toMatchObject({ type: 'array', items: { type: 'integer', minimum: 0, maximum: 7 } });
    expect(property(device, 'Battery_Level')).toMatchObject({ type: 'integer', minimum: 0, maximum: 100, unit: '/100' });
    expect(property(device, 'Current_Time')).toMatchObject({ type: 'integer', sdfType: 'unix-time', writable: true });
    expect(device.sdfRequired).toEqual([
      '#/sdfObject/Device/sdfAction/Reboot',
      '#/sdfObject/Device/sdfProperty/Error_Code',
      '#/sdfObject/Device/sdfProperty/Supported_Binding_and_Modes',
    ]);
    expect([device.minItems, device.maxItems]).toEqual([1, 1]);
    expect(read<SdfMapping>('Device.mapping.json').map['#/sdfObject/Device/sdfProperty/Memory_Total']).toEqual({ 'oma:id': 21, 'oma:type': 'Integer' });
  });

  it('describe LWM2M_Software_Management with a write-only byte-string Package and its actions', () => {
    const management = objectIn('LWM2M_Software_Management.sdf.json', 'LWM2M_Software_Management');
    expect(property(management, 'Package')).toEqual({ type: 'string', sdfType: 'byte-string', readable: false, writable: true, observable: false });
    expect(Object.keys(management.sdfAction ?? {})).toEqual(['Install', 'Uninstall', 'Activate', 'Deactivate']);
    expect(property(management, 'Update_State')).toMatchObject({ type: 'integer', minimum: 0, maximum: 4 });
    const ids = read<SdfMapping>('LWM2M_Software_Management.mapping.json').map;
    expect(ids['#/sdfObject/LWM2M_Software_Management/sdfProperty/Package']).toMatchObject({ 'oma:id': 2 });
    expect(ids['#/sdfObject/LWM2M_Software_Management/sdfAction/Activate']).toEqual({ 'oma:id': 10 });
  });

  it('describe Temperature with an observable number Sensor_Value', () => {
    const temperature = objectIn('Temperature.sdf.json', 'Temperature');
    expect(property(temperature, 'Sensor_Value')).toEqual({ label: 'Sensor Value', type: 'number', readable: true, writable: false, observable: true });
    expect(temperature.sdfRequired).toEqual(['#/sdfObject/Temperature/sdfProperty/Sensor_Value']);
  });

  it('describe BinaryAppDataContainer Data as an array of byte strings', () => {
    const container = objectIn('BinaryAppDataContainer.sdf.json', 'BinaryAppDataContainer');
    expect(property(container, 'Data')).toMatchObject({ type: 'array', items: { sdfRef: '#/sdfObject/BinaryAppDataContainer/sdfData/Data', type: 'string' } });
    expect(container.sdfData?.['Data']).toEqual({ type: 'string', sdfType: 'byte-string' });
  });

  it('include the custom objects with DESIGN.md names, FITA spelling and resource ids', () => {
    const route = objectIn('Data_Route.sdf.json', 'Data_Route');
    expect(Object.keys(route.sdfProperty ?? {})).toEqual(['Origin_URI', 'Destination_URI']);
    const monitoring = objectIn('Software_Package_Monitoring.sdf.json', 'Software_Package_Monitoring');
    expect(Object.keys(monitoring.sdfProperty ?? {})).toEqual(['Sofware_Package', 'CPU_Usage', 'Memory_Usage', 'Uptime', 'Error']);
    expect(property(monitoring, 'CPU_Usage')).toMatchObject({ type: 'number', minimum: 0, maximum: 100, unit: '/100' });
    const ids = read<SdfMapping>('Software_Package_Monitoring.mapping.json').map;
    expect(ids['#/sdfObject/Software_Package_Monitoring']).toMatchObject({ 'oma:id': 35003 });
    expect(ids['#/sdfObject/Software_Package_Monitoring/sdfProperty/Sofware_Package']).toEqual({ 'oma:id': 27400, 'oma:type': 'Objlnk' });
    expect(read<SdfMapping>('Data_Route.mapping.json').map['#/sdfObject/Data_Route/sdfProperty/Destination_URI']).toMatchObject({ 'oma:id': 27201 });
  });

  it('compose embServe_Node of shipped object models that its references resolve to', () => {
    const thing = read<SdfModel>('embServe_Node.sdf.json').sdfThing?.[EMBSERVE_NODE.thingName];
    const objects = Object.entries(thing?.sdfObject ?? {});
    expect(objects.map(([name]) => name)).toEqual([
      'LwM2M_Server', 'Device', 'Connectivity_Monitoring', 'LWM2M_Software_Management', 'DevCapMgmt',
      'BinaryAppDataContainer', 'Data_Route', 'Software_Package_Monitoring', 'Temperature',
    ]);
    for (const [name, { sdfRef }] of objects) {
      expect(sdfRef).toBe(`oma:#/sdfObject/${name}`);
      const target = read<SdfModel>(`${name}.sdf.json`);
      expect(target.namespace?.['oma']).toBe('urn:oma:lwm2m');
      expect(target.defaultNamespace).toBe('oma');
      expect(target.sdfObject?.[name], name).toBeDefined();
    }
    expect(thing?.sdfRequired).toEqual(['#/sdfThing/embServe_Node/sdfObject/LwM2M_Server', '#/sdfThing/embServe_Node/sdfObject/Device']);
  });
});
