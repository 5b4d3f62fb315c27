import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MODELS_DIR, shippedModelFiles, shippedObjects } from './generate.js';

describe('the models generator', () => {
  const files = shippedModelFiles();

  it('regenerates exactly the checked-in models, and nothing the folder lacks or has besides', () => {
    const checkedIn = readdirSync(MODELS_DIR).filter((name) => name.endsWith('.json')).sort();
    expect(checkedIn).toEqual([...files.keys()].sort());
    for (const [name, text] of files) expect(readFileSync(new URL(name, MODELS_DIR), 'utf8'), name).toBe(text);
  });

  it('ships the core objects, the custom ones and every IPSO object 3300-3350 the registry has', () => {
    const ids = shippedObjects().map((object) => object.id);
    expect(ids).toEqual(expect.arrayContaining([0, 1, 3, 4, 5, 9, 15, 19, 35001, 35003, 3300, 3303, 3350]));
    expect(ids.filter((id) => id >= 3300 && id <= 3350)).toHaveLength(49);
    expect(ids).not.toContain(6);
  });

  it('writes JSON with two-space indents and a final newline', () => {
    for (const [name, text] of files) {
      expect(text.endsWith('}\n'), name).toBe(true);
      expect(text, name).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
    }
  });
});
