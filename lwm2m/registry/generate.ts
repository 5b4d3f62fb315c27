/**
 * Regenerates oma-objects.generated.ts from a directory of OMA registry XML files.
 *
 *   npx tsx lwm2m/registry/generate.ts <registry-dir> [out-file]
 *
 * Everything skipped or patched up is logged to stderr; the file is written only
 * when its content changed.
 */
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { collectObjects, type RegistryFile } from './collect-objects.js';
import { renderGeneratedModule } from './render-module.js';

export const GENERATED_FILE = fileURLToPath(new URL('./oma-objects.generated.ts', import.meta.url));

/** Reads every `*.xml` in `dir` and returns the generated module's text and the log. */
export function generateFromDirectory(dir: string): { text: string; log: readonly string[]; count: number } {
  const files: RegistryFile[] = readdirSync(dir)
    .filter((name) => name.toLowerCase().endsWith('.xml'))
    .map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }));
  const { objects, log } = collectObjects(files);
  return { text: renderGeneratedModule(objects), log, count: objects.length };
}

function main(argv: readonly string[]): number {
  const [dir, out = GENERATED_FILE] = argv;
  if (dir === undefined) {
    process.stderr.write('usage: tsx lwm2m/registry/generate.ts <registry-dir> [out-file]\n');
    return 2;
  }
  const { text, log, count } = generateFromDirectory(dir);
  for (const line of log) process.stderr.write(`${line}\n`);
  const unchanged = existsSync(out) && readFileSync(out, 'utf8') === text;
  if (!unchanged) writeFileSync(out, text);
  process.stderr.write(`${count} objects, ${text.length} bytes: ${out}${unchanged ? ' (unchanged)' : ''}\n`);
  return 0;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = main(process.argv.slice(2));
}
