import { describe, expect, it } from 'vitest';
import { resourceInstance } from '../../lwm2m/index.js';
import { editText, mutate, randomBytes, randomText, truncate } from '../../test/support/prng.js';
import { fuzzDecoder, inTurn, MIN_FUZZ_RUNS } from '../../test/support/fuzz.js';
import { seededRandom } from '../../lwm2m/index.js';
import { createStandardObjects } from '../objects/standard-objects.js';
import { KnobRegistry, txPowerKnob } from './knobs.js';
import { Shell } from './shell.js';
import { ShellObject } from './shell-object.js';

const COMMANDS = [
  'help',
  'mlsysops knobs list',
  'mlsysops knobs get TX_PWR',
  'mlsysops knobs set TX_PWR LOW',
  'mlsysops knobs set TX_PWR high',
  'services',
  'log 5',
  'mem',
  'uptime',
];
const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789 \t\r\n-=|"\\\u0000\u00e9\u20ac\ud83d\ude00';
const utf8 = (text: string) => new TextEncoder().encode(text);
const INTERESTING = [...utf8(' \t\n\r_=-"0129'), 0x00, 0x80, 0xbf, 0xc0, 0xc3, 0xe2, 0xed, 0xf0, 0xf4, 0xf8, 0xff];

describe('Shell fuzz', () => {
  it('never throws and always replies, on 10,000 seeded command byte strings, directly and through /19/0/0/0', () => {
    const standard = createStandardObjects({ endpoint: 'fuzz', lifetimeS: 60, serverUri: 'coap://gw', random: seededRandom(3) });
    const logLines: string[] = ['[00:00:00] boot'];
    const shell = new Shell({
      knobs: new KnobRegistry([txPowerKnob(standard.radio)]),
      log: { write: (l) => void logLines.push(l), recent: (n) => logLines.slice(-n) },
      workloads: { list: () => [] },
      memory: { report: () => ({ ramTotal: 262_144, ramFree: 100_000, flashTotal: 1_048_576, flashFree: 500_000 }) },
      uptimeMs: () => 1234,
    });
    new ShellObject(standard.tree, shell).attach();
    const replyInTree = (): string => {
      const data = standard.tree.getResource([19, 0, 0]);
      return new TextDecoder().decode(data?.kind === 'multiple' ? (data.instances.get(1) as Uint8Array) : undefined);
    };
    let errors = 0;
    const checkReply = (reply: unknown): void => {
      expect(typeof reply).toBe('string');
      const text = reply as string;
      expect(text.length).toBeGreaterThan(0);
      if (text.startsWith('error: ')) {
        errors++;
        expect(text).not.toContain('\n');
      }
      expect(['LOW', 'MED', 'HIGH']).toContain(standard.radio.txPower());
    };
    fuzzDecoder({
      seed: 0x5e11,
      runs: MIN_FUZZ_RUNS,
      input: (rng, round) => {
        const command = () => utf8(rng.pick(COMMANDS));
        return inTurn(round, [
          () => randomBytes(rng, rng.int(40)),
          () => randomBytes(rng, rng.int(300), utf8(ALPHABET.slice(0, 70))),
          () => mutate(rng, command(), undefined, INTERESTING),
          () => truncate(rng, command()),
          () => utf8(editText(rng, rng.pick(COMMANDS), ALPHABET, undefined, 4)),
          () => utf8(randomText(rng, rng.int(12), ALPHABET)),
          () => utf8(rng.pick(COMMANDS) + ' '.repeat(rng.int(260))),
        ]);
      },
      decoders: {
        shell: (bytes: Uint8Array) => shell.execute(bytes),
        lwm2m: (bytes: Uint8Array) => {
          const code = standard.tree.write([19, 0, 0, 0], resourceInstance(0, 'opaque', bytes), 'replace').code;
          if (code !== '2.04') throw new Error(`write answered ${code}`);
          return replyInTree();
        },
      },
      check: checkReply,
      decodesMoreThan: 2 * MIN_FUZZ_RUNS - 1,
    });
    // The inputs reached past the first checks as often as they were refused.
    expect(errors).toBeLessThan(2 * MIN_FUZZ_RUNS - 2000);
    expect(logLines.length).toBeGreaterThan(100);
    standard.close();
  });
});
