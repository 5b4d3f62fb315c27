/**
 * JSON pointers as SDF uses them, in URI fragment form (`#/sdfObject/Device`): RFC 6901
 * §3 escapes `~` and `/` inside a name, §6 then percent-encodes what a fragment may not
 * hold. RFC 9880 §2.3.2 asks for both layers.
 */
import { invalidInput } from '../../errors/index.js';

// RFC 3986 §3.5: a fragment is pchar / "/" / "?"; pchar is unreserved, sub-delims, ":" and "@".
const FRAGMENT_SAFE = /[A-Za-z0-9\-._~!$&'()*+,;=:@/?]/;

/** `#/` followed by `tokens`, each escaped, e.g. `sdfPointer('sdfObject', 'Device')`. */
export function sdfPointer(...tokens: readonly string[]): string {
  return `#/${tokens.map(encodeToken).join('/')}`;
}

/**
 * The tokens of a same-document pointer such as `#/sdfObject/Device`; throws
 * FARSIDE_ERR_INVALID_INPUT when `pointer` is not one.
 */
export function pointerTokens(pointer: string): string[] {
  if (!pointer.startsWith('#/')) throw invalidInput(`'${pointer}' is not an SDF pointer: it must start with '#/'`);
  let decoded: string;
  try {
    decoded = decodeURIComponent(pointer.slice(2));
  } catch (err) {
    throw invalidInput(`'${pointer}' is not an SDF pointer: bad percent-encoding`, err);
  }
  return decoded.split('/').map((token) => {
    if (/~(?![01])/.test(token)) throw invalidInput(`'${pointer}' is not an SDF pointer: '~' must be followed by 0 or 1`);
    return token.replace(/~1/g, '/').replace(/~0/g, '~');
  });
}

function encodeToken(token: string): string {
  const escaped = token.replace(/~/g, '~0').replace(/\//g, '~1');
  let out = '';
  for (const char of escaped) out += FRAGMENT_SAFE.test(char) ? char : encodeURIComponent(char);
  return out;
}
