/**
 * Resource ids of the standard objects the simulator fills in (LwM2M 1.1 Core Appendix E
 * and the OMA registry entries for objects 0, 1, 3 and 4).
 */
import type { ResourcePath } from '../../lwm2m/path.js';

export const SECURITY_RESOURCE = {
  SERVER_URI: 0,
  BOOTSTRAP_SERVER: 1,
  SECURITY_MODE: 2,
  PUBLIC_KEY_OR_IDENTITY: 3,
  SERVER_PUBLIC_KEY: 4,
  SECRET_KEY: 5,
  SHORT_SERVER_ID: 10,
} as const;

/** Security Mode values (Core §E.1): 3 is NoSec. */
export const SECURITY_MODE = { PSK: 0, RPK: 1, CERTIFICATE: 2, NO_SEC: 3, EST: 4 } as const;

export const SERVER_RESOURCE = {
  SHORT_SERVER_ID: 0,
  LIFETIME: 1,
  DEFAULT_MIN_PERIOD: 2,
  DEFAULT_MAX_PERIOD: 3,
  NOTIFICATION_STORING: 6,
  BINDING: 7,
  REGISTRATION_UPDATE_TRIGGER: 8,
} as const;

export const DEVICE_RESOURCE = {
  MANUFACTURER: 0,
  MODEL_NUMBER: 1,
  SERIAL_NUMBER: 2,
  FIRMWARE_VERSION: 3,
  REBOOT: 4,
  FACTORY_RESET: 5,
  AVAILABLE_POWER_SOURCES: 6,
  POWER_SOURCE_VOLTAGE: 7,
  POWER_SOURCE_CURRENT: 8,
  BATTERY_LEVEL: 9,
  MEMORY_FREE: 10,
  ERROR_CODE: 11,
  CURRENT_TIME: 13,
  UTC_OFFSET: 14,
  TIMEZONE: 15,
  SUPPORTED_BINDING_AND_MODES: 16,
  DEVICE_TYPE: 17,
  HARDWARE_VERSION: 18,
  SOFTWARE_VERSION: 19,
  BATTERY_STATUS: 20,
  MEMORY_TOTAL: 21,
} as const;

/** Available Power Sources values (object 3, resource 6). */
export const POWER_SOURCE = { DC: 0, INTERNAL_BATTERY: 1, EXTERNAL_BATTERY: 2, USB: 5 } as const;

/** Battery Status values (object 3, resource 20). */
export const BATTERY_STATUS = { NORMAL: 0, CHARGING: 1, CHARGE_COMPLETE: 2, DAMAGED: 3, LOW: 4 } as const;

export const CONNECTIVITY_RESOURCE = {
  NETWORK_BEARER: 0,
  AVAILABLE_NETWORK_BEARER: 1,
  RADIO_SIGNAL_STRENGTH: 2,
  LINK_QUALITY: 3,
  IP_ADDRESSES: 4,
  ROUTER_IP_ADDRESSES: 5,
} as const;

/** Executable resources whose handlers the client installs with `tree.onExecute`. */
export const REBOOT_PATH: ResourcePath = [3, 0, DEVICE_RESOURCE.REBOOT];
export const FACTORY_RESET_PATH: ResourcePath = [3, 0, DEVICE_RESOURCE.FACTORY_RESET];
export const REGISTRATION_UPDATE_TRIGGER_PATH: ResourcePath = [1, 0, SERVER_RESOURCE.REGISTRATION_UPDATE_TRIGGER];
