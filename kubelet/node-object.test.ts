import { describe, expect, it } from 'vitest';
import { FarsideError } from '../errors/index.js';
import type { SdfObjects } from '../sdf-models/index.js';
import { capabilitiesFromThing, nodeConditions, nodeFromThing } from './node-object.js';

const cap = (label: string, property: string, enabled = 'true') => ({ label, sdfProperty: { Property: property, Attached: 'true', Enabled: enabled } });

/** As the gateway announces an nRF52840 simulator (compat values). */
const announced: SdfObjects = {
  Device: [{ label: '0', sdfProperty: { Manufacturer: 'farside', Model_Number: 'nRF52840-sim', Serial_Number: 'SN-1', Firmware_Version: '0.1.0', Software_Version: 'embServe 1.0', Memory_Total: '256' } }],
  Connectivity_Monitoring: [{ label: '0', sdfProperty: { IP_Addresses: { '0': 'fd00::1:2' } } }],
  DevCapMgmt: [cap('0', 'temperature'), cap('1', 'humidity'), cap('2', 'ieee802154'), cap('3', 'tinyml')],
};

describe('nodeFromThing', () => {
  it('builds a FITA-compatible virtual-kubelet node from an announced description', () => {
    const node = nodeFromThing('dev-1', announced, { prefix: 'farside', kubeletVersion: 'v1.31.0' });
    expect(node.metadata?.name).toBe('farside-dev-1');
    expect(node.metadata?.labels).toMatchObject({
      type: 'virtual-kubelet',
      'kubernetes.io/role': 'agent',
      'kubernetes.io/os': 'zephyr',
      'kubernetes.io/arch': 'arm',
      'extra.resources.fhp/embserve': 'true',
      'extra.resources.fhp/temperature': 'true',
      'extra.resources.fhp/humidity': 'true',
      'extra.resources.fhp/ieee802154': 'true',
      'extra.resources.fhp/tinyml': 'true',
    });
    expect(node.spec?.taints).toEqual([{ key: 'fita.fhp.pt/type', value: 'far-edge', effect: 'NoSchedule' }]);
    expect(node.metadata?.annotations).toMatchObject({ 'embserve.fhp.pt/thing': 'dev-1', 'embserve.fhp.pt/model': 'nRF52840-sim', 'embserve.fhp.pt/firmware': '0.1.0' });
    expect(node.status?.capacity).toEqual({ cpu: '1', pods: '8', memory: '256Ki' });
    expect(node.status?.allocatable).toEqual(node.status?.capacity);
    expect(node.status?.nodeInfo).toMatchObject({ operatingSystem: 'zephyr', architecture: 'arm', kubeletVersion: 'v1.31.0', machineID: 'SN-1' });
    expect(node.status?.addresses).toEqual([{ type: 'InternalIP', address: 'fd00::1:2' }, { type: 'Hostname', address: 'farside-dev-1' }]);
  });

  it('reads typed values as well as compat strings', () => {
    const typed: SdfObjects = { Device: [{ label: '0', sdfProperty: { Memory_Total: 64, Firmware_Version: '2' } }], DevCapMgmt: [{ label: '0', sdfProperty: { Property: 'ethernet', Enabled: true } }] };
    const node = nodeFromThing('m3', typed, { prefix: 'p', maxPods: 4 });
    expect(node.status?.capacity).toEqual({ cpu: '1', pods: '4', memory: '64Ki' });
    expect(node.metadata?.labels?.['extra.resources.fhp/ethernet']).toBe('true');
    expect(node.metadata?.labels?.['extra.resources.fhp/tinyml']).toBeUndefined();
  });

  it('still gives a valid node without a Device object, with default capacity only', () => {
    const node = nodeFromThing('bare', {}, { prefix: 'farside' });
    expect(node.metadata?.name).toBe('farside-bare');
    expect(node.status?.capacity).toEqual({ cpu: '1', pods: '8' });
    expect(node.metadata?.labels?.['extra.resources.fhp/embserve']).toBe('true');
    expect(node.status?.addresses).toEqual([{ type: 'Hostname', address: 'farside-bare' }]);
  });

  it('ignores values it cannot read instead of failing the node', () => {
    const odd: SdfObjects = {
      Device: [{ label: '0', sdfProperty: { Memory_Total: '-5 KB', Model_Number: { '0': 'x' } } }],
      Connectivity_Monitoring: [{ label: '0', sdfProperty: { IP_Addresses: 'not an address!' } }],
      DevCapMgmt: [{ label: '0', sdfProperty: { Property: 'bad/label name' } }, { label: '1', sdfProperty: {} }],
    };
    const node = nodeFromThing('odd', odd, { prefix: 'p' });
    expect(node.status?.capacity).toEqual({ cpu: '1', pods: '8' });
    expect(Object.keys(node.metadata?.labels ?? {}).filter((k) => k.startsWith('extra.'))).toEqual(['extra.resources.fhp/embserve']);
    expect(node.metadata?.annotations).toEqual({ 'embserve.fhp.pt/thing': 'odd' });
  });

  it('leaves out disabled capabilities and honours an explicit tinyml choice', () => {
    expect(capabilitiesFromThing({ DevCapMgmt: [cap('0', 'temperature', 'false'), cap('1', 'humidity')] })).toEqual(['humidity']);
    const node = nodeFromThing('dev-1', announced, { prefix: 'p', tinyml: false });
    expect(node.metadata?.labels?.['extra.resources.fhp/tinyml']).toBeUndefined();
  });

  it('refuses an invalid thing name with FarsideError', () => {
    expect(() => nodeFromThing('a/b', announced, { prefix: 'p' })).toThrow(FarsideError);
  });
});

describe('nodeConditions', () => {
  const since = new Date('2025-01-01T00:00:00Z');
  const ready = (registered: boolean, answering: boolean) => nodeConditions({ registered, answering, since }).find((c) => c.type === 'Ready');

  it('is Ready while the device is registered and answering', () => {
    expect(ready(true, true)).toMatchObject({ status: 'True', reason: 'DeviceReady', lastTransitionTime: since });
  });

  it('is not Ready once the registration expired', () => {
    expect(ready(false, true)).toMatchObject({ status: 'False', reason: 'DeviceNotRegistered' });
    expect(ready(false, false)?.status).toBe('False');
  });

  it('is Unknown while a registered device stops answering', () => {
    expect(ready(true, false)).toMatchObject({ status: 'Unknown', reason: 'DeviceNotAnswering' });
  });

  it('reports no memory, disk or PID pressure', () => {
    const others = nodeConditions({ registered: true, answering: true, since }).filter((c) => c.type !== 'Ready');
    expect(others.map((c) => [c.type, c.status])).toEqual([['MemoryPressure', 'False'], ['DiskPressure', 'False'], ['PIDPressure', 'False']]);
  });
});
