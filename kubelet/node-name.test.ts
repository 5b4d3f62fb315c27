import { describe, expect, it } from 'vitest';
import { randomText, seededRng } from '../test/support/prng.js';
import { DNS1123_SUBDOMAIN, DNS1123_SUBDOMAIN_MAX_LENGTH, nodeNameFromThing } from './node-name.js';

function isNodeName(name: string): boolean {
  return name.length > 0 && name.length <= DNS1123_SUBDOMAIN_MAX_LENGTH && DNS1123_SUBDOMAIN.test(name);
}

describe('nodeNameFromThing', () => {
  it('joins prefix and thing unchanged when they already form a valid name', () => {
    expect(nodeNameFromThing('farside', 'dev-1')).toBe('farside-dev-1');
    expect(nodeNameFromThing('farside', 'lab.sensor-7')).toBe('farside-lab.sensor-7');
    expect(nodeNameFromThing('', 'dev-1')).toBe('dev-1');
  });

  it('lowercases and replaces refused characters, adding a stable hash suffix', () => {
    const name = nodeNameFromThing('farside', 'Dev_1');
    expect(name).toMatch(/^farside-dev-1-[0-9a-f]{8}$/);
    expect(nodeNameFromThing('farside', 'Dev_1')).toBe(name);
  });

  it('gives distinct names to things that differ only in case or refused characters', () => {
    const names = ['dev-1', 'Dev-1', 'DEV-1', 'dev_1', 'dev 1', 'dev-1-'].map((t) => nodeNameFromThing('p', t));
    expect(new Set(names).size).toBe(names.length);
  });

  it('never starts or ends with a dash or dot and never holds empty labels', () => {
    for (const thing of ['-x-', '.x.', 'a..b', 'a.-b', '___', '...', 'ü', '']) {
      expect(isNodeName(nodeNameFromThing('', thing)), thing).toBe(true);
      expect(isNodeName(nodeNameFromThing('-Pre.', thing)), thing).toBe(true);
    }
  });

  it('shortens long names to 253 characters and keeps them distinct', () => {
    const a = nodeNameFromThing('farside', 'x'.repeat(300));
    const b = nodeNameFromThing('farside', `${'x'.repeat(299)}y`);
    expect(a.length).toBeLessThanOrEqual(DNS1123_SUBDOMAIN_MAX_LENGTH);
    expect(isNodeName(a)).toBe(true);
    expect(a).not.toBe(b);
  });

  it('turns 10,000 random prefixes and things into valid, stable, distinct names (seeded fuzz)', () => {
    const rng = seededRng(1123);
    const alphabet = 'abcXYZ019-._/ +#$é\u0000İ';
    const byName = new Map<string, string>();
    for (let round = 0; round < 10_000; round++) {
      const prefix = randomText(rng, rng.int(6), alphabet);
      const thing = randomText(rng, rng.int(rng.int(10) === 0 ? 400 : 12), alphabet);
      const name = nodeNameFromThing(prefix, thing);
      expect(isNodeName(name), `round ${round}: ${JSON.stringify([prefix, thing])} → ${name}`).toBe(true);
      expect(nodeNameFromThing(prefix, thing)).toBe(name);
      const key = prefix === '' ? thing : `${prefix}-${thing}`;
      const earlier = byName.get(name);
      if (earlier !== undefined) expect(earlier, `round ${round}: ${name}`).toBe(key);
      byName.set(name, key);
    }
  });
});
