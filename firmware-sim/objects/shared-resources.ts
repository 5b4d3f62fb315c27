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

/** Multiple resources are shared when they are this small (e.g. Available Power Sources); their Maps are never changed in place. */
const MAX_SHARED_INSTANCES = 4;

function valueKey(value: unknown): string | undefined {
  switch (typeof value) {
    case 'number':
    case 'boolean':
      return `${typeof value}|${value}`;
    case 'string':
      return value.length <= MAX_SHARED_STRING_LENGTH ? `s|${value}` : undefined;
    default:
      return undefined;
  }
}

function keyOf(resource: Resource): string | undefined {
  if (resource.kind === 'multiple') {
    if (resource.instances.size > MAX_SHARED_INSTANCES) return undefined;
    const parts: string[] = [];
    for (const [id, value] of resource.instances) {
      const part = valueKey(value);
      if (part === undefined) return undefined;
      parts.push(`${id}=${part}`);
    }
    return `${resource.id}|${resource.type}|m|${parts.join(',')}`;
  }
  const { value } = resource;
  const part = value instanceof Uint8Array ? (value.length === 0 ? 'empty' : undefined) : valueKey(value);
  return part === undefined ? undefined : `${resource.id}|${resource.type}|${part}`;
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
