/**
 * Device Capability Management (object 15): one instance per sensor and one for the radio,
 * so a server (and through it the kubelet) learns what the board can do. Property holds the
 * capability's name, which the kubelet turns into the node label
 * `extra.resources.fhp/<Property>=true`, as FITA does; the OMA text suggests numeric codes
 * from its vocabulary, which no scheduler could read. opDisable stops a sensor updating;
 * the radio refuses it, since disabling the only link would cut the server off.
 */
import { defaultRegistry, RESPONSE_CODE, type ModelLookup } from '../../lwm2m/index.js';
import type { DeviceProfile } from '../objects/device-profile.js';
import { instanceFromValues, type ValueOrInstances } from '../objects/instance-values.js';
import type { ObjectTree } from '../objects/object-tree.js';
import type { SensorBank } from './sensor-bank.js';

export const DEVCAP_OBJECT_ID = 15;

export const DEVCAP_RESOURCE = { PROPERTY: 0, GROUP: 1, DESCRIPTION: 2, ATTACHED: 3, ENABLED: 4, OP_ENABLE: 5, OP_DISABLE: 6 } as const;

/** Capability groups (object 15, resource 1). */
export const DEVCAP_GROUP = { SENSOR: 0, CONTROL: 1, CONNECTIVITY: 2, ANALOG_INPUT: 7 } as const;

/** Capability names of the network bearers (object 4, resource 0) farside's profiles use. */
const BEARER_CAPABILITY: ReadonlyMap<number, string> = new Map([
  [21, 'wlan'],
  [22, 'bluetooth'],
  [23, 'ieee802154'],
  [41, 'ethernet'],
]);

export interface DeviceCapability {
  readonly instanceId: number;
  /** The Property: a sensor kind (e.g. `temperature`) or the radio's bearer (e.g. `ieee802154`). */
  readonly capability: string;
  readonly group: number;
}

export interface DeviceCapabilitiesOptions {
  readonly tree: ObjectTree;
  readonly sensors: SensorBank;
  /** For the radio's instance: its bearer and name. */
  readonly profile: Pick<DeviceProfile, 'networkBearer' | 'radio' | 'tinyml'>;
  readonly models?: ModelLookup;
}

/** Adds the DevCapMgmt instances (sensors first, in profile order, then the radio, then TinyML when the board runs models) and their opEnable/opDisable. */
export function addDeviceCapabilities(options: DeviceCapabilitiesOptions): readonly DeviceCapability[] {
  const { tree, sensors, profile } = options;
  const models = options.models ?? defaultRegistry();
  const added: DeviceCapability[] = [];
  const add = (capability: string, group: number, description: string): number => {
    const instanceId = added.length;
    const values = new Map<number, ValueOrInstances>([
      [DEVCAP_RESOURCE.PROPERTY, capability],
      [DEVCAP_RESOURCE.GROUP, group],
      [DEVCAP_RESOURCE.DESCRIPTION, description],
      [DEVCAP_RESOURCE.ATTACHED, true],
      [DEVCAP_RESOURCE.ENABLED, true],
    ]);
    tree.addInstance(DEVCAP_OBJECT_ID, instanceFromValues(models, DEVCAP_OBJECT_ID, instanceId, values));
    added.push({ instanceId, capability, group });
    return instanceId;
  };

  for (const sensor of sensors.sensors) {
    const group = sensor.kind === 'generic' || sensor.kind === 'voltage' ? DEVCAP_GROUP.ANALOG_INPUT : DEVCAP_GROUP.SENSOR;
    const instanceId = add(sensor.kind, group, `${sensor.kind} sensor, IPSO /${sensor.objectId}/${sensor.instanceId}`);
    const turn = (enabled: boolean) => () => {
      sensors.setEnabled(sensor.objectId, sensor.instanceId, enabled);
      tree.setValue([DEVCAP_OBJECT_ID, instanceId, DEVCAP_RESOURCE.ENABLED], enabled);
    };
    tree.onExecute([DEVCAP_OBJECT_ID, instanceId, DEVCAP_RESOURCE.OP_ENABLE], turn(true));
    tree.onExecute([DEVCAP_OBJECT_ID, instanceId, DEVCAP_RESOURCE.OP_DISABLE], turn(false));
  }

  const radioId = add(BEARER_CAPABILITY.get(profile.networkBearer) ?? 'radio', DEVCAP_GROUP.CONNECTIVITY, profile.radio);
  tree.onExecute([DEVCAP_OBJECT_ID, radioId, DEVCAP_RESOURCE.OP_DISABLE], () => RESPONSE_CODE.METHOD_NOT_ALLOWED);
  // OMA has no group for a compute runtime; CONTROL is the nearest. The kubelet turns it into the tinyml node label.
  if (profile.tinyml) add('tinyml', DEVCAP_GROUP.CONTROL, 'TinyML runtime: int8/float32 TFLite models in the workload RAM');
  return added;
}
