/**
 * Regenerates the shipped SDF models in sdf-models/models/ from lwm2m's registry.
 *
 *   npx tsx sdf-models/convert/generate.ts
 *
 * A build-time tool (the production build leaves generate.ts files out), so it may use
 * lwm2m, which the rest of sdf-models must not. Output is deterministic; files are
 * written only when their content changed, and models no longer generated are removed.
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CUSTOM_OBJECTS, defaultRegistry, type ModelLookup, type ObjectModel } from '../../lwm2m/index.js';
import { EMBSERVE_NODE, IPSO_OBJECT_IDS, modelFileNames, SHIPPED_OBJECT_IDS } from '../models/catalog.js';
import { sdfName } from '../naming.js';
import { sdfFromLwm2m } from './sdf-from-lwm2m.js';
import type { SdfInfo } from './sdf-model.js';
import { sdfThingModel } from './thing.js';

export const MODELS_DIR = new URL('../models/', import.meta.url);

/** Credit for definitions taken from the OMA registry (its files are BSD-3-Clause). */
const OMA_INFO: SdfInfo = { copyright: 'Open Mobile Alliance (object definition, OMA LwM2M registry)', license: 'BSD-3-Clause' };

/** The objects to ship, in id order. */
export function shippedObjects(registry: ModelLookup = defaultRegistry()): ObjectModel[] {
  const ids = [...SHIPPED_OBJECT_IDS];
  for (let id = IPSO_OBJECT_IDS.first; id <= IPSO_OBJECT_IDS.last; id++) ids.push(id);
  return [...new Set(ids)].sort((a, b) => a - b).flatMap((id) => registry.object(id) ?? []);
}

/** File name → content of everything the models folder should hold. */
export function shippedModelFiles(registry: ModelLookup = defaultRegistry()): Map<string, string> {
  const files = new Map<string, string>();
  const put = (name: string, value: unknown): void => {
    if (files.has(name)) throw new Error(`two models want the file name ${name}`);
    files.set(name, `${JSON.stringify(value, null, 2)}\n`);
  };
  const customIds = new Set(CUSTOM_OBJECTS.map((o) => o.id));
  for (const object of shippedObjects(registry)) {
    const { model, mapping } = sdfFromLwm2m(object, customIds.has(object.id) ? {} : { info: OMA_INFO });
    const names = modelFileNames(sdfName(object.name));
    put(names.model, model);
    put(names.mapping, mapping);
  }
  put(modelFileNames(EMBSERVE_NODE.thingName).model, embServeNodeModel(registry));
  return files;
}

function embServeNodeModel(registry: ModelLookup): unknown {
  const nameOf = (id: number): string => {
    const object = registry.object(id);
    if (!object) throw new Error(`the registry has no object ${id} for ${EMBSERVE_NODE.thingName}`);
    return sdfName(object.name);
  };
  return sdfThingModel(EMBSERVE_NODE.thingName, EMBSERVE_NODE.objectIds.map(nameOf), {
    label: EMBSERVE_NODE.label,
    info: { title: 'A typical embServe node: the LwM2M objects it exposes' },
    required: EMBSERVE_NODE.requiredObjectIds.map(nameOf),
  });
}

function isModelFile(name: string): boolean {
  return name.endsWith('.sdf.json') || name.endsWith('.mapping.json');
}

function main(): number {
  const files = shippedModelFiles();
  let written = 0;
  for (const [name, text] of files) {
    const url = new URL(name, MODELS_DIR);
    if (existsSync(url) && readFileSync(url, 'utf8') === text) continue;
    writeFileSync(url, text);
    written++;
  }
  const stale = readdirSync(MODELS_DIR).filter((name) => isModelFile(name) && !files.has(name));
  for (const name of stale) rmSync(new URL(name, MODELS_DIR));
  process.stderr.write(`${files.size} files, ${written} written, ${stale.length} removed: ${fileURLToPath(MODELS_DIR)}\n`);
  return 0;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = main();
}
