/**
 * Initial values of the standard instances (Security, Server, Device, Connectivity
 * Monitoring), as maps from resource id to value.
 */
import type { ValueOrInstances } from './instance-values.js';
import { indexed } from './instance-values.js';
import { bootMemoryFreeKB, type DeviceProfile } from './device-profile.js';
import { ipv6FromEndpoint, serialNumberFromEndpoint } from './device-identity.js';
import {
  BATTERY_STATUS,
  CONNECTIVITY_RESOURCE as C,
  DEVICE_RESOURCE as D,
  POWER_SOURCE,
  SECURITY_MODE,
  SECURITY_RESOURCE as SEC,
  SERVER_RESOURCE as SRV,
} from './standard-resources.js';

/** The one DM server's Short Server ID, shared by its Security and Server instances. */
export const SHORT_SERVER_ID = 1;

/** The simulated quantities that change at run time. */
export interface SensorState {
  readonly batteryLevelPercent: number;
  /** The radio link's signal strength at 0 dBm TX power, dBm; the TX power setting adds to it. */
  readonly linkDbm: number;
}

type Values = ReadonlyMap<number, ValueOrInstances>;

export function securityValues(serverUri: string): Values {
  return new Map<number, ValueOrInstances>([
    [SEC.SERVER_URI, serverUri],
    [SEC.BOOTSTRAP_SERVER, false],
    [SEC.SECURITY_MODE, SECURITY_MODE.NO_SEC],
    [SEC.PUBLIC_KEY_OR_IDENTITY, new Uint8Array()],
    [SEC.SERVER_PUBLIC_KEY, new Uint8Array()],
    [SEC.SECRET_KEY, new Uint8Array()],
    [SEC.SHORT_SERVER_ID, SHORT_SERVER_ID],
  ]);
}

export function serverValues(lifetimeS: number): Values {
  return new Map<number, ValueOrInstances>([
    [SRV.SHORT_SERVER_ID, SHORT_SERVER_ID],
    [SRV.LIFETIME, lifetimeS],
    [SRV.NOTIFICATION_STORING, true],
    [SRV.BINDING, 'U'],
  ]);
}

/** A Li-ion cell between 3.3 V (empty) and 4.2 V (full), mV. */
export function batteryMillivolts(levelPercent: number): number {
  return Math.round(3300 + 9 * levelPercent);
}

/** The dynamic part of Device; Battery Level is a whole percentage. */
export function deviceSensorValues(state: SensorState): Values {
  return new Map<number, ValueOrInstances>([
    [D.BATTERY_LEVEL, Math.round(state.batteryLevelPercent)],
    [D.POWER_SOURCE_VOLTAGE, indexed([batteryMillivolts(state.batteryLevelPercent), 5000])],
  ]);
}

export function deviceValues(profile: DeviceProfile, endpoint: string, state: SensorState): Values {
  return new Map<number, ValueOrInstances>([
    [D.MANUFACTURER, profile.manufacturer],
    [D.MODEL_NUMBER, profile.modelNumber],
    [D.SERIAL_NUMBER, serialNumberFromEndpoint(endpoint)],
    [D.FIRMWARE_VERSION, profile.firmwareVersion],
    // Resource instance ids pair a source with its voltage and current (object 3, resource 6).
    [D.AVAILABLE_POWER_SOURCES, indexed([POWER_SOURCE.INTERNAL_BATTERY, POWER_SOURCE.USB])],
    [D.POWER_SOURCE_CURRENT, indexed([12, 0])],
    [D.ERROR_CODE, indexed([0])],
    [D.UTC_OFFSET, profile.utcOffset],
    [D.TIMEZONE, profile.timezone],
    [D.SUPPORTED_BINDING_AND_MODES, 'UQ'],
    [D.DEVICE_TYPE, profile.deviceType],
    [D.HARDWARE_VERSION, profile.hardwareVersion],
    [D.SOFTWARE_VERSION, profile.softwareVersion],
    [D.BATTERY_STATUS, BATTERY_STATUS.NORMAL],
    [D.MEMORY_TOTAL, profile.memoryTotalKB],
    // The memory budget keeps this true once workloads run; at boot only the firmware uses RAM.
    [D.MEMORY_FREE, bootMemoryFreeKB(profile)],
    ...deviceSensorValues(state),
  ]);
}

/** IEEE 802.15.4 LQI (0..255) as radios report it, roughly linear from -100 dBm to -30 dBm. */
export function linkQualityFromRssi(rssiDbm: number): number {
  return Math.max(0, Math.min(255, Math.round(((rssiDbm + 100) * 255) / 70)));
}

export function connectivitySensorValues(rssiDbm: number): Values {
  const rssi = Math.round(rssiDbm);
  return new Map<number, ValueOrInstances>([
    [C.RADIO_SIGNAL_STRENGTH, rssi],
    [C.LINK_QUALITY, linkQualityFromRssi(rssi)],
  ]);
}

export function connectivityValues(profile: DeviceProfile, endpoint: string, rssiDbm: number): Values {
  return new Map<number, ValueOrInstances>([
    [C.NETWORK_BEARER, profile.networkBearer],
    [C.AVAILABLE_NETWORK_BEARER, indexed(profile.availableNetworkBearers)],
    [C.IP_ADDRESSES, indexed([profile.ipAddress ?? ipv6FromEndpoint(endpoint)])],
    [C.ROUTER_IP_ADDRESSES, indexed([profile.routerIpAddress])],
    ...connectivitySensorValues(rssiDbm),
  ]);
}
