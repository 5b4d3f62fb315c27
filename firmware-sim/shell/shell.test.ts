import { describe, expect, it } from 'vitest';
import { invalidInput } from '../../lwm2m/index.js';
import type { DeviceLog, WorkloadSummary } from '../embserve/contracts.js';
import type { TxPowerLevel } from '../objects/device-profile.js';
import { KnobRegistry, txPowerKnob, type Knob } from './knobs.js';
import { Shell, type ShellOptions } from './shell.js';

/** A device log that keeps every line, stamped as embServe's is. */
function memoryLog(): DeviceLog & { readonly lines: string[] } {
  const lines: string[] = [];
  return { lines, write: (line) => void lines.push(`[00:00:0${lines.length % 10}] ${line}`), recent: (n) => lines.slice(-n) };
}

function radio(level: TxPowerLevel = 'MED') {
  return { txPower: () => level, setTxPower: (next: TxPowerLevel) => void (level = next) };
}

const workloads: WorkloadSummary[] = [
  { name: 'temp-avg', version: '1.2.0', instanceId: 0, updateState: 4, updateResult: 2, active: true, flashBytes: 12_800, ramBytes: 4096, error: 0 },
  { name: '', version: '', instanceId: 1, updateState: 1, updateResult: 1, active: false, flashBytes: 0, ramBytes: 0, error: 0 },
  { name: 'anomaly', version: '0.3', instanceId: 2, updateState: 3, updateResult: 3, active: false, flashBytes: 2048, ramBytes: 1536, error: 57 },
];

function shell(extra: Partial<ShellOptions> = {}) {
  const log = memoryLog();
  const r = radio();
  const knobs = new KnobRegistry([txPowerKnob(r)]);
  const options: ShellOptions = {
    knobs,
    log,
    workloads: { list: () => workloads },
    memory: { report: () => ({ ramTotal: 256 * 1024, ramFree: 140 * 1024, flashTotal: 1024 * 1024, flashFree: 540 * 1024 }) },
    uptimeMs: () => 93_784_500,
    ...extra,
  };
  return { sh: new Shell(options), log, radio: r };
}

describe('Shell knobs', () => {
  it('lists every knob with its value and allowed values', () => {
    expect(shell().sh.execute('mlsysops knobs list')).toBe('TX_PWR=MED (LOW|MED|HIGH)');
  });

  it('gets a knob as NAME=VALUE', () => {
    expect(shell().sh.execute('mlsysops knobs get TX_PWR')).toBe('TX_PWR=MED');
  });

  it('sets a knob from any case of its value and confirms by reading it back', () => {
    const { sh, radio: r } = shell();
    expect(sh.execute('mlsysops knobs set TX_PWR low')).toBe('TX_PWR=LOW');
    expect(r.txPower()).toBe('LOW');
    expect(sh.execute('mlsysops knobs set TX_PWR High\r\n')).toBe('TX_PWR=HIGH');
    expect(sh.execute('mlsysops knobs get TX_PWR')).toBe('TX_PWR=HIGH');
  });

  it('writes executed sets to the device log, and nothing for gets or refused sets', () => {
    const { sh, log } = shell();
    sh.execute('mlsysops knobs get TX_PWR');
    sh.execute('mlsysops knobs set TX_PWR MAX');
    sh.execute('mlsysops knobs set TX_PWR LOW');
    expect(log.lines).toHaveLength(1);
    expect(log.lines[0]).toContain('mlsysops knobs set TX_PWR LOW (was MED): TX_PWR=LOW');
  });

  it('refuses an unknown knob, hinting at the right case, and changes nothing', () => {
    const { sh, radio: r } = shell();
    expect(sh.execute('mlsysops knobs set tx_pwr LOW')).toBe('error: unknown knob "tx_pwr"; did you mean TX_PWR? knob names are case-sensitive');
    expect(sh.execute('mlsysops knobs get CPU_FREQ')).toBe('error: unknown knob "CPU_FREQ"; knobs: TX_PWR');
    expect(r.txPower()).toBe('MED');
  });

  it('refuses a value the knob does not allow, listing the allowed ones, and changes nothing', () => {
    const { sh, radio: r } = shell();
    expect(sh.execute('mlsysops knobs set TX_PWR max')).toBe('error: TX_PWR cannot be "max"; allowed: LOW|MED|HIGH');
    expect(r.txPower()).toBe('MED');
  });

  it('answers malformed knob commands with the usage that would be right', () => {
    const { sh, radio: r } = shell();
    const usage = 'error: usage: mlsysops knobs list | mlsysops knobs get <knob> | mlsysops knobs set <knob> <value>';
    expect(sh.execute('mlsysops')).toBe(usage);
    expect(sh.execute('mlsysops knob list')).toBe(usage);
    expect(sh.execute('mlsysops knobs')).toBe(usage);
    expect(sh.execute('mlsysops knobs delete TX_PWR')).toBe(usage);
    expect(sh.execute('mlsysops knobs list all')).toBe('error: usage: mlsysops knobs list');
    expect(sh.execute('mlsysops knobs get')).toBe('error: usage: mlsysops knobs get <knob>');
    expect(sh.execute('mlsysops knobs set TX_PWR')).toBe('error: usage: mlsysops knobs set <knob> <value>');
    expect(sh.execute('mlsysops knobs set TX_PWR LOW now')).toBe('error: usage: mlsysops knobs set <knob> <value>');
    expect(r.txPower()).toBe('MED');
  });

  it('turns a knob that refuses a value into an error reply', () => {
    const stubborn: Knob = { name: 'SLEEP', values: ['ON', 'OFF'], get: () => 'OFF', set: () => { throw invalidInput('sleep is locked while a workload runs'); } };
    const sh = new Shell({ knobs: new KnobRegistry([stubborn]) });
    expect(sh.execute('mlsysops knobs set SLEEP on')).toBe('error: sleep is locked while a workload runs');
    const broken: Knob = { name: 'FAN', values: ['ON'], get: () => { throw new Error('i2c timeout'); }, set: () => undefined };
    expect(new Shell({ knobs: new KnobRegistry([broken]) }).execute('mlsysops knobs get FAN')).toBe('error: mlsysops failed: i2c timeout');
  });

  it('refuses badly named, duplicate or value-less knobs when the registry is built', () => {
    const knob = (name: string, values: string[] = ['A']): Knob => ({ name, values, get: () => 'A', set: () => undefined });
    expect(() => new KnobRegistry([knob('tx pwr')])).toThrow(/must match/);
    expect(() => new KnobRegistry([knob('A'), knob('A')])).toThrow(/twice/);
    expect(() => new KnobRegistry([knob('A', [])])).toThrow(/no value/);
  });
});

