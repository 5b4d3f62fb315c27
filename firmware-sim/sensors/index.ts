/**
 * The simulated physical world of an embServe node: IPSO sensors on the object tree
 * moved on the device's ticks, the SensorSource workloads read, and the device
 * capabilities (DevCapMgmt, object 15) that become node labels.
 */
export { createSensorBank, type SensorBank, type SensorBankOptions, type SensorHandle } from './sensor-bank.js';
export { addDeviceCapabilities, DEVCAP_OBJECT_ID, DEVCAP_RESOURCE, DEVCAP_GROUP, type DeviceCapability, type DeviceCapabilitiesOptions } from './device-capabilities.js';
export { IPSO_OBJECT, IPSO_RESOURCE, IPSO_OBJECT_OF } from './ipso.js';
export { SIGNAL_MODELS, WALK_STEP_MS, type SignalModel } from './signal-models.js';
