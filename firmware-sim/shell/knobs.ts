/**
 * Device knobs MLSysOps turns through the shell (`mlsysops knobs ...`): each has a name,
 * spelled and matched exactly as MLSysOps writes it (TX_PWR), and a short list of allowed
 * values, matched without regard to case and stored in their listed spelling.
 */
import { invalidInput } from '../../lwm2m/index.js';
import type { TxPowerLevel } from '../objects/device-profile.js';
import { TX_POWER_LEVELS, type RadioControl } from '../objects/radio.js';

export interface Knob {
  /** Case-sensitive, e.g. `TX_PWR`. */
  readonly name: string;
  /** Allowed values in their canonical spelling, e.g. LOW, MED, HIGH. */
  readonly values: readonly string[];
  get(): string;
  /** Gets one of `values`, already normalised. */
  set(value: string): void;
}

/** Knob names as MLSysOps spells them: upper-case letters, digits and underscores. */
const KNOB_NAME = /^[A-Z][A-Z0-9_]{0,31}$/;

export class KnobRegistry {
  readonly #knobs = new Map<string, Knob>();

  /** Throws FARSIDE_ERR_INVALID_INPUT for a badly named knob, a duplicate name or an empty value list. */
  constructor(knobs: Iterable<Knob>) {
    for (const knob of knobs) {
      if (!KNOB_NAME.test(knob.name)) throw invalidInput(`knob name ${JSON.stringify(knob.name)} must match ${KNOB_NAME}`);
      if (this.#knobs.has(knob.name)) throw invalidInput(`knob ${knob.name} is registered twice`);
      if (knob.values.length === 0) throw invalidInput(`knob ${knob.name} allows no value`);
      this.#knobs.set(knob.name, knob);
    }
  }

  /** In registration order. */
  list(): readonly Knob[] {
    return [...this.#knobs.values()];
  }

  get(name: string): Knob | undefined {
    return this.#knobs.get(name);
  }

  /** A knob whose name differs from `name` only in case: what the user probably meant. */
  similar(name: string): Knob | undefined {
    const wanted = name.toUpperCase();
    return this.list().find((knob) => knob.name.toUpperCase() === wanted);
  }
}

/** `raw` in the knob's own spelling when it is one of its values, whatever its case. */
export function knobValueFrom(knob: Knob, raw: string): string | undefined {
  const wanted = raw.toUpperCase();
  return knob.values.find((value) => value.toUpperCase() === wanted);
}

/** The radio's TX power (MLSysOps TX_PWR): LOW, MED or HIGH, as the profile's txPowerDbm defines them. */
export function txPowerKnob(radio: RadioControl): Knob {
  return {
    name: 'TX_PWR',
    values: TX_POWER_LEVELS,
    get: () => radio.txPower(),
    set: (value) => radio.setTxPower(value as TxPowerLevel),
  };
}
