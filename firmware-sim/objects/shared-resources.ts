/**
 * One stored object per distinct small resource value, shared by every tree in the
 * process. A fleet holds thousands of devices whose trees are mostly the same values
 * (units, names, flags, zeros); resources are immutable, so sharing them is safe and
 * saves a few kilobytes per device.
 */
import type { Resource } from '../../lwm2m/node.js';

/** Enough for every static value of the shipped profiles; once full, values are stored unshared. */
const MAX_SHARED = 8192;
const MAX_SHARED_STRING_LENGTH = 64;
const EMPTY_BYTES = new Uint8Array(0);

const shared = new Map<string, Resource>();

function keyOf(resource: Resource): string | undefined {
  if (resource.kind !== 'single') return undefined;
  const { value } = resource;
  switch (typeof value) {
    case 'number':
    case 'boolean':
      return `${resource.id}|${resource.type}|${typeof value}|${value}`;
    case 'string':
      return value.length <= MAX_SHARED_STRING_LENGTH ? `${resource.id}|${resource.type}|s|${value}` : undefined;
    default:
      return value instanceof Uint8Array && value.length === 0 ? `${resource.id}|${resource.type}|empty` : undefined;
  }
}

/** The shared copy of `resource` when it has one (or may get one), else `resource` itself. */
export function sharedResource(resource: Resource): Resource {
  const key = keyOf(resource);
  if (key === undefined) return resource;
  const known = shared.get(key);
  if (known !== undefined) return known;
  if (shared.size >= MAX_SHARED) return resource;
  const stored = resource.kind === 'single' && resource.value instanceof Uint8Array ? { ...resource, value: EMPTY_BYTES } : resource;
  shared.set(key, stored);
  return stored;
}
