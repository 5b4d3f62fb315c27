import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../', import.meta.url);
const FOLDERS = ['convert/', 'models/', 'validate/'];

/** Source files that end up in the production build: not tests, not generators. */
function runtimeSources(): URL[] {
  const top = readdirSync(ROOT).filter((name) => name.endsWith('.ts')).map((name) => new URL(name, ROOT));
  const nested = FOLDERS.flatMap((folder) => readdirSync(new URL(folder, ROOT)).filter((name) => name.endsWith('.ts')).map((name) => new URL(`${folder}${name}`, ROOT)));
  return [...top, ...nested].filter((url) => !url.pathname.endsWith('.test.ts') && !url.pathname.endsWith('/generate.ts'));
}

describe('sdf-models at run time', () => {
  it('imports nothing from lwm2m or gateway (DESIGN: it depends on nothing of ours but errors)', () => {
    const sources = runtimeSources();
    expect(sources.length).toBeGreaterThan(10);
    for (const url of sources) {
      const imports = [...readFileSync(url, 'utf8').matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)].map((m) => m[1] ?? '');
      expect(imports.filter((path) => /(^|\/)(lwm2m|gateway)\//.test(path)), url.pathname).toEqual([]);
    }
  });
});
