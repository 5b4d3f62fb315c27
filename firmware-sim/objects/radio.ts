/**
 * The radio's TX_PWR setting. The signal strength the device reports is its link's
 * random walk shifted by the transmit power of the current setting (profile.txPowerDbm),
 * so turning the knob shows up in Radio Signal Strength at once rather than on the next tick.
 */
import { z } from 'zod';
import { invalidInput } from '../../lwm2m/index.js';
import type { DeviceProfile, TxPowerLevel } from './device-profile.js';

/** The settings MLSysOps' TX_PWR knob takes, weakest first. */
export const TX_POWER_LEVELS = ['LOW', 'MED', 'HIGH'] as const satisfies readonly TxPowerLevel[];

const txPowerLevel = z.enum(TX_POWER_LEVELS);

/** What the shell's TX_PWR knob (and anything else that turns the radio) sees. */
export interface RadioControl {
  txPower(): TxPowerLevel;
  /**
   * Takes effect at once: Radio Signal Strength and Link Quality change and their
   * observers are notified. A level other than LOW, MED or HIGH throws
   * FARSIDE_ERR_INVALID_INPUT and changes nothing.
   */
  setTxPower(level: TxPowerLevel): void;
}

/** RSSI the device reports, dBm: the link's walk plus the transmit power of `level`. */
export function rssiDbm(profile: DeviceProfile, linkDbm: number, level: TxPowerLevel): number {
  return linkDbm + profile.txPowerDbm[level];
}

/** Holds the TX_PWR setting; `changed` runs after every successful set, to publish the new RSSI. */
export class TxPowerSetting implements RadioControl {
  #level: TxPowerLevel;
  readonly #changed: () => void;

  /** Throws FARSIDE_ERR_INVALID_INPUT when `atBoot` (e.g. a profile's txPowerAtBoot) is no level. */
  constructor(atBoot: TxPowerLevel, changed: () => void) {
    this.#level = levelFrom(atBoot);
    this.#changed = changed;
  }

  txPower(): TxPowerLevel {
    return this.#level;
  }

  setTxPower(level: TxPowerLevel): void {
    this.#level = levelFrom(level);
    this.#changed();
  }
}

function levelFrom(level: unknown): TxPowerLevel {
  const parsed = txPowerLevel.safeParse(level);
  if (!parsed.success) throw invalidInput(`TX power must be one of ${TX_POWER_LEVELS.join(', ')}, not ${JSON.stringify(level)}`);
  return parsed.data;
}
