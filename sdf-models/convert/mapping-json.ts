/**
 * Reads an SDF mapping file (draft-ietf-asdf-sdf-mapping §3) from parsed JSON or text,
 * checking its shape only: the map's qualities are kept as they are. Bad input throws
 * FARSIDE_ERR_INVALID_INPUT, never anything else.
 */
import { invalidInput } from '../../errors/index.js';
import type { SdfMapping, SdfMappingEntry } from './sdf-mapping.js';
import type { SdfInfo } from './sdf-model.js';

export function sdfMappingFromText(text: string): SdfMapping {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw invalidInput(`SDF mapping file is not JSON: ${(err as Error).message}`, err);
  }
  return sdfMappingFromJson(json);
}

export function sdfMappingFromJson(json: unknown): SdfMapping {
  if (!isRecord(json)) throw invalidInput('SDF mapping file must be a JSON object');
  const { info, namespace, defaultNamespace, map } = json;
  if (!isRecord(map)) throw invalidInput("SDF mapping file needs a 'map' object");
  for (const [pointer, qualities] of Object.entries(map)) {
    if (!isRecord(qualities)) throw invalidInput(`SDF mapping entry '${pointer}' must be an object of qualities`);
  }
  // fromEntries defines own properties, so a key such as "__proto__" stays a key.
  const entries: Record<string, SdfMappingEntry> = Object.fromEntries(Object.entries(map) as [string, SdfMappingEntry][]);
  if (namespace !== undefined && !(isRecord(namespace) && Object.values(namespace).every((uri) => typeof uri === 'string'))) {
    throw invalidInput("SDF mapping 'namespace' must map short names to URI strings");
  }
  if (defaultNamespace !== undefined && (typeof defaultNamespace !== 'string' || !Object.hasOwn(namespace ?? {}, defaultNamespace))) {
    // RFC 9880 §3.2: a default namespace names an entry of the namespace map.
    throw invalidInput("SDF mapping 'defaultNamespace' must name an entry of 'namespace'");
  }
  return {
    ...(info === undefined ? {} : { info: infoFrom(info) }),
    ...(namespace === undefined ? {} : { namespace: namespace as Record<string, string> }),
    ...(defaultNamespace === undefined ? {} : { defaultNamespace }),
    map: entries,
  };
}

const INFO_TEXT_QUALITIES = ['title', 'description', 'version', 'modified', 'copyright', 'license', '$comment'];

function infoFrom(info: unknown): SdfInfo {
  if (!isRecord(info)) throw invalidInput("SDF mapping 'info' must be an object");
  for (const quality of INFO_TEXT_QUALITIES) {
    if (info[quality] !== undefined && typeof info[quality] !== 'string') throw invalidInput(`SDF mapping info.${quality} must be a string`);
  }
  return Object.fromEntries(Object.entries(info)) as SdfInfo;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