describe('Shell device commands', () => {
  it('lists the commands this device has, one per line', () => {
    const help = shell().sh.execute('help').split('\n');
    expect(help.map((line) => line.split(/\s{2,}/)[0])).toEqual([
      'help',
      'mlsysops knobs list',
      'mlsysops knobs get <knob>',
      'mlsysops knobs set <knob> <value>',
      'services',
      'log [n]',
      'mem',
      'uptime',
    ]);
    const bare = new Shell({ knobs: new KnobRegistry([]) }).execute('help');
    expect(bare).not.toContain('services');
    expect(bare).not.toContain('uptime');
  });

  it('tabulates the workloads with their state, memory and error', () => {
    expect(shell().sh.execute('services').split('\n')).toEqual([
      'INSTANCE  NAME      VERSION  STATE             ACTIVE  FLASH_KB  RAM_KB  ERROR',
      '0         temp-avg  1.2.0    INSTALLED         yes     13        4       0',
      '1         -         -        DOWNLOAD_STARTED  no      0         0       0',
      '2         anomaly   0.3      DELIVERED         no      2         1.5     57',
    ]);
  });

  it('shows the last log lines, 20 by default, and refuses counts outside 1 to 200', () => {
    const { sh, log } = shell();
    for (let i = 0; i < 250; i++) log.write(`line ${i}`);
    expect(sh.execute('log').split('\n')).toHaveLength(20);
    expect(sh.execute('log').split('\n')[19]).toContain('line 249');
    expect(sh.execute('log 3').split('\n')).toEqual(log.lines.slice(-3));
    expect(sh.execute('log 200').split('\n')).toHaveLength(200);
    for (const bad of ['0', '201', '-1', 'ten', '1.5', '1e2', '5 6']) {
      expect(sh.execute(`log ${bad}`)).toBe(`error: log takes a line count from 1 to 200, not ${JSON.stringify(bad)}; usage: log [n]`);
    }
  });

  it('reports RAM and flash, total, used and free', () => {
    expect(shell().sh.execute('mem')).toBe('ram: 256 KB total, 116 KB used, 140 KB free\nflash: 1024 KB total, 484 KB used, 540 KB free');
  });

  it('reports the time since boot', () => {
    expect(shell().sh.execute('uptime')).toBe('up 1d 02:03:04');
    expect(shell({ uptimeMs: () => 59_999 }).sh.execute('uptime')).toBe('up 00:00:59');
  });

  it('refuses arguments to commands that take none', () => {
    const { sh } = shell();
    for (const name of ['help', 'services', 'mem', 'uptime']) {
      expect(sh.execute(`${name} now`)).toBe(`error: ${name} takes no arguments, got "now"; usage: ${name}`);
    }
  });
});

describe('Shell input', () => {
  it('refuses an unknown command, listing the commands there are', () => {
    const { sh } = shell();
    expect(sh.execute('reboot')).toBe('error: unknown command "reboot"; commands: help, mlsysops, services, log, mem, uptime; try: help');
    expect(sh.execute('HELP')).toMatch(/^error: unknown command "HELP"/);
    expect(sh.execute('knobs list')).toBe('error: unknown command "knobs"; did you mean mlsysops knobs ...?');
  });

  it('refuses a command that is not there, too long or not UTF-8, and says what would do', () => {
    const { sh } = shell();
    expect(sh.execute('')).toBe('error: empty command; try: help');
    expect(sh.execute(' \t\r\n')).toBe('error: empty command; try: help');
    expect(sh.execute('help' + ' '.repeat(253))).toBe('error: the command is 257 bytes long; the most the shell takes is 256');
    expect(sh.execute(new Uint8Array(300).fill(0x61))).toBe('error: the command is 300 bytes long; the most the shell takes is 256');
    expect(sh.execute(new Uint8Array([0x68, 0xff, 0x70]))).toBe('error: the command is not valid UTF-8 text; send it as UTF-8');
    expect(sh.execute('help\ud800')).toBe('error: the command is not valid UTF-8 text');
  });

  it('takes exactly 256 bytes, and UTF-8 bytes the same as text', () => {
    const { sh } = shell();
    expect(sh.execute('help' + ' '.repeat(252))).toMatch(/^help/);
    expect(sh.execute(new TextEncoder().encode('mlsysops knobs get TX_PWR\n'))).toBe('TX_PWR=MED');
  });

  it('keeps an error reply on one line whatever the command holds', () => {
    const reply = shell().sh.execute('a\u0000\u001b[2J' + 'x'.repeat(60));
    expect(reply.split('\n')).toHaveLength(1);
    expect(reply).toContain('\\u0000\\u001b[2J');
    expect(reply).toContain('...');
  });
});
