/**
 * The transport-free object tree of a simulated LwM2M 1.1 client and the standard
 * objects of an embServe node.
 */
export { ObjectTree, type ObjectTreeOptions, type CodeResult, type CreateResult, type ObserveResult } from './object-tree.js';
export type { ReadResult } from './read-node.js';
export type { DiscoverResult } from './discover-links.js';
export type { WriteMode } from './write-plan.js';
export type { NewInstance, InstanceDefaults } from './create-plan.js';
export type { ExecuteHandler, ExecuteRequest } from './execute.js';
export type { WriteHook, CreateHook, DeleteHook } from './server-hooks.js';
export { parseExecuteArguments, type ExecuteArguments } from './execute-arguments.js';
export type { ObserveListener, ObservationEndListener } from './observation.js';
export type { ObjectTreeEvents } from './tree-events.js';
export type { ValueBinding } from './instance-store.js';
export type { NotificationAttributes, AttributePatch, AttributeName } from './attributes.js';
export { SYSTEM_CLOCK, type Clock, type TimerHandle } from './clock.js';
export { OBJECT_ID } from './access.js';
export { instanceFromValues, indexed, type ValueOrInstances } from './instance-values.js';
export { createStandardObjects, type StandardObjects, type StandardObjectsOptions, type TickListener } from './standard-objects.js';
export { TX_POWER_LEVELS, TxPowerSetting, type RadioControl } from './radio.js';
export { NRF52840_PROFILE, CORTEX_M3_QEMU_PROFILE, DEVICE_PROFILES, bootMemoryFreeKB, type DeviceProfile, type SensorKind, type TxPowerLevel, type TxPowerLevels } from './device-profile.js';
export {
  SECURITY_RESOURCE,
  SECURITY_MODE,
  SERVER_RESOURCE,
  DEVICE_RESOURCE,
  CONNECTIVITY_RESOURCE,
  POWER_SOURCE,
  BATTERY_STATUS,
  REBOOT_PATH,
  FACTORY_RESET_PATH,
  REGISTRATION_UPDATE_TRIGGER_PATH,
} from './standard-resources.js';
export { seededRandom, seedFromName } from '../../lwm2m/index.js';
