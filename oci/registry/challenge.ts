/**
 * The `WWW-Authenticate` challenge a registry answers 401 with (RFC 7235 §4.1), e.g.
 * `Bearer realm="https://auth.example/token",service="registry.example",scope="repository:a/b:pull"`.
 */
import { invalidInput } from '../../errors/index.js';

export interface AuthChallenge {
  /** Lower-cased scheme: `basic`, `bearer`, or another the registry offers. */
  readonly scheme: string;
  /** auth-params with lower-cased names, e.g. `realm`, `service`, `scope`, `error`. */
  readonly params: Readonly<Record<string, string>>;
}

/** RFC 7230 §3.2.6 token characters. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+/;
/** A header longer than this is not a challenge; refuse it rather than scan it. */
const MAX_HEADER_LENGTH = 8192;

/**
 * The first challenge in the header (registries send one); FARSIDE_ERR_INVALID_INPUT
 * when the header is not a challenge at all.
 */
export function parseAuthChallenge(header: string): AuthChallenge {
  if (header.length > MAX_HEADER_LENGTH) throw invalidInput(`WWW-Authenticate header of ${header.length} characters is too long`);
  let rest = header.trimStart();
  const scheme = TOKEN.exec(rest)?.[0];
  if (scheme === undefined) throw invalidInput(`WWW-Authenticate header "${header}" does not start with an auth scheme`);
  rest = rest.slice(scheme.length);
  // No prototype: a parameter called "__proto__" or "constructor" is just a parameter.
  const params = Object.create(null) as Record<string, string>;
  for (;;) {
    rest = rest.replace(/^[\s,]+/, '');
    if (rest.length === 0) break;
    const name = TOKEN.exec(rest)?.[0];
    if (name === undefined) throw invalidInput(`WWW-Authenticate header "${header}": expected a parameter name at "${rest}"`);
    const afterName = rest.slice(name.length).trimStart();
    // A token without "=" starts the next challenge (or is a token68 credential): stop here.
    if (!afterName.startsWith('=')) break;
    rest = afterName.slice(1).trimStart();
    const value = rest.startsWith('"') ? readQuoted(rest, header) : TOKEN.exec(rest)?.[0];
    if (value === undefined) throw invalidInput(`WWW-Authenticate header "${header}": parameter ${name} has no value`);
    rest = rest.slice(rest.startsWith('"') ? quotedLength(rest) : value.length);
    params[name.toLowerCase()] ??= value;
  }
  return { scheme: scheme.toLowerCase(), params };
}

/** The unescaped content of the quoted-string at the start of `text` (RFC 7230 §3.2.6). */
function readQuoted(text: string, header: string): string {
  let value = '';
  for (let i = 1; i < text.length; i++) {
    const c = text[i];
    if (c === '"') return value;
    if (c === '\\') {
      i++;
      if (i >= text.length) break;
    }
    value += text[i];
  }
  throw invalidInput(`WWW-Authenticate header "${header}" has an unterminated quoted string`);
}

/** How many characters the quoted-string at the start of `text` takes, quotes included (it is known to be terminated). */
function quotedLength(text: string): number {
  for (let i = 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i + 1;
  }
  return text.length;
}
