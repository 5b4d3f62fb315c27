import { describe, expect, it, vi } from 'vitest';
import { multipleResource, resourceInstance, type Resource } from '../../lwm2m/index.js';
import { seededRandom } from '../../lwm2m/index.js';
import { createStandardObjects } from '../objects/standard-objects.js';
import { KnobRegistry, txPowerKnob } from './knobs.js';
import { Shell } from './shell.js';
import { ShellObject } from './shell-object.js';

const T0 = Date.UTC(2025, 0, 1, 12, 0, 0, 700);
const utf8 = (text: string) => new TextEncoder().encode(text);
const text = (value: unknown) => new TextDecoder().decode(value as Uint8Array);

function device() {
  const standard = createStandardObjects({ endpoint: 'node-1', lifetimeS: 120, serverUri: 'coap://gw', random: seededRandom(11), now: () => T0 });
  const lines: string[] = [];
  const shell = new Shell({ knobs: new KnobRegistry([txPowerKnob(standard.radio)]), log: { write: (l) => void lines.push(l), recent: (n) => lines.slice(-n) } });
  const object = new ShellObject(standard.tree, shell, { now: () => T0 });
  object.attach();
  const { tree } = standard;
  const command = (line: string | Uint8Array) =>
    tree.write([19, 0, 0, 0], resourceInstance(0, 'opaque', typeof line === 'string' ? utf8(line) : line), 'replace').code;
  const reply = () => {
    const data = tree.getResource([19, 0, 0]);
    return text(data?.kind === 'multiple' ? data.instances.get(1) : undefined);
  };
  return { ...standard, object, shell, lines, command, reply };
}

describe('ShellObject', () => {
  it('describes instance 0 of object 19 as the embServe shell speaking plain text', () => {
    const { tree } = device();
    expect(tree.registeredObjects().objects.get(19)).toEqual({ instances: [0] });
    expect(tree.getValue([19, 0, 3])).toBe('embServe shell');
    expect(tree.getValue([19, 0, 4])).toBe('text/plain');
  });

  it('turns TX_PWR through /19/0/0/0, moving /4/0/2 at once and confirming in /19/0/0/1', () => {
    const { tree, radio, command, reply } = device();
    const rssiSeen = vi.fn();
    const replySeen = vi.fn();
    tree.observe([4, 0, 2], rssiSeen);
    tree.observe([19, 0, 0], replySeen);
    expect(tree.getValue([4, 0, 2])).toBe(-70);
    expect(command('mlsysops knobs set TX_PWR HIGH')).toBe('2.04');
    expect(reply()).toBe('TX_PWR=HIGH');
    expect(radio.txPower()).toBe('HIGH');
    expect(tree.getValue([4, 0, 2])).toBe(-62);
    expect(rssiSeen).toHaveBeenCalledOnce();
    expect(replySeen).toHaveBeenCalled();
    expect(tree.getValue([19, 0, 2])).toEqual(new Date(T0 - 700));
    expect(command('mlsysops knobs set TX_PWR low')).toBe('2.04');
    expect(reply()).toBe('TX_PWR=LOW');
    expect(tree.getValue([4, 0, 2])).toBe(-78);
  });

  it('runs the same command written twice, twice', () => {
    const { command, lines, reply } = device();
    command('mlsysops knobs set TX_PWR LOW');
    command('mlsysops knobs set TX_PWR LOW');
    expect(lines).toHaveLength(2);
    expect(reply()).toBe('TX_PWR=LOW');
  });

  it('runs a command written as a whole Data resource, in either write mode', () => {
    const { tree, reply } = device();
    const data = (line: string): Resource => multipleResource(0, 'opaque', new Map([[0, utf8(line)]]));
    expect(tree.write([19, 0, 0], data('mlsysops knobs get TX_PWR'), 'update').code).toBe('2.04');
    expect(reply()).toBe('TX_PWR=MED');
    expect(tree.write([19, 0, 0], data('mlsysops knobs set TX_PWR HIGH'), 'replace').code).toBe('2.04');
    expect(reply()).toBe('TX_PWR=HIGH');
  });

  it('runs nothing when a server writes only the reply slot', () => {
    const { tree, command, lines, reply } = device();
    command('mlsysops knobs set TX_PWR LOW');
    expect(tree.write([19, 0, 0, 1], resourceInstance(1, 'opaque', utf8('scribble')), 'replace').code).toBe('2.04');
    expect(lines).toHaveLength(1);
    expect(reply()).toBe('scribble');
  });

  it('answers refused commands with an error reply and changes nothing', () => {
    const { tree, command, reply, radio } = device();
    expect(command('mlsysops knobs set TX_PWR TURBO')).toBe('2.04');
    expect(reply()).toBe('error: TX_PWR cannot be "TURBO"; allowed: LOW|MED|HIGH');
    expect(command(new Uint8Array([0xc3, 0x28]))).toBe('2.04');
    expect(reply()).toMatch(/^error: the command is not valid UTF-8/);
    expect(command(new Uint8Array(257).fill(0x20))).toBe('2.04');
    expect(reply()).toMatch(/^error: the command is 257 bytes long/);
    expect(radio.txPower()).toBe('MED');
    expect(tree.getValue([4, 0, 2])).toBe(-70);
  });

  it('ignores writes to other instances of object 19 and keeps its own from deletion', () => {
    const { tree, lines } = device();
    const other = { resources: new Map([[0, multipleResource(0, 'opaque', new Map([[0, utf8('mlsysops knobs set TX_PWR LOW')]]))]]) };
    expect(tree.create([19], other).code).toBe('2.01');
    expect(tree.write([19, 1, 0, 0], resourceInstance(0, 'opaque', utf8('mlsysops knobs set TX_PWR LOW')), 'replace').code).toBe('2.04');
    expect(lines).toHaveLength(0);
    expect(tree.delete([19, 0]).code).toBe('4.05');
    expect(tree.delete([19, 1]).code).toBe('2.02');
  });

  it('stops answering once detached and attaches again without a second instance', () => {
    const { object, command, reply, tree } = device();
    object.detach();
    command('mlsysops knobs get TX_PWR');
    expect(reply()).toBe('');
    object.attach();
    object.attach();
    command('mlsysops knobs get TX_PWR');
    expect(reply()).toBe('TX_PWR=MED');
    expect(tree.registeredObjects().objects.get(19)).toEqual({ instances: [0] });
  });
});
