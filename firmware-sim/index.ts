export { SimulatedDevice, DEFAULT_DEVICE_FORMATS } from './simulated-device.js';
export type { SimulatedDeviceOptions } from './simulated-device.js';
export { Fleet } from './fleet.js';
export type { FleetOptions } from './fleet.js';
export type { RegistrationState } from './client/registration-client.js';
export * from './objects/index.js';
export * from './shell/index.js';
export * from './sensors/index.js';
