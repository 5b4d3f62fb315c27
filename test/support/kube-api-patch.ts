/**
 * PATCH bodies: JSON merge patch (RFC 7386, also used for strategic merge patch, which
 * differs only in how it merges keyed lists) and JSON patch (RFC 6902: add, remove,
 * replace, test).
 */

/** A patch that cannot be applied; the server answers with a Status error. */
export class PatchError extends Error {}

type Json = unknown;

function isObject(value: Json): value is Record<string, Json> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function mergePatch(target: Json, patch: Json): Json {
  if (!isObject(patch)) return structuredClone(patch);
  const result: Record<string, Json> = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

/** RFC 6901 pointer segments, unescaped. */
function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw new PatchError(`invalid JSON pointer ${JSON.stringify(path)}`);
  return path.slice(1).split('/').map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
}

function parentOf(root: Json, segments: string[]): { parent: Record<string, Json> | Json[]; key: string } {
  let node = root;
  for (const segment of segments.slice(0, -1)) {
    node = Array.isArray(node) ? node[Number(segment)] : isObject(node) ? node[segment] : undefined;
    if (node === undefined || node === null || typeof node !== 'object') throw new PatchError(`path not found: /${segments.join('/')}`);
  }
  return { parent: node as Record<string, Json> | Json[], key: segments.at(-1) ?? '' };
}

function arrayIndex(list: Json[], key: string, allowEnd: boolean): number {
  const index = key === '-' && allowEnd ? list.length : Number(key);
  if (!Number.isInteger(index) || index < 0 || index > list.length - (allowEnd ? 0 : 1)) throw new PatchError(`array index out of range: ${key}`);
  return index;
}

interface JsonPatchOperation {
  readonly op: string;
  readonly path: string;
  readonly value?: Json;
}

export function jsonPatch(target: Json, operations: Json): Json {
  if (!Array.isArray(operations)) throw new PatchError('a JSON patch must be an array of operations');
  let root = structuredClone(target);
  for (const operation of operations as JsonPatchOperation[]) {
    if (!isObject(operation) || typeof operation.path !== 'string') throw new PatchError('invalid JSON patch operation');
    const segments = pointer(operation.path);
    if (segments.length === 0) {
      if (operation.op === 'add' || operation.op === 'replace') root = structuredClone(operation.value);
      else throw new PatchError(`unsupported operation ${operation.op} on the document root`);
      continue;
    }
    const { parent, key } = parentOf(root, segments);
    switch (operation.op) {
      case 'add':
        if (Array.isArray(parent)) parent.splice(arrayIndex(parent, key, true), 0, structuredClone(operation.value));
        else parent[key] = structuredClone(operation.value);
        break;
      case 'replace':
      case 'remove':
        if (Array.isArray(parent)) {
          const index = arrayIndex(parent, key, false);
          if (operation.op === 'remove') parent.splice(index, 1);
          else parent[index] = structuredClone(operation.value);
        } else {
          if (!Object.hasOwn(parent, key)) throw new PatchError(`path not found: ${operation.path}`);
          if (operation.op === 'remove') delete parent[key];
          else parent[key] = structuredClone(operation.value);
        }
        break;
      case 'test': {
        const actual = Array.isArray(parent) ? parent[Number(key)] : parent[key];
        if (JSON.stringify(actual) !== JSON.stringify(operation.value)) throw new PatchError(`test failed at ${operation.path}`);
        break;
      }
      default:
        throw new PatchError(`unsupported JSON patch operation ${JSON.stringify(operation.op)}`);
    }
  }
  return root;
}
