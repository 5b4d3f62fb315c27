/**
 * The device shell of a simulated embServe node, free of LwM2M: ShellObject feeds it
 * what a server writes to object 19, and the kubelet's `kubectl exec` can feed it too.
 *
 * Commands (words separated by whitespace; at most 256 bytes of UTF-8):
 *
 *     help                                list the commands this device has
 *     mlsysops knobs list                 every knob, one per line: NAME=VALUE (A|B|C)
 *     mlsysops knobs get <knob>           NAME=VALUE, e.g. TX_PWR=MED
 *     mlsysops knobs set <knob> <value>   turns the knob; replies NAME=VALUE as read back,
 *                                         e.g. `mlsysops knobs set TX_PWR low` -> TX_PWR=LOW
 *     services                            workloads, one per line under a header:
 *                                         INSTANCE NAME VERSION STATE ACTIVE FLASH_KB RAM_KB ERROR
 *     log [n]                             the last n device log lines, oldest first (20; 1 to 200)
 *     mem                                 ram: and flash: lines with total, used and free KB
 *     uptime                              up [<d>d ]HH:MM:SS
 *
 * Command and knob names are case-sensitive (TX_PWR, as MLSysOps writes it); knob values
 * are not, and are stored in their listed spelling. Replies are plain text, one item per
 * line. Anything the shell refuses (unknown command or knob, bad value or arguments, a
 * command over 256 bytes or not UTF-8) gets a one-line reply starting with `error: ` that
 * says what was wrong and what would be right, and changes nothing. Knob sets are written
 * to the device log. `execute` never throws.
 */
import { isFarsideError } from '../../lwm2m/index.js';
import type { DeviceLog, DeviceMemory, WorkloadDirectory } from '../embserve/contracts.js';
import { logCommand, memCommand, servicesCommand, uptimeCommand } from './device-commands.js';
import { mlsysopsCommand } from './knob-commands.js';
import type { KnobRegistry } from './knobs.js';
import { errorReply, type ShellCommand } from './shell-command.js';
import { commandLineFrom, quoted } from './shell-input.js';

export interface ShellOptions {
  readonly knobs: KnobRegistry;
  /** For `services`; without it the device has no such command. */
  readonly workloads?: WorkloadDirectory;
  /** For `log`, and where knob sets are recorded; without it the device has no `log`. */
  readonly log?: DeviceLog;
  /** For `mem`; without it the device has no such command. */
  readonly memory?: DeviceMemory;
  /** Time since boot, ms, for `uptime`; without it the device has no such command. */
  readonly uptimeMs?: () => number;
}

export class Shell {
  readonly #commands = new Map<string, ShellCommand>();

  constructor(options: ShellOptions) {
    const { workloads, log, memory, uptimeMs } = options;
    this.#commands.set('help', { help: [['help', 'this list']], run: (args) => this.#help(args) });
    this.#commands.set('mlsysops', mlsysopsCommand(options.knobs, log));
    if (workloads !== undefined) this.#commands.set('services', servicesCommand(workloads));
    if (log !== undefined) this.#commands.set('log', logCommand(log));
    if (memory !== undefined) this.#commands.set('mem', memCommand(memory));
    if (uptimeMs !== undefined) this.#commands.set('uptime', uptimeCommand(uptimeMs));
  }

  /** Runs one command line and returns its reply; see the class comment for the commands. */
  execute(input: Uint8Array | string): string {
    const line = commandLineFrom(input);
    if ('problem' in line) return errorReply(line.problem);
    const [name = '', ...args] = line.words;
    const command = this.#commands.get(name);
    if (command === undefined) return errorReply(`unknown command ${quoted(name)}; ${this.#hint(name)}`);
    try {
      return command.run(args);
    } catch (err) {
      // A part of the device refused or failed; the shell answers rather than dying.
      return errorReply(isFarsideError(err) ? err.message : `${name} failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  #help(args: readonly string[]): string {
    if (args.length > 0) return errorReply(`help takes no arguments, got ${quoted(args.join(' '))}; usage: help`);
    const lines = [...this.#commands.values()].flatMap((command) => command.help);
    const width = Math.max(...lines.map(([usage]) => usage.length));
    return lines.map(([usage, summary]) => `${usage.padEnd(width)}  ${summary}`).join('\n');
  }

  #hint(name: string): string {
    if (name === 'knobs') return 'did you mean mlsysops knobs ...?';
    return `commands: ${[...this.#commands.keys()].join(', ')}; try: help`;
  }
}
