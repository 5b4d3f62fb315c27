/**
 * ajv's errors as lines a person can act on. The SDF schemas branch with `anyOf`, so one
 * mistake yields an error per branch; these are merged per place in the document, and
 * the bare "must match a schema in anyOf" is dropped when a more precise error exists.
 */
import type { ErrorObject } from 'ajv';

export function readableErrors(errors: readonly ErrorObject[]): string[] {
  const allowed = new Map<string, Set<string>>();
  const lines = new Set<string>();
  for (const error of errors) {
    const at = error.instancePath === '' ? '(document)' : error.instancePath;
    const params = error.params as Record<string, unknown>;
    if (error.keyword === 'enum' || error.keyword === 'const') {
      const values = error.keyword === 'enum' ? (params['allowedValues'] as unknown[]) : [params['allowedValue']];
      const set = allowed.get(at) ?? new Set<string>();
      for (const value of values ?? []) set.add(JSON.stringify(value));
      allowed.set(at, set);
    } else if (error.keyword === 'additionalProperties') {
      lines.add(`${at}: '${String(params['additionalProperty'])}' is not allowed here`);
    } else if (error.keyword !== 'anyOf') {
      lines.add(`${at}: ${error.message ?? error.keyword}`);
    }
  }
  for (const [at, values] of allowed) lines.add(`${at}: must be one of ${[...values].join(', ')}`);
  if (lines.size === 0) {
    for (const error of errors) lines.add(`${error.instancePath || '(document)'}: ${error.message ?? error.keyword}`);
  }
  return [...lines];
}
