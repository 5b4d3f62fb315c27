/**
 * The registry every part of farside starts from: the OMA objects of the checked-in
 * generated module plus farside's custom objects, built once per process.
 */
import { objectFromRow } from './compact-rows.js';
import { CUSTOM_OBJECTS } from './custom-objects.js';
import { ObjectRegistry } from './object-registry.js';
import { OMA_OBJECT_ROWS } from './oma-objects.generated.js';

let cached: ObjectRegistry | undefined;

/**
 * The shared default registry. Objects are decoded from their compact rows on first
 * lookup, so startup costs one pass over 300-odd rows, not 3,600 resource models.
 * Callers that `add` to it change it for everyone; build a `new ObjectRegistry()`
 * (or `createDefaultRegistry()`) for device-specific models.
 */
export function defaultRegistry(): ObjectRegistry {
  cached ??= createDefaultRegistry();
  return cached;
}

/** A fresh registry with the same content as `defaultRegistry()`, free to modify. */
export function createDefaultRegistry(): ObjectRegistry {
  const registry = new ObjectRegistry();
  for (const row of OMA_OBJECT_ROWS) registry.addLazy(row[0], row[1], () => objectFromRow(row));
  for (const model of CUSTOM_OBJECTS) registry.add(model);
  return registry;
}
