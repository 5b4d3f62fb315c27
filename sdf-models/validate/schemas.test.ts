import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { schemasModuleText, SCHEMAS_MODULE } from './generate.js';
import { SCHEMA_FILES } from './render-schemas.js';
import * as generated from './schemas.generated.js';

const SCHEMAS = new URL('./schemas/', import.meta.url);
// The IETF files as the project received them; absent outside the development checkout.
const SPEC_DIR = new URL('../../../shared/sdf-spec/', import.meta.url);

describe('the shipped SDF schemas', () => {
  it('are built into the module the validator loads, character for character', () => {
    for (const [constant, file] of Object.entries(SCHEMA_FILES)) {
      expect(generated[constant as keyof typeof generated], file).toBe(readFileSync(new URL(file, SCHEMAS), 'utf8'));
    }
  });

  it('regenerate into exactly the checked-in module', () => {
    expect(schemasModuleText()).toBe(readFileSync(SCHEMAS_MODULE, 'utf8'));
  });

  it.runIf(existsSync(SPEC_DIR))('are exact copies of the IETF files in shared/sdf-spec', () => {
    for (const file of Object.values(SCHEMA_FILES)) {
      expect(readFileSync(new URL(file, SCHEMAS), 'utf8'), file).toBe(readFileSync(new URL(file, SPEC_DIR), 'utf8'));
    }
  });

  it('are draft-07 JSON Schemas', () => {
    for (const file of Object.values(SCHEMA_FILES)) {
      expect(JSON.parse(readFileSync(new URL(file, SCHEMAS), 'utf8'))).toMatchObject({ $schema: 'http://json-schema.org/draft-07/schema#' });
    }
  });
});
