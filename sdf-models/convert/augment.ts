/**
 * A model with its mapping merged in (draft-ietf-asdf-sdf-mapping §4): each entry is
 * applied as a JSON Merge Patch (RFC 7396) at its pointer. The result inlines the
 * LwM2M ids as `oma:` qualities, which the framework schema accepts and the strict
 * one does not.
 */
import { invalidInput } from '../../errors/index.js';
import { mappingKeyTokens } from './mapping-keys.js';
import type { SdfMapping } from './sdf-mapping.js';
import type { SdfModel } from './sdf-model.js';

type Json = unknown;

/** A new model; `model` is not changed. Throws FARSIDE_ERR_INVALID_INPUT when a key points at nothing in it. */
export function sdfModelWithMapping(model: SdfModel, mapping: SdfMapping): SdfModel {
  const result = structuredClone(model) as Record<string, Json>;
  for (const [key, patch] of Object.entries(mapping.map)) {
    const tokens = mappingKeyTokens(key, mapping);
    const parent = tokens.slice(0, -1).reduce<Json>((node, token) => (isObject(node) && Object.hasOwn(node, token) ? node[token] : undefined), result);
    const last = tokens[tokens.length - 1] ?? '';
    if (!isObject(parent) || !Object.hasOwn(parent, last)) throw invalidInput(`SDF mapping: '${key}' points at nothing in the model`);
    parent[last] = mergePatch(parent[last], patch);
  }
  return result as SdfModel;
}

/** RFC 7396 §2 MergePatch(Target, Patch). */
function mergePatch(target: Json, patch: Json): Json {
  if (!isObject(patch)) return structuredClone(patch);
  const out: Record<string, Json> = isObject(target) ? { ...target } : {};
  for (const [name, value] of Object.entries(patch)) {
    if (value === null) delete out[name];
    // Defined, not assigned, so that a member named "__proto__" stays a member.
    else Object.defineProperty(out, name, { value: mergePatch(Object.hasOwn(out, name) ? out[name] : undefined, value), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function isObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
