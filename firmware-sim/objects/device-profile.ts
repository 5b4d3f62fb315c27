/**
 * What kind of board a simulated device pretends to be: its memory and flash (which the
 * base firmware partly uses and workloads share), CPU, radio and sensors. The default is
 * an nRF52840-class embServe node as in the MLSysOps/FITA work.
 */

/** Physical quantities a simulated board can sense; each maps to an IPSO object. */
export type SensorKind = 'temperature' | 'humidity' | 'pressure' | 'illuminance' | 'accelerometer' | 'voltage' | 'generic';

/** Radio transmit power settings the TX_PWR knob chooses from, dBm. */
export interface TxPowerLevels {
  readonly LOW: number;
  readonly MED: number;
  readonly HIGH: number;
}

export type TxPowerLevel = keyof TxPowerLevels;

export interface DeviceProfile {
  /** Short name used on the command line (`--profile`). */
  readonly name: string;
  readonly manufacturer: string;
  readonly modelNumber: string;
  readonly firmwareVersion: string;
  readonly hardwareVersion: string;
  readonly softwareVersion: string;
  readonly deviceType: string;
  readonly cpuCore: string;
  readonly cpuClockMHz: number;
  /** RAM size, KB (Device /3/0/21). */
  readonly memoryTotalKB: number;
  /** RAM the base firmware (kernel, network stack, embServe) keeps, KB; workloads share the rest. */
  readonly firmwareRamKB: number;
  /** Flash size, KB. */
  readonly flashTotalKB: number;
  /** Flash the base firmware image takes, KB; installed packages share the rest. */
  readonly firmwareFlashKB: number;
  /** Whether the board can run TinyML models (FPU, enough RAM): the `tinyml` node label. */
  readonly tinyml: boolean;
  /** Battery charge at boot, % (Device /3/0/9). */
  readonly batteryLevelPercent: number;
  /** How fast the battery drains, percentage points per hour. */
  readonly batteryDrainPercentPerHour: number;
  /** Human name of the radio, e.g. "IEEE 802.15.4 / BLE 5". */
  readonly radio: string;
  /** Object 4 bearer enumeration: 23 is "IEEE 802.15.4 network", 22 Bluetooth, 41 Ethernet. */
  readonly networkBearer: number;
  readonly availableNetworkBearers: readonly number[];
  /** TX power per TX_PWR knob setting, dBm. */
  readonly txPowerDbm: TxPowerLevels;
  /** TX_PWR at boot. */
  readonly txPowerAtBoot: TxPowerLevel;
  /** Centre of the RSSI random walk at 0 dBm TX power, dBm; the TX power adds to it. */
  readonly rssiCentreDbm: number;
  /** How far the RSSI may wander from its centre, dB. */
  readonly rssiSpanDb: number;
  /** Largest RSSI change per tick, dB. */
  readonly rssiStepDb: number;
  /** Sensors on the board, in the order their instances are created. */
  readonly sensors: readonly SensorKind[];
  /** The device's address; derived from the endpoint name when absent. */
  readonly ipAddress?: string;
  readonly routerIpAddress: string;
  /** Device /3/0/14, ISO 8601 offset. */
  readonly utcOffset: string;
  /** Device /3/0/15, IANA zone name. */
  readonly timezone: string;
}

export const NRF52840_PROFILE: DeviceProfile = {
  name: 'nrf52840',
  manufacturer: 'farside',
  modelNumber: 'nRF52840-sim',
  firmwareVersion: '0.1.0',
  hardwareVersion: 'nRF52840-QIAA rev 3',
  softwareVersion: 'embServe 1.0',
  deviceType: 'embServe Node',
  cpuCore: 'Cortex-M4F',
  cpuClockMHz: 64,
  memoryTotalKB: 256,
  firmwareRamKB: 104,
  flashTotalKB: 1024,
  firmwareFlashKB: 472,
  tinyml: true,
  batteryLevelPercent: 96,
  batteryDrainPercentPerHour: 0.5,
  radio: 'IEEE 802.15.4 / BLE 5',
  networkBearer: 23,
  availableNetworkBearers: [23, 22],
  // The nRF52840 radio goes from -20 to +8 dBm; these are the three settings MLSysOps uses.
  txPowerDbm: { LOW: -8, MED: 0, HIGH: 8 },
  txPowerAtBoot: 'MED',
  rssiCentreDbm: -70,
  rssiSpanDb: 6,
  rssiStepDb: 2,
  sensors: ['temperature', 'humidity', 'accelerometer'],
  routerIpAddress: 'fd00::1',
  utcOffset: '+00:00',
  timezone: 'Etc/UTC',
};

/** A QEMU-class Cortex-M3 board (lm3s6965evb): small RAM, Ethernet, no FPU for models. */
export const CORTEX_M3_QEMU_PROFILE: DeviceProfile = {
  ...NRF52840_PROFILE,
  name: 'qemu-cortex-m3',
  modelNumber: 'lm3s6965evb-qemu',
  hardwareVersion: 'LM3S6965 (QEMU)',
  cpuCore: 'Cortex-M3',
  cpuClockMHz: 50,
  memoryTotalKB: 64,
  firmwareRamKB: 40,
  flashTotalKB: 256,
  firmwareFlashKB: 168,
  tinyml: false,
  batteryLevelPercent: 100,
  batteryDrainPercentPerHour: 0,
  radio: 'Ethernet',
  networkBearer: 41,
  availableNetworkBearers: [41],
  txPowerDbm: { LOW: 0, MED: 0, HIGH: 0 },
  rssiCentreDbm: -40,
  rssiSpanDb: 1,
  rssiStepDb: 0.5,
  sensors: ['temperature', 'generic'],
};

export const DEVICE_PROFILES: ReadonlyMap<string, DeviceProfile> = new Map([NRF52840_PROFILE, CORTEX_M3_QEMU_PROFILE].map((p) => [p.name, p]));

/** Free RAM right after boot, KB: what the base firmware leaves. */
export function bootMemoryFreeKB(profile: DeviceProfile): number {
  return profile.memoryTotalKB - profile.firmwareRamKB;
}
