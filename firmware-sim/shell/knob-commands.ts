/**
 * `mlsysops knobs list | get <knob> | set <knob> <value>`: what MLSysOps writes to a far-edge
 * device's shell to read and turn its knobs. Values come back as `NAME=VALUE`, so a set is
 * confirmed by reading the knob back, not by echoing the request.
 */
import type { DeviceLog } from '../embserve/contracts.js';
import { knobValueFrom, type Knob, type KnobRegistry } from './knobs.js';
import { quoted } from './shell-input.js';
import { errorReply, type ShellCommand } from './shell-command.js';

const USAGE = 'mlsysops knobs list | mlsysops knobs get <knob> | mlsysops knobs set <knob> <value>';

const current = (knob: Knob): string => `${knob.name}=${knob.get()}`;

export function mlsysopsCommand(knobs: KnobRegistry, log: DeviceLog | undefined): ShellCommand {
  const knobNamed = (name: string): Knob | string => {
    const knob = knobs.get(name);
    if (knob !== undefined) return knob;
    const similar = knobs.similar(name);
    const hint = similar !== undefined ? `did you mean ${similar.name}? knob names are case-sensitive` : `knobs: ${knobs.list().map((k) => k.name).join(', ') || 'none'}`;
    return errorReply(`unknown knob ${quoted(name)}; ${hint}`);
  };

  const get = (name: string): string => {
    const knob = knobNamed(name);
    return typeof knob === 'string' ? knob : current(knob);
  };

  const set = (name: string, raw: string): string => {
    const knob = knobNamed(name);
    if (typeof knob === 'string') return knob;
    const value = knobValueFrom(knob, raw);
    if (value === undefined) return errorReply(`${knob.name} cannot be ${quoted(raw)}; allowed: ${knob.values.join('|')}`);
    const before = knob.get();
    knob.set(value);
    const after = current(knob);
    log?.write(`shell: mlsysops knobs set ${knob.name} ${value} (was ${before}): ${after}`);
    return after;
  };

  return {
    help: [
      ['mlsysops knobs list', 'every knob as NAME=VALUE (allowed values)'],
      ['mlsysops knobs get <knob>', 'one knob as NAME=VALUE'],
      ['mlsysops knobs set <knob> <value>', 'turns a knob; replies NAME=VALUE as read back'],
    ],
    run: (args) => {
      const [group, action, ...rest] = args;
      if (group !== 'knobs') return errorReply(`usage: ${USAGE}`);
      if (action === 'list' && rest.length === 0) return knobs.list().map((k) => `${current(k)} (${k.values.join('|')})`).join('\n');
      if (action === 'get' && rest.length === 1) return get(rest[0] ?? '');
      if (action === 'set' && rest.length === 2) return set(rest[0] ?? '', rest[1] ?? '');
      const expected = action === 'list' ? 'mlsysops knobs list' : action === 'get' ? 'mlsysops knobs get <knob>' : action === 'set' ? 'mlsysops knobs set <knob> <value>' : USAGE;
      return errorReply(`usage: ${expected}`);
    },
  };
}
