import { invalidInput } from './errors.js';

/**
 * An LwM2M path as a tuple of ids: `[]` is the root, `[3]` an object, `[3, 0]` an
 * object instance, `[3, 0, 9]` a resource, `[3, 0, 11, 1]` a resource instance.
 * Tuples keep paths cheap to hold by the thousand and make the level `path.length`.
 */
export type LwM2mPath =
  | readonly []
  | readonly [objectId: number]
  | readonly [objectId: number, instanceId: number]
  | readonly [objectId: number, instanceId: number, resourceId: number]
  | readonly [objectId: number, instanceId: number, resourceId: number, resourceInstanceId: number];

export type ObjectPath = readonly [number];
export type InstancePath = readonly [number, number];
export type ResourcePath = readonly [number, number, number];
export type ResourceInstancePath = readonly [number, number, number, number];

/** LwM2M 1.1 Core §7.1: ids are 16-bit; 65535 is reserved. */
export const MAX_ID = 65534;

function isId(n: number): boolean {
  return Number.isInteger(n) && n >= 0 && n <= MAX_ID;
}

/** Parses `/3/0/9`, `3/0/9` or `/`; throws FARSIDE_ERR_INVALID_INPUT otherwise. */
export function parsePath(text: string): LwM2mPath {
  const trimmed = text.startsWith('/') ? text.slice(1) : text;
  if (trimmed === '') return [];
  const parts = trimmed.endsWith('/') ? trimmed.slice(0, -1).split('/') : trimmed.split('/');
  if (parts.length > 4) throw invalidInput(`LwM2M path "${text}" has more than 4 levels`);
  const ids = parts.map((part) => {
    if (!/^\d{1,5}$/.test(part)) throw invalidInput(`LwM2M path "${text}" has a non-numeric segment "${part}"`);
    const id = Number(part);
    if (!isId(id)) throw invalidInput(`LwM2M path "${text}" has an id out of range: ${part}`);
    return id;
  });
  return ids as unknown as LwM2mPath;
}

/** Builds a path from Uri-Path segments (already split by CoAP). */
export function pathFromSegments(segments: readonly string[]): LwM2mPath {
  return parsePath(segments.join('/'));
}

export function formatPath(path: LwM2mPath): string {
  return '/' + path.join('/');
}

export function pathsEqual(a: LwM2mPath, b: LwM2mPath): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

/** True when `child` is `parent` or lies below it. */
export function isPathWithin(child: LwM2mPath, parent: LwM2mPath): boolean {
  return child.length >= parent.length && parent.every((id, i) => id === child[i]);
}

export function isObjectPath(path: LwM2mPath): path is ObjectPath {
  return path.length === 1;
}
export function isInstancePath(path: LwM2mPath): path is InstancePath {
  return path.length === 2;
}
export function isResourcePath(path: LwM2mPath): path is ResourcePath {
  return path.length === 3;
}
export function isResourceInstancePath(path: LwM2mPath): path is ResourceInstancePath {
  return path.length === 4;
}
