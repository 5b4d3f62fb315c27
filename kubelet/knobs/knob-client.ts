import { ERROR_CODES, FarsideError, invalidInput } from '../../errors/index.js';
import { knobNameFrom, knobStatesFromReply, knobValueFrom, knobValueFromReply, type KnobState, type KnobValue } from './knob-syntax.js';

/** What the knob client needs of DeviceShellClient (sdf-models): one command line, its reply. */
export interface KnobShell {
  run(thing: string, commandLine: string, options?: { readonly signal?: AbortSignal }): Promise<{ readonly output: string; readonly exitCode: number }>;
}

export interface KnobCallOptions {
  /** Aborting it rejects with FarsideError CANCELLED. Default none. */
  readonly signal?: AbortSignal;
}

const ERROR_PREFIX = 'error:';

/**
 * MLSysOps knobs of a device through its shell (LwM2M object 19): `mlsysops knobs list|get|set`.
 * A set counts only once a read back shows the new value. Rejects with FarsideError:
 * INVALID_INPUT for a malformed name or value or a value the knob does not take, NOT_FOUND for
 * a knob (or thing) the device does not have, NOT_ALLOWED when the device refuses or reads
 * back something else, and the shell client's transport errors (TIMEOUT, DEVICE_UNAVAILABLE).
 */
export class KnobClient {
  readonly #shell: KnobShell;

  constructor(shell: KnobShell) {
    this.#shell = shell;
  }

  async list(thing: string, options: KnobCallOptions = {}): Promise<KnobState[]> {
    const output = await this.#run(thing, 'mlsysops knobs list', options);
    if (output.startsWith(ERROR_PREFIX)) throw new FarsideError(ERROR_CODES.NOT_ALLOWED, `${thing} did not list its knobs: ${output}`);
    return knobStatesFromReply(output);
  }

  async get(thing: string, knob: string, options: KnobCallOptions = {}): Promise<KnobValue> {
    const name = knobNameFrom(knob);
    const output = await this.#run(thing, `mlsysops knobs get ${name}`, options);
    if (output.startsWith(ERROR_PREFIX)) throw await this.#refusal(thing, name, undefined, output, options);
    const value = knobValueFromReply(output);
    if (value === undefined || value.name !== name) throw new FarsideError(ERROR_CODES.NOT_ALLOWED, `${thing} answered "${output}" when asked for ${name}`);
    return value;
  }

  /** Sets `knob` and resolves with the value read back, which equals `value` upper-cased. */
  async set(thing: string, knob: string, value: string, options: KnobCallOptions = {}): Promise<KnobValue> {
    const name = knobNameFrom(knob);
    const wanted = knobValueFrom(value);
    const output = await this.#run(thing, `mlsysops knobs set ${name} ${wanted}`, options);
    if (output.startsWith(ERROR_PREFIX)) throw await this.#refusal(thing, name, wanted, output, options);
    // The set's own reply is the device's word; the read back is what it actually does now.
    const confirmed = await this.get(thing, name, options);
    if (confirmed.value !== wanted) {
      throw new FarsideError(ERROR_CODES.NOT_ALLOWED, `${thing} reads back ${name}=${confirmed.value} after setting it to ${wanted} (the set replied "${output}")`);
    }
    return confirmed;
  }

  async #run(thing: string, commandLine: string, options: KnobCallOptions): Promise<string> {
    const { output } = await this.#shell.run(thing, commandLine, options.signal ? { signal: options.signal } : {});
    return output.trim();
  }

  /**
   * Why the device said `error: …`, in our categories: its knob list tells an unknown knob
   * from a value it does not take. Without a list the device's message is all there is.
   */
  async #refusal(thing: string, name: string, value: string | undefined, output: string, options: KnobCallOptions): Promise<FarsideError> {
    const message = output.slice(ERROR_PREFIX.length).trim();
    let knobs: KnobState[] | undefined;
    try {
      knobs = await this.list(thing, options);
    } catch {
      knobs = undefined;
    }
    const knob = knobs?.find((k) => k.name === name);
    if (knobs !== undefined && knob === undefined) {
      const known = knobs.map((k) => k.name).join(', ') || 'none';
      return new FarsideError(ERROR_CODES.NOT_FOUND, `${thing} has no knob ${name} (its knobs: ${known}); the device says: ${message}`);
    }
    if (knob !== undefined && value !== undefined && !knob.allowed.includes(value)) {
      return invalidInput(`${name} cannot be ${value} on ${thing}; allowed: ${knob.allowed.join(', ')}`);
    }
    return new FarsideError(ERROR_CODES.NOT_ALLOWED, `${thing} refused: ${message}`);
  }
}
