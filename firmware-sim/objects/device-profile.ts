/**
 * What kind of board a simulated device pretends to be. The default is an nRF52840-class
 * embServe node: 256 KB RAM, IEEE 802.15.4 (Thread/6LoWPAN) radio, battery with USB.
 */

export interface DeviceProfile {
  readonly manufacturer: string;
  readonly modelNumber: string;
  readonly firmwareVersion: string;
  readonly hardwareVersion: string;
  readonly softwareVersion: string;
  readonly deviceType: string;
  /** RAM size, KB (Device /3/0/21). */
  readonly memoryTotalKB: number;
  /** Free RAM right after boot, KB (Device /3/0/10); it then wanders a little. */
  readonly memoryFreeKB: number;
  /** Battery charge at boot, % (Device /3/0/9). */
  readonly batteryLevelPercent: number;
  /** How fast the battery drains, percentage points per hour. */
  readonly batteryDrainPercentPerHour: number;
  /** Object 4 bearer enumeration: 23 is "IEEE 802.15.4 network", 22 Bluetooth. */
  readonly networkBearer: number;
  readonly availableNetworkBearers: readonly number[];
  /** Centre of the RSSI random walk, dBm. */
  readonly rssiCentreDbm: number;
  /** How far the RSSI may wander from its centre, dB. */
  readonly rssiSpanDb: number;
  /** Largest RSSI change per tick, dB. */
  readonly rssiStepDb: number;
  /** The device's address; derived from the endpoint name when absent. */
  readonly ipAddress?: string;
  readonly routerIpAddress: string;
  /** Device /3/0/14, ISO 8601 offset. */
  readonly utcOffset: string;
  /** Device /3/0/15, IANA zone name. */
  readonly timezone: string;
}

export const NRF52840_PROFILE: DeviceProfile = {
  manufacturer: 'farside',
  modelNumber: 'nRF52840-sim',
  firmwareVersion: '0.1.0',
  hardwareVersion: 'nRF52840-QIAA rev 3',
  softwareVersion: 'embServe 1.0',
  deviceType: 'embServe Node',
  memoryTotalKB: 256,
  memoryFreeKB: 152,
  batteryLevelPercent: 96,
  batteryDrainPercentPerHour: 0.5,
  networkBearer: 23,
  availableNetworkBearers: [23, 22],
  rssiCentreDbm: -70,
  rssiSpanDb: 15,
  rssiStepDb: 3,
  routerIpAddress: 'fd00::1',
  utcOffset: '+00:00',
  timezone: 'Etc/UTC',
};
