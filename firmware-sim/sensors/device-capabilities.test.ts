import { describe, expect, it } from 'vitest';
import { defaultRegistry, singleResource } from '../../lwm2m/index.js';
import { CORTEX_M3_QEMU_PROFILE, NRF52840_PROFILE, type DeviceProfile } from '../objects/device-profile.js';
import { ObjectTree } from '../objects/object-tree.js';
import { seededRandom } from '../../lwm2m/index.js';
import { addDeviceCapabilities } from './device-capabilities.js';
import { createSensorBank } from './sensor-bank.js';

const models = defaultRegistry();

function device(profile: DeviceProfile = NRF52840_PROFILE) {
  const tree = new ObjectTree({ models });
  const sensors = createSensorBank({ tree, sensors: profile.sensors, random: seededRandom(5) });
  const capabilities = addDeviceCapabilities({ tree, sensors, profile });
  return { tree, sensors, capabilities };
}

const properties = (tree: ObjectTree, count: number) => Array.from({ length: count }, (_, i) => tree.getValue([15, i, 0]));

describe('addDeviceCapabilities', () => {
  it("lists the profile's sensors by kind, then the radio by bearer, then TinyML when the board runs models", () => {
    const { tree, capabilities } = device();
    expect(properties(tree, 5)).toEqual(['temperature', 'humidity', 'accelerometer', 'ieee802154', 'tinyml']);
    expect(capabilities.map((c) => c.capability)).toEqual(['temperature', 'humidity', 'accelerometer', 'ieee802154', 'tinyml']);
    expect([0, 1, 2, 3].map((i) => tree.getValue([15, i, 1]))).toEqual([0, 0, 0, 2]);
    expect(tree.getValue([15, 0, 2])).toBe('temperature sensor, IPSO /3303/0');
    expect(tree.getValue([15, 3, 2])).toBe('IEEE 802.15.4 / BLE 5');
    expect([0, 1, 2, 3].map((i) => [tree.getValue([15, i, 3]), tree.getValue([15, i, 4])])).toEqual(Array(4).fill([true, true]));
  });

  it('describes another board with its own sensors and an Ethernet link', () => {
    const { tree } = device(CORTEX_M3_QEMU_PROFILE);
    expect(properties(tree, 3)).toEqual(['temperature', 'generic', 'ethernet']);
    expect(tree.getValue([15, 1, 1])).toBe(7);
  });

  it('freezes a sensor on opDisable and lets it move again on opEnable', () => {
    const { tree, sensors } = device();
    const observed: unknown[] = [];
    tree.observe([15, 1, 4], (node) => observed.push(node));
    expect(tree.execute([15, 1, 6]).code).toBe('2.04');
    expect(tree.getValue([15, 1, 4])).toBe(false);
    expect(observed).toHaveLength(1);
    const frozen = tree.getValue([3304, 0, 5700]);
    const temperature = tree.getValue([3303, 0, 5700]);
    for (let i = 0; i < 30; i++) sensors.tick(5000);
    expect(tree.getValue([3304, 0, 5700])).toBe(frozen);
    expect(tree.getValue([3303, 0, 5700])).not.toBe(temperature);
    expect(tree.execute([15, 1, 5]).code).toBe('2.04');
    expect(tree.getValue([15, 1, 4])).toBe(true);
    for (let i = 0; i < 30; i++) sensors.tick(5000);
    expect(tree.getValue([3304, 0, 5700])).not.toBe(frozen);
  });

  it('refuses to disable the radio, which would cut the device off its server', () => {
    const { tree } = device();
    expect(tree.execute([15, 3, 6]).code).toBe('4.05');
    expect(tree.getValue([15, 3, 4])).toBe(true);
    expect(tree.execute([15, 3, 5]).code).toBe('2.04');
  });

  it('lets a server read capabilities but not change or execute them', () => {
    const { tree } = device();
    expect(tree.execute([15, 0, 0]).code).toBe('4.05');
    expect(tree.read([15, 0, 4]).code).toBe('2.05');
    expect(tree.write([15, 0, 4], singleResource(4, 'boolean', false), 'replace').code).toBe('4.05');
  });
});
