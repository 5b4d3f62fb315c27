import { invalidInput } from './errors.js';
import { isLinkTarget, isQuotable, PARMNAME_CHAR, PTOKEN_CHAR, readLinkValueList } from './link-format-parser.js';

/**
 * CoRE Link Format (RFC 6690, content format 40) as LwM2M uses it: the registration
 * object list (Core §6.2.1) and Discover results with their attributes (pmin, pmax, gt,
 * lt, st, dim, ver, ...), which stay plain parameter strings here.
 */

export interface Link {
  readonly uri: string;
  /** Parameter names are lower-cased (RFC 8288 §3); `true` is a parameter without a value. */
  readonly params: Readonly<Record<string, string | true>>;
}

/**
 * Longest link-format text accepted, in characters. A registration listing a few hundred
 * instances fits in a few KiB; 64 KiB leaves room for block-wise transfers while keeping
 * a hostile payload from costing much.
 */
export const MAX_LINK_FORMAT_CHARS = 64 * 1024;

/** Parses a link-value list; throws FARSIDE_ERR_INVALID_INPUT when it is malformed or too long. */
export function parseLinkFormat(text: string): Link[] {
  if (text.length > MAX_LINK_FORMAT_CHARS) {
    throw invalidInput(`link format: ${text.length} characters exceeds the ${MAX_LINK_FORMAT_CHARS} limit`);
  }
  return readLinkValueList(text);
}

/** Parameters whose values are quoted-strings in RFC 6690 §3 / RFC 8288 even when a token would do. */
const ALWAYS_QUOTED = new Set(['rt', 'if', 'anchor', 'title']);
const ALL_PARMNAME = new RegExp(`^${PARMNAME_CHAR.source}+$`);
const ALL_PTOKEN = new RegExp(`^${PTOKEN_CHAR.source}+$`);

function formatValue(name: string, value: string): string {
  if (!ALWAYS_QUOTED.has(name) && ALL_PTOKEN.test(value)) return value;
  if (!isQuotable(value)) throw invalidInput(`link format: value of "${name}" contains a control character`);
  return `"${value.replace(/["\\]/g, '\\$&')}"`;
}

function formatLink(link: Link): string {
  if (!isLinkTarget(link.uri)) throw invalidInput(`link format: "${link.uri}" cannot be a link target`);
  let text = `<${link.uri}>`;
  for (const [name, value] of Object.entries(link.params)) {
    if (!ALL_PARMNAME.test(name)) throw invalidInput(`link format: "${name}" is not a valid parameter name`);
    text += value === true ? `;${name}` : `;${name}=${formatValue(name, value)}`;
  }
  return text;
}

/** Writes links as RFC 6690 text, quoting values only where the grammar requires it (and rt, if, anchor, title). */
export function formatLinkFormat(links: readonly Link[]): string {
  return links.map(formatLink).join(',');
}

export { linksFromObjects, objectsFromLinks, type RegisteredObjects } from './link-format-objects.js';
