import { z } from 'zod';
import { HttpProblem } from './http-replies.js';

/** Go's strconv.ParseBool, which the kubelet's query decoding uses. */
export const goBool = z.enum(['1', 't', 'T', 'true', 'TRUE', 'True', '0', 'f', 'F', 'false', 'FALSE', 'False']).transform((v) => ['1', 't', 'T', 'true', 'TRUE', 'True'].includes(v));

/** A non-negative decimal integer (no sign, no exponent), as a number. */
export const decimal = z
  .string()
  .regex(/^\d{1,15}$/, 'must be a whole number')
  .transform(Number);

/** The first value of each of `keys` in `query`, for a zod object schema. */
export function firstValues(query: URLSearchParams, keys: readonly string[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const key of keys) {
    const value = query.get(key);
    if (value !== null) values[key] = value;
  }
  return values;
}

/** `query` parsed by `schema`, or a 400 naming the first bad parameter. */
export function parseQuery<T>(schema: z.ZodType<T>, query: URLSearchParams, keys: readonly string[]): T {
  const result = schema.safeParse(firstValues(query, keys));
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue?.path.join('.') ?? '';
  throw new HttpProblem(400, `invalid query parameter ${where === '' ? '' : `${where}: `}${issue?.message ?? 'bad value'}`);
}
