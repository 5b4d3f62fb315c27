/**
 * Validates a document against the JSON Schema renditions of RFC 9880's grammar
 * (Appendix A): `strict` is plain SDF, as farside's shipped models are once their
 * mapping is kept outside; `framework` also admits extension points such as prefixed
 * qualities (`"oma:id": 3` inlined from a mapping file).
 */
import { Ajv, type ValidateFunction } from 'ajv';
import { invalidInput } from '../../errors/index.js';
import { SDF_FRAMEWORK_SCHEMA_TEXT, SDF_VALIDATION_SCHEMA_TEXT } from './schemas.generated.js';
import { readableErrors } from './validation-errors.js';

export type SdfValidationMode = 'strict' | 'framework';

export type SdfValidationResult = { readonly ok: true } | { readonly ok: false; readonly errors: readonly string[] };

const SCHEMA_TEXT: Readonly<Record<SdfValidationMode, string>> = {
  strict: SDF_VALIDATION_SCHEMA_TEXT,
  framework: SDF_FRAMEWORK_SCHEMA_TEXT,
};

// Compiled on first use: compiling a schema takes a good part of a second, which
// importers who never validate should not pay.
const compiled = new Map<SdfValidationMode, ValidateFunction>();

/**
 * Checks `json` (a parsed SDF document) in `mode`. Never throws for a bad document; an
 * unknown mode is a caller's mistake and throws FARSIDE_ERR_INVALID_INPUT.
 */
export function validateSdfModel(json: unknown, mode: SdfValidationMode): SdfValidationResult {
  const validate = validatorFor(mode);
  if (validate(json)) return { ok: true };
  return { ok: false, errors: readableErrors(validate.errors ?? []) };
}

function validatorFor(mode: SdfValidationMode): ValidateFunction {
  const cached = compiled.get(mode);
  if (cached) return cached;
  if (!Object.hasOwn(SCHEMA_TEXT, mode)) throw invalidInput(`unknown SDF validation mode '${String(mode)}' (strict or framework)`);
  // The IETF schemas use draft-07 only; `strict: false` keeps ajv from rejecting their
  // harmless extras (such as `title`) as unknown keywords.
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(JSON.parse(SCHEMA_TEXT[mode]) as object);
  compiled.set(mode, validate);
  return validate;
}
