/** How deep request data may nest; SDF data is a value or a map of values, far shallower. */
export const MAX_DATA_DEPTH = 32;

/**
 * Whether `value` is data a decoder of JSON or plain CBOR yields: null, booleans, numbers,
 * strings, bigints, byte strings, arrays and plain objects, nested at most `maxDepth` deep.
 * CBOR tags can decode to Dates, Sets, RegExps and the like; none of them is SDF data.
 * The depth limit keeps a hostile payload from exhausting the stack of whoever walks it.
 * With `arrays: false`, lists are refused too (SDF property values have none).
 */
export function isPlainData(value: unknown, maxDepth = MAX_DATA_DEPTH, options: { readonly arrays?: boolean } = {}): boolean {
  if (value === null) return true;
  switch (typeof value) {
    case 'boolean':
    case 'number':
    case 'string':
    case 'bigint':
      return true;
    case 'object':
      break;
    default:
      return false;
  }
  if (value instanceof Uint8Array) return true;
  if (maxDepth <= 0) return false;
  if (Array.isArray(value)) return options.arrays !== false && value.every((item) => isPlainData(item, maxDepth - 1, options));
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  return Object.values(value).every((item) => isPlainData(item, maxDepth - 1, options));
}
