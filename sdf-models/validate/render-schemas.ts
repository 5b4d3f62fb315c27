/**
 * Writes the text of `schemas.generated.ts`: the schema files of `schemas/` as string
 * constants, line by line, so the validator has them after `tsc` (which copies no JSON
 * it does not import) and without JSON-module support at run time.
 */

export const SCHEMAS_GENERATE_COMMAND = 'npx tsx sdf-models/validate/generate.ts';

/** Constant name → file name in `schemas/`. */
export const SCHEMA_FILES = {
  SDF_VALIDATION_SCHEMA_TEXT: 'sdf-validation.jso.json',
  SDF_FRAMEWORK_SCHEMA_TEXT: 'sdf-framework.jso.json',
} as const;

export type SchemaConstant = keyof typeof SCHEMA_FILES;

const HEADER = `// GENERATED FILE, do not edit. Regenerate with \`${SCHEMAS_GENERATE_COMMAND}\`.
//
// The JSON Schema (draft-07) renditions of RFC 9880's CDDL, from the IETF ASDF working
// group's SDF repository (commit 874a5cb32e6a), exactly as in sdf-models/validate/schemas/.
// sdf-validation.jso.json checks plain SDF; sdf-framework.jso.json also admits extension
// points such as prefixed qualities ("oma:id").
`;

/** `texts` maps each constant to its file's exact text. */
export function renderSchemasModule(texts: Readonly<Record<SchemaConstant, string>>): string {
  const parts = [HEADER];
  for (const constant of Object.keys(SCHEMA_FILES) as SchemaConstant[]) {
    const lines = texts[constant].split('\n').map((line) => `  ${JSON.stringify(line)},`);
    parts.push(`/** ${SCHEMA_FILES[constant]} */`, `export const ${constant}: string = [`, ...lines, "].join('\\n');", '');
  }
  return parts.join('\n');
}
