/** The keys of a mapping file's `map`: SDF name references (draft-ietf-asdf-sdf-mapping §3). */
import { invalidInput } from '../../errors/index.js';
import { pointerTokens } from './pointer.js';
import type { SdfMapping } from './sdf-mapping.js';

/**
 * The pointer tokens of `key`, which is `#/...` or names one of the mapping's own
 * namespaces (`oma:#/...`, RFC 9880 §4.3). Throws FARSIDE_ERR_INVALID_INPUT otherwise.
 */
export function mappingKeyTokens(key: string, mapping: Pick<SdfMapping, 'namespace'>): string[] {
  const colon = key.indexOf(':');
  const hash = key.indexOf('#');
  if (colon < 0 || (hash >= 0 && hash < colon)) return pointerTokens(key);
  const prefix = key.slice(0, colon);
  if (!Object.hasOwn(mapping.namespace ?? {}, prefix)) {
    throw invalidInput(`SDF mapping: '${key}' uses namespace '${prefix}', which the mapping does not declare`);
  }
  return pointerTokens(key.slice(colon + 1));
}
