import { invalidInput } from './errors.js';
import type { Link } from './link-format.js';
import { MAX_ID } from './path.js';

/**
 * The objects a client announces in its Register/Update payload (LwM2M 1.1 Core §6.2.1,
 * §5.3.1), read from and written to links such as
 * `</lwm2m>;rt="oma.lwm2m";ct=110, </lwm2m/1>;ver=1.1, </lwm2m/1/0>, </lwm2m/3/0>`.
 */

export interface RegisteredObjects {
  /** The client's alternate root path, `/` when it uses none. */
  readonly rootPath: string;
  /** By object id, ascending; an object with no instances is supported but has none yet. */
  readonly objects: ReadonlyMap<number, { readonly version?: string; readonly instances: readonly number[] }>;
  /** Content formats from the root link's `ct`, when the client lists them. */
  readonly supportedFormats?: readonly number[];
}

/** Core §6.2.1: the resource type marking the link to the LwM2M root path. */
export const LWM2M_ROOT_RESOURCE_TYPE = 'oma.lwm2m';
const DEFAULT_ROOT_PATH = '/';
/** Core §6.2.1: object versions are `major.minor`. */
const VERSION = /^\d{1,3}\.\d{1,3}$/;
const ROOT_PATH = /^\/(?:[^/?#]+(?:\/[^/?#]+)*)?\/?$/;
const OBJECT_OR_INSTANCE = /^\/(\d{1,5})(?:\/(\d{1,5}))?$/;
const CONTENT_FORMAT_ID = /^\d{1,5}$/;
/** CoAP Content-Format is a 16-bit option value (RFC 7252 §12.3). */
const MAX_CONTENT_FORMAT = 0xffff;

interface Root {
  readonly link?: Link;
  readonly path: string;
  readonly formats?: readonly number[];
}

function normalizeRootPath(uri: string): string {
  if (!ROOT_PATH.test(uri)) throw invalidInput(`registration: "${uri}" is not a usable LwM2M root path`);
  return uri.length > 1 && uri.endsWith('/') ? uri.slice(0, -1) : uri;
}

function parseContentFormats(ct: string | true | undefined, uri: string): number[] | undefined {
  if (ct === undefined) return undefined;
  const parts = ct === true ? [] : ct.trim().split(/\s+/).filter((part) => part !== '');
  const formats = parts.map(Number);
  if (parts.length === 0 || parts.some((part, i) => !CONTENT_FORMAT_ID.test(part) || (formats[i] ?? 0) > MAX_CONTENT_FORMAT)) {
    throw invalidInput(`registration: ct of <${uri}> must list content format numbers, got ${JSON.stringify(ct)}`);
  }
  return formats;
}

function isRootLink(link: Link): boolean {
  const rt = link.params['rt'];
  return typeof rt === 'string' && rt.split(/\s+/).includes(LWM2M_ROOT_RESOURCE_TYPE);
}

function rootOf(links: readonly Link[]): Root {
  const marked = links.filter(isRootLink);
  if (marked.length > 1) throw invalidInput(`registration: ${marked.length} links claim rt="${LWM2M_ROOT_RESOURCE_TYPE}"`);
  // LwM2M 1.0 clients announce formats on a plain `</>` link, without rt.
  const link = marked[0] ?? links.find((l) => l.uri === DEFAULT_ROOT_PATH);
  if (link === undefined) return { path: DEFAULT_ROOT_PATH };
  const formats = parseContentFormats(link.params['ct'], link.uri);
  return { link, path: normalizeRootPath(link.uri), ...(formats && { formats }) };
}

function idsUnder(uri: string, rootPath: string): [objectId: number, instanceId?: number] {
  const prefix = rootPath === DEFAULT_ROOT_PATH ? '' : rootPath;
  const match = uri.startsWith(prefix) ? OBJECT_OR_INSTANCE.exec(uri.slice(prefix.length)) : null;
  const objectId = Number(match?.[1]);
  const instanceId = match?.[2] === undefined ? undefined : Number(match[2]);
  if (match === null || objectId > MAX_ID || (instanceId ?? 0) > MAX_ID) {
    throw invalidInput(`registration: <${uri}> is not an object or object instance under root ${rootPath}`);
  }
  return [objectId, instanceId];
}

function versionOf(link: Link): string | undefined {
  const ver = link.params['ver'];
  if (ver === undefined) return undefined;
  if (ver === true || !VERSION.test(ver)) throw invalidInput(`registration: ver of <${link.uri}> must look like "1.1", got ${JSON.stringify(ver)}`);
  return ver;
}

/** Reads the registration payload's links; throws FARSIDE_ERR_INVALID_INPUT for links that are not objects or instances. */
export function objectsFromLinks(links: readonly Link[]): RegisteredObjects {
  const root = rootOf(links);
  const found = new Map<number, { version?: string; instances: Set<number> }>();
  for (const link of links) {
    if (link === root.link) continue;
    const [objectId, instanceId] = idsUnder(link.uri, root.path);
    const entry = found.get(objectId) ?? { instances: new Set<number>() };
    found.set(objectId, entry);
    const version = versionOf(link);
    if (version !== undefined && entry.version !== undefined && version !== entry.version) {
      throw invalidInput(`registration: object ${objectId} is announced with versions ${entry.version} and ${version}`);
    }
    if (version !== undefined) entry.version = version;
    if (instanceId !== undefined) entry.instances.add(instanceId);
  }
  const objects = new Map(
    [...found.entries()]
      .sort(([a], [b]) => a - b)
      .map(([id, { version, instances }]) => [id, { ...(version !== undefined && { version }), instances: [...instances].sort((a, b) => a - b) }]),
  );
  return { rootPath: root.path, objects, ...(root.formats && { supportedFormats: root.formats }) };
}

function checkId(id: number, what: string): void {
  if (!Number.isInteger(id) || id < 0 || id > MAX_ID) throw invalidInput(`registration: ${what} ${id} is not a valid LwM2M id`);
}

/**
 * The links for a Register/Update payload: a root link when the root path is not `/` or
 * formats are listed, then per object (ascending) `</o>;ver=..` when it has a version or
 * no instances, and `</o/i>` per instance.
 */
export function linksFromObjects(registered: RegisteredObjects): Link[] {
  const rootPath = normalizeRootPath(registered.rootPath);
  const links: Link[] = [];
  const formats = registered.supportedFormats;
  if (rootPath !== DEFAULT_ROOT_PATH || (formats !== undefined && formats.length > 0)) {
    const params: Record<string, string> = { rt: LWM2M_ROOT_RESOURCE_TYPE };
    if (formats !== undefined && formats.length > 0) {
      for (const format of formats) {
        if (!Number.isInteger(format) || format < 0 || format > MAX_CONTENT_FORMAT) throw invalidInput(`registration: ${format} is not a content format`);
      }
      params['ct'] = formats.join(' ');
    }
    links.push({ uri: rootPath, params });
  }
  const prefix = rootPath === DEFAULT_ROOT_PATH ? '' : rootPath;
  for (const [objectId, { version, instances }] of [...registered.objects].sort(([a], [b]) => a - b)) {
    checkId(objectId, 'object');
    if (version !== undefined && !VERSION.test(version)) throw invalidInput(`registration: object ${objectId} version "${version}" must look like "1.1"`);
    if (version !== undefined || instances.length === 0) {
      links.push({ uri: `${prefix}/${objectId}`, params: version === undefined ? {} : { ver: version } });
    }
    for (const instanceId of [...new Set(instances)].sort((a, b) => a - b)) {
      checkId(instanceId, `instance of object ${objectId}`);
      links.push({ uri: `${prefix}/${objectId}/${instanceId}`, params: {} });
    }
  }
  return links;
}
