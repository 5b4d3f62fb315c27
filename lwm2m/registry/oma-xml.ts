/**
 * Reads one OMA LwM2M registry file (the DDF XML of LwM2M 1.1 Core Appendix D, as
 * published in github.com/OpenMobileAlliance/lwm2m-registry) into ObjectModels.
 * Keeps facts only: description prose is never read out of the document.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { invalidInput } from '../errors.js';
import type { ObjectModel, Operations, ResourceModel, ResourceType } from '../model.js';
import { MAX_ID } from '../path.js';

export interface XmlObjects {
  readonly objects: readonly ObjectModel[];
  /** What was skipped or guessed, one line each, prefixed with the source name. */
  readonly warnings: readonly string[];
}

/** Core Appendix D: an absent ObjectVersion / LWM2MVersion means 1.0. */
const DEFAULT_VERSION = '1.0';

const TYPES: Readonly<Record<string, ResourceType>> = {
  string: 'string',
  integer: 'integer',
  unsignedinteger: 'unsigned',
  float: 'float',
  boolean: 'boolean',
  opaque: 'opaque',
  time: 'time',
  objlnk: 'objlnk',
  corelnk: 'corelnk',
  none: 'none',
  '': 'none',
};

const OPERATIONS: Readonly<Record<string, Operations>> = { '': '', R: 'R', W: 'W', RW: 'RW', WR: 'RW', E: 'E' };

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  // The registry writes `&#60;7 to &#62;12.5` in a range; numeric references need this.
  htmlEntities: true,
  isArray: (name) => name === 'Object' || name === 'Item',
});

/**
 * Parses one registry file. Throws FARSIDE_ERR_INVALID_INPUT when the text is not
 * well-formed XML or has no `<LWM2M>` root (e.g. the registry's DDF.xml index); skips
 * objects and resources it cannot make sense of and says so in `warnings`.
 */
export function objectsFromXml(xml: string, source: string): XmlObjects {
  const doc = parseDocument(xml, source);
  const root = field(doc, 'LWM2M');
  if (!isRecord(root)) throw invalidInput(`${source}: not an LwM2M object definition (no <LWM2M> root)`);
  const warnings: string[] = [];
  const objects: ObjectModel[] = [];
  for (const node of list(root, 'Object')) {
    const model = objectFromNode(node, (msg) => warnings.push(`${source}: ${msg}`));
    if (model !== undefined) objects.push(model);
  }
  if (objects.length === 0 && warnings.length === 0) warnings.push(`${source}: no <Object> definitions`);
  return { objects, warnings };
}

function parseDocument(xml: string, source: string): unknown {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw invalidInput(`${source}: malformed XML at line ${valid.err.line}: ${valid.err.msg}`);
  }
  try {
    return parser.parse(xml);
  } catch (err) {
    throw invalidInput(`${source}: unreadable XML: ${err instanceof Error ? err.message : String(err)}`, err);
  }
}

function objectFromNode(node: unknown, warn: (msg: string) => void): ObjectModel | undefined {
  if (!isRecord(node)) return undefined;
  const kind = text(node, '@ObjectType');
  const id = parseId(text(node, 'ObjectID'));
  const name = text(node, 'Name');
  if (kind !== undefined && kind !== 'MODefinition') {
    warn(`skipped <Object ObjectType="${kind}"> (not an object definition)`);
    return undefined;
  }
  if (id === undefined) {
    warn(`skipped object "${name ?? '?'}": ObjectID missing or outside 0..${MAX_ID}`);
    return undefined;
  }
  if (!name) {
    warn(`skipped object ${id}: no Name`);
    return undefined;
  }
  const version = text(node, 'ObjectVersion') || DEFAULT_VERSION;
  let urn = text(node, 'ObjectURN');
  if (!urn) {
    urn = guessUrn(id, version);
    warn(`object ${id}: no ObjectURN, using ${urn}`);
  }
  const objectWarn = (msg: string) => warn(`object ${id}: ${msg}`);
  return {
    id,
    name,
    urn,
    version,
    lwm2mVersion: text(node, 'LWM2MVersion') || DEFAULT_VERSION,
    multiple: flag(text(node, 'MultipleInstances'), 'Multiple', 'Single', objectWarn),
    mandatory: flag(text(node, 'Mandatory'), 'Mandatory', 'Optional', objectWarn),
    resources: resourcesFromNode(field(node, 'Resources'), objectWarn),
  };
}

