import { invalidInput } from './errors.js';
import type { Link } from './link-format.js';

/**
 * A linear-time reader for RFC 6690 §2 link-value lists. It is strict about the grammar
 * but, like most deployed parsers, allows whitespace and line breaks around `,` and `;`
 * (clients pretty-print long registration payloads).
 */

const WHITESPACE = new Set([' ', '\t', '\r', '\n']);
/** RFC 5987 parmname (used by RFC 6690 link-extension), plus `*` for RFC 8288 ext-name-star. */
export const PARMNAME_CHAR = /[A-Za-z0-9!#$&+\-.^_`|~*]/;
/** RFC 6690 §2 ptokenchar: what an unquoted parameter value may contain. */
export const PTOKEN_CHAR = /[!#$%&'()*+\-./0-9:<=>?@A-Z[\]^_`a-z{|}~]/;
const DEL = 0x7f;

function isControl(code: number): boolean {
  return code < 0x20 || code === DEL;
}

/** True when `uri` could sit between `<` and `>`: no space, control, `<`, `>`, `"` or `\` (RFC 3986 §2). */
export function isLinkTarget(uri: string): boolean {
  for (let i = 0; i < uri.length; i++) {
    const code = uri.charCodeAt(i);
    if (code === 0x20 || isControl(code) || '<>"\\'.includes(uri.charAt(i))) return false;
  }
  return true;
}

/** True when `value` can be a quoted-string: no control characters other than tab (RFC 7230 §3.2.6). */
export function isQuotable(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (isControl(code) && code !== 0x09) return false;
  }
  return true;
}

class Reader {
  at = 0;
  constructor(private readonly text: string) {}

  get done(): boolean {
    return this.at >= this.text.length;
  }

  peek(): string | undefined {
    return this.text[this.at];
  }

  skipWhitespace(): void {
    while (!this.done && WHITESPACE.has(this.text[this.at] ?? '')) this.at++;
  }

  fail(what: string): never {
    const shown = this.done ? 'end of input' : `"${this.text.slice(this.at, this.at + 16)}"`;
    throw invalidInput(`link format: ${what} at offset ${this.at} (found ${shown})`);
  }

  expect(char: string, what: string): void {
    if (this.peek() !== char) this.fail(`expected ${what}`);
    this.at++;
  }

  readWhile(pattern: RegExp): string {
    const start = this.at;
    while (!this.done && pattern.test(this.text[this.at] ?? '')) this.at++;
    return this.text.slice(start, this.at);
  }

  readUri(): string {
    this.expect('<', '"<" to start a link');
    const end = this.text.indexOf('>', this.at);
    if (end < 0) this.fail('unterminated "<"');
    const uri = this.text.slice(this.at, end);
    if (!isLinkTarget(uri)) this.fail('invalid character in link target');
    this.at = end + 1;
    return uri;
  }

  /** RFC 7230 §3.2.6 quoted-string: backslash escapes the next character. */
  readQuoted(): string {
    this.expect('"', 'a quote');
    let value = '';
    for (;;) {
      const char = this.text[this.at];
      if (char === undefined) this.fail('unterminated quoted value');
      this.at++;
      if (char === '"') return value;
      if (char === '\\') {
        const escaped = this.text[this.at];
        if (escaped === undefined) this.fail('unterminated quoted value');
        value += escaped;
        this.at++;
      } else if (!isQuotable(char)) {
        this.at--;
        this.fail('control character in quoted value');
      } else {
        value += char;
      }
    }
  }

  readParam(): [name: string, value: string | true] {
    const name = this.readWhile(PARMNAME_CHAR).toLowerCase();
    if (name === '') this.fail('expected a parameter name');
    if (this.peek() !== '=') return [name, true];
    this.at++;
    if (this.peek() === '"') return [name, this.readQuoted()];
    const value = this.readWhile(PTOKEN_CHAR);
    if (value === '') this.fail(`expected a value for "${name}"`);
    return [name, value];
  }

  readLink(): Link {
    const uri = this.readUri();
    // A Map, then fromEntries: a parameter named "__proto__" must stay plain data.
    const params = new Map<string, string | true>();
    for (;;) {
      this.skipWhitespace();
      if (this.peek() !== ';') break;
      this.at++;
      this.skipWhitespace();
      const [name, value] = this.readParam();
      // RFC 8288 §3: occurrences of a parameter after the first are ignored.
      if (!params.has(name)) params.set(name, value);
    }
    return { uri, params: Object.fromEntries(params) };
  }
}

export function readLinkValueList(text: string): Link[] {
  const reader = new Reader(text);
  const links: Link[] = [];
  reader.skipWhitespace();
  while (!reader.done) {
    links.push(reader.readLink());
    reader.skipWhitespace();
    if (reader.done) break;
    reader.expect(',', '"," between links');
    reader.skipWhitespace();
    if (reader.done) reader.fail('expected a link after ","');
  }
  return links;
}
