/**
 * The shell's view of the device itself: `services` (the installed workloads), `log [n]`,
 * `mem` and `uptime`, each built on the part of the device that owns the facts.
 */
import { UPDATE_STATE, type DeviceLog, type DeviceMemory, type WorkloadDirectory, type WorkloadSummary } from '../embserve/contracts.js';
import { quoted } from './shell-input.js';
import { errorReply, kilobytes, type ShellCommand } from './shell-command.js';

export const SHELL_LOG_LINES = 20;
export const MAX_LOG_LINES = 200;

const STATE_NAME: ReadonlyMap<number, string> = new Map(Object.entries(UPDATE_STATE).map(([name, value]) => [value, name]));

const SERVICE_COLUMNS = ['INSTANCE', 'NAME', 'VERSION', 'STATE', 'ACTIVE', 'FLASH_KB', 'RAM_KB', 'ERROR'] as const;

function serviceRow(w: WorkloadSummary): string[] {
  return [
    String(w.instanceId),
    w.name || '-',
    w.version || '-',
    STATE_NAME.get(w.updateState) ?? String(w.updateState),
    w.active ? 'yes' : 'no',
    kilobytes(w.flashBytes),
    kilobytes(w.ramBytes),
    String(w.error),
  ];
}

/** Columns padded to their widest cell, two spaces apart, like `kubectl get`. */
function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd()).join('\n');
}

const noArguments = (name: string, args: readonly string[]): string | undefined =>
  args.length > 0 ? errorReply(`${name} takes no arguments, got ${quoted(args.join(' '))}; usage: ${name}`) : undefined;

export function servicesCommand(workloads: WorkloadDirectory): ShellCommand {
  return {
    help: [['services', 'installed workloads: instance, name, version, state, active, flash/RAM KB, error']],
    run: (args) => noArguments('services', args) ?? table([SERVICE_COLUMNS, ...workloads.list().map(serviceRow)]),
  };
}

export function logCommand(log: DeviceLog): ShellCommand {
  return {
    help: [['log [n]', `the last n lines of the device log (default ${SHELL_LOG_LINES}, 1 to ${MAX_LOG_LINES})`]],
    run: (args) => {
      const [count, ...extra] = args;
      const lines = count === undefined ? SHELL_LOG_LINES : /^\d{1,3}$/.test(count) ? Number(count) : NaN;
      if (extra.length > 0 || !(lines >= 1 && lines <= MAX_LOG_LINES)) {
        return errorReply(`log takes a line count from 1 to ${MAX_LOG_LINES}, not ${quoted(args.join(' '))}; usage: log [n]`);
      }
      return log.recent(lines).join('\n');
    },
  };
}

export function memCommand(memory: DeviceMemory): ShellCommand {
  return {
    help: [['mem', 'RAM and flash: total, used and free KB']],
    run: (args) => {
      const refused = noArguments('mem', args);
      if (refused !== undefined) return refused;
      const m = memory.report();
      return [
        `ram: ${kilobytes(m.ramTotal)} KB total, ${kilobytes(m.ramTotal - m.ramFree)} KB used, ${kilobytes(m.ramFree)} KB free`,
        `flash: ${kilobytes(m.flashTotal)} KB total, ${kilobytes(m.flashTotal - m.flashFree)} KB used, ${kilobytes(m.flashFree)} KB free`,
      ].join('\n');
    },
  };
}

/** `up 1d 02:03:04` from ms since boot. */
export function uptimeText(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const two = (n: number) => String(n).padStart(2, '0');
  const clock = `${two(Math.floor(s / 3600) % 24)}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}`;
  const days = Math.floor(s / 86_400);
  return `up ${days > 0 ? `${days}d ` : ''}${clock}`;
}

export function uptimeCommand(uptimeMs: () => number): ShellCommand {
  return {
    help: [['uptime', 'time since boot']],
    run: (args) => noArguments('uptime', args) ?? uptimeText(uptimeMs()),
  };
}