function resourcesFromNode(node: unknown, warn: (msg: string) => void): ReadonlyMap<number, ResourceModel> {
  const resources = new Map<number, ResourceModel>();
  // `<Resources/>` and `<Resources></Resources>` parse to '' and hold no items.
  if (!isRecord(node)) return resources;
  for (const item of list(node, 'Item')) {
    const model = resourceFromItem(item, warn);
    if (model === undefined) continue;
    if (resources.has(model.id)) {
      warn(`resource ${model.id} defined twice, kept the first`);
      continue;
    }
    resources.set(model.id, model);
  }
  return new Map([...resources].sort(([a], [b]) => a - b));
}

function resourceFromItem(item: unknown, warn: (msg: string) => void): ResourceModel | undefined {
  if (!isRecord(item)) return undefined;
  const rawId = text(item, '@ID');
  const id = parseId(rawId);
  const name = text(item, 'Name');
  if (id === undefined) {
    warn(`skipped resource "${name ?? '?'}": ID "${rawId ?? ''}" missing or outside 0..${MAX_ID}`);
    return undefined;
  }
  if (!name) {
    warn(`skipped resource ${id}: no Name`);
    return undefined;
  }
  const resourceWarn = (msg: string) => warn(`resource ${id}: ${msg}`);
  const range = text(item, 'RangeEnumeration');
  const units = text(item, 'Units');
  return {
    id,
    name,
    operations: operationsOf(text(item, 'Operations'), resourceWarn),
    multiple: flag(text(item, 'MultipleInstances'), 'Multiple', 'Single', resourceWarn),
    mandatory: flag(text(item, 'Mandatory'), 'Mandatory', 'Optional', resourceWarn),
    type: typeOf(text(item, 'Type'), resourceWarn),
    ...(range ? { range } : {}),
    ...(units ? { units } : {}),
  };
}

function operationsOf(raw: string | undefined, warn: (msg: string) => void): Operations {
  const key = (raw ?? '').replace(/\s/g, '').toUpperCase();
  const ops = Object.hasOwn(OPERATIONS, key) ? OPERATIONS[key] : undefined;
  if (ops !== undefined) return ops;
  warn(`unknown Operations "${raw ?? ''}", treated as none`);
  return '';
}

function typeOf(raw: string | undefined, warn: (msg: string) => void): ResourceType {
  const key = (raw ?? '').replace(/\s/g, '').toLowerCase();
  const type = Object.hasOwn(TYPES, key) ? TYPES[key] : undefined;
  if (type !== undefined) return type;
  warn(`unknown Type "${raw ?? ''}", treated as none`);
  return 'none';
}

/** Absent means the second (default) word; anything else is a warning and false. */
function flag(raw: string | undefined, yes: string, no: string, warn: (msg: string) => void): boolean {
  const word = (raw ?? no).toLowerCase();
  if (word === yes.toLowerCase()) return true;
  if (word !== no.toLowerCase()) warn(`expected ${yes} or ${no}, got "${raw ?? ''}"; taken as ${no}`);
  return false;
}

function parseId(raw: string | undefined): number | undefined {
  if (raw === undefined || !/^\d{1,5}$/.test(raw)) return undefined;
  const id = Number(raw);
  return id <= MAX_ID ? id : undefined;
}

/** OMA ranges: 0-1023 OMA objects, 2048-10240 other standards bodies, the rest vendors. */
function guessUrn(id: number, version: string): string {
  const kind = id <= 1023 ? 'oma' : id >= 2048 && id <= 10240 ? 'ext' : 'x';
  return `urn:oma:lwm2m:${kind}:${id}${version === DEFAULT_VERSION ? '' : `:${version}`}`;
}

/**
 * The element's text with whitespace runs (newlines, tabs, no-break spaces from the
 * registry's editors) collapsed to one space and trimmed; undefined when absent.
 * A repeated element counts by its first occurrence.
 */
function text(node: Record<string, unknown>, key: string): string | undefined {
  let value = field(node, key);
  if (Array.isArray(value)) value = value[0];
  if (isRecord(value)) value = field(value, '#text') ?? '';
  if (typeof value === 'number' || typeof value === 'boolean') value = String(value);
  return typeof value === 'string' ? value.replace(/\s+/g, ' ').trim() : undefined;
}

function list(node: Record<string, unknown>, key: string): readonly unknown[] {
  const value = field(node, key);
  return Array.isArray(value) ? value : [];
}

/** Own properties only, so a document with `<__proto__>` or `<constructor>` cannot confuse us. */
function field(node: unknown, key: string): unknown {
  return isRecord(node) && Object.hasOwn(node, key) ? node[key] : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
