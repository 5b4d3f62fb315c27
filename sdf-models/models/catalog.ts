/**
 * What this folder ships: the SDF model and mapping file of each object farside's
 * nodes use (DESIGN.md, "Objects the stack must know"), and a thing model of a typical
 * embServe node. `npx tsx sdf-models/convert/generate.ts` writes them from this list.
 */

/** Objects always shipped: the LwM2M core objects the stack handles and farside's custom ones. */
export const SHIPPED_OBJECT_IDS: readonly number[] = [0, 1, 3, 4, 5, 9, 15, 19, 35001, 35003];

/** IPSO smart objects: every registry object in this id range is shipped too. */
export const IPSO_OBJECT_IDS = { first: 3300, last: 3350 } as const;

/** The objects an embServe node exposes (LwM2M Security is left out: it is never read). */
export const EMBSERVE_NODE = {
  thingName: 'embServe_Node',
  label: 'embServe node',
  objectIds: [1, 3, 4, 9, 15, 19, 35001, 35003, 3303],
  /** LwM2M Server and Device: their OMA definitions make them mandatory on every client. */
  requiredObjectIds: [1, 3],
} as const;

/** File names in this folder for the object (or thing) with SDF name `name`. */
export function modelFileNames(name: string): { readonly model: string; readonly mapping: string } {
  return { model: `${name}.sdf.json`, mapping: `${name}.mapping.json` };
}
