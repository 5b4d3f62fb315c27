/**
 * JSON written the way Go's encoding/json.Marshal writes it, so that what we pack
 * hashes to the same digest as what ORAS (a Go program) packs:
 * - no whitespace; struct fields in declaration order, `omitempty` fields left out
 *   when empty; map keys sorted by their UTF-8 bytes;
 * - strings escaped with HTML safety on (Marshal's default): `<`, `>`, `&` as
 *   \u003c \u003e \u0026, U+2028/U+2029 as \u2028 \u2029, `\n` `\r` `\t` `\b` `\f`
 *   (the short forms for \b and \f since Go 1.22, which every ORAS 1.2+ build uses),
 *   other control characters as \u00XX with lower-case hex, and text that is not
 *   valid Unicode (lone surrogates here, bad UTF-8 in Go) as \ufffd.
 */

const SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

function unicodeEscape(codePoint: number): string {
  return `\\u${codePoint.toString(16).padStart(4, '0')}`;
}

function needsUnicodeEscape(codePoint: number): boolean {
  return (
    codePoint < 0x20 ||
    codePoint === 0x3c || // <
    codePoint === 0x3e || // >
    codePoint === 0x26 || // &
    codePoint === 0x2028 ||
    codePoint === 0x2029
  );
}

export function goQuote(text: string): string {
  let out = '"';
  for (const char of text) {
    const codePoint = char.codePointAt(0) ?? 0;
    const short = SHORT_ESCAPES[char];
    if (short !== undefined) out += short;
    else if (needsUnicodeEscape(codePoint)) out += unicodeEscape(codePoint);
    else if (codePoint >= 0xd800 && codePoint <= 0xdfff) out += '\\ufffd';
    else out += char;
  }
  return `${out}"`;
}

export function goInt(value: number): string {
  return String(value);
}

export function goArray(items: readonly string[]): string {
  return `[${items.join(',')}]`;
}

/** Go sorts map keys with strings.Compare, i.e. by UTF-8 bytes (not UTF-16 units as Array#sort would). */
export function compareUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

export function goStringMap(map: Readonly<Record<string, string>>): string {
  const keys = Object.keys(map).sort(compareUtf8);
  return `{${keys.map((key) => `${goQuote(key)}:${goQuote(map[key] ?? '')}`).join(',')}}`;
}

/** A struct: fields whose encoded value is undefined are the ones `omitempty` drops. */
export function goStruct(fields: ReadonlyArray<readonly [name: string, encoded: string | undefined]>): string {
  const present = fields.filter((field): field is readonly [string, string] => field[1] !== undefined);
  return `{${present.map(([name, encoded]) => `${goQuote(name)}:${encoded}`).join(',')}}`;
}

/** `omitempty` for strings: "" is dropped. */
export function omitEmptyString(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : goQuote(value);
}

/** `omitempty` for maps: nil and empty maps are dropped. */
export function omitEmptyMap(map: Readonly<Record<string, string>> | undefined): string | undefined {
  return map === undefined || Object.keys(map).length === 0 ? undefined : goStringMap(map);
}

/** `omitempty` for slices of strings: nil and empty slices are dropped. */
export function omitEmptyStrings(items: readonly string[] | undefined): string | undefined {
  return items === undefined || items.length === 0 ? undefined : goArray(items.map(goQuote));
}
