/**
 * Regenerates schemas.generated.ts from the schema files in schemas/.
 *
 *   npx tsx sdf-models/validate/generate.ts
 *
 * The file is written only when its content changed.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderSchemasModule, SCHEMA_FILES, type SchemaConstant } from './render-schemas.js';

export const SCHEMAS_DIR = new URL('./schemas/', import.meta.url);
export const SCHEMAS_MODULE = fileURLToPath(new URL('./schemas.generated.ts', import.meta.url));

/** The module text for the schema files now in schemas/. */
export function schemasModuleText(): string {
  const texts = {} as Record<SchemaConstant, string>;
  for (const [constant, file] of Object.entries(SCHEMA_FILES) as [SchemaConstant, string][]) {
    texts[constant] = readFileSync(new URL(file, SCHEMAS_DIR), 'utf8');
  }
  return renderSchemasModule(texts);
}

function main(): number {
  const text = schemasModuleText();
  const unchanged = existsSync(SCHEMAS_MODULE) && readFileSync(SCHEMAS_MODULE, 'utf8') === text;
  if (!unchanged) writeFileSync(SCHEMAS_MODULE, text);
  process.stderr.write(`${text.length} bytes: ${SCHEMAS_MODULE}${unchanged ? ' (unchanged)' : ''}\n`);
  return 0;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = main();
}
