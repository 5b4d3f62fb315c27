/**
 * Builds the example WebAssembly workloads: each `<name>.wat` here is assembled with wabt
 * and wrapped in a FITA service.json (module base64 in `wasm`; for the TinyML ones the
 * .tflite from firmware-sim/tinyml/testdata base64 in `model.data`, with the
 * `tensor_arena_size` the interpreter plans for it). Deploy one by writing its
 * service.json to Software Management's Package, as FITA does.
 *
 *   npx tsx examples/workloads/build.ts [out-dir]     (default examples/workloads/dist)
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import wabtInit from 'wabt';
import { loadModel } from '../../firmware-sim/tinyml/index.js';

export const WORKLOAD_NAMES = ['temperature', 'sine-anomaly', 'keyword-spotter', 'trap', 'busy-loop'] as const;
export type WorkloadName = (typeof WORKLOAD_NAMES)[number];

interface ServiceValue {
  readonly key: string;
  readonly type: 0 | 1;
  readonly data_model_mapping?: readonly string[];
}

/** A FITA service.json with farside's `wasm` and `model.data`. */
export interface WorkloadServiceJson {
  readonly name: string;
  readonly version: string;
  readonly data_model: readonly string[];
  readonly wasm: string;
  readonly dependencies: { readonly sdk_api: number };
  readonly inputs: readonly ServiceValue[];
  readonly outputs: readonly ServiceValue[];
  readonly period_ms?: number;
  readonly model?: { readonly file: string; readonly data: string; readonly tensor_arena_size: number };
}

export interface BuiltWorkload {
  readonly name: WorkloadName;
  readonly wasm: Uint8Array;
  readonly service: WorkloadServiceJson;
}

interface Recipe {
  readonly dataModel: readonly string[];
  readonly outputs: readonly ServiceValue[];
  readonly periodMs?: number;
  /** A model from firmware-sim/tinyml/testdata. */
  readonly modelFile?: string;
}

const GENERIC_SENSOR = 'lwm2m:urn:oma:lwm2m:ext:3300';
const RECIPES: Readonly<Record<WorkloadName, Recipe>> = {
  temperature: { dataModel: ['lwm2m:urn:oma:lwm2m:ext:3303'], outputs: [{ key: 'temp', type: 1, data_model_mapping: ['lwm2m:3303/x/5700'] }] },
  'sine-anomaly': {
    dataModel: [GENERIC_SENSOR],
    outputs: [{ key: 'y', type: 1 }, { key: 'anomaly', type: 1, data_model_mapping: ['lwm2m:3300/x/5700'] }],
    periodMs: 500,
    modelFile: 'hello_world_int8.tflite',
  },
  'keyword-spotter': {
    dataModel: [GENERIC_SENSOR],
    outputs: [{ key: 'class', type: 0, data_model_mapping: ['lwm2m:3300/x/5700'] }, { key: 'score', type: 1 }],
    periodMs: 1000,
    modelFile: 'micro_speech_quantized.tflite',
  },
  trap: { dataModel: [], outputs: [] },
  'busy-loop': { dataModel: [], outputs: [] },
};

const HERE = new URL('./', import.meta.url);
const MODELS = new URL('../../firmware-sim/tinyml/testdata/', import.meta.url);
export const DEFAULT_OUT_DIR = fileURLToPath(new URL('dist/', HERE));
/** Arenas are declared in whole multiples of this, bytes (TFLM aligns tensors to 16). */
const ARENA_ROUNDING_BYTES = 256;

/** Every example, assembled and packaged. */
export async function buildWorkloads(): Promise<Record<WorkloadName, BuiltWorkload>> {
  const wabt = await wabtInit();
  const built = {} as Record<WorkloadName, BuiltWorkload>;
  for (const name of WORKLOAD_NAMES) {
    const recipe = RECIPES[name];
    const source = await readFile(new URL(`${name}.wat`, HERE), 'utf8');
    const parsed = wabt.parseWat(`${name}.wat`, source);
    let wasm: Uint8Array;
    try {
      parsed.validate();
      wasm = parsed.toBinary({}).buffer;
    } finally {
      parsed.destroy();
    }
    const model = recipe.modelFile === undefined ? undefined : await packagedModel(recipe.modelFile);
    const service: WorkloadServiceJson = {
      name,
      version: '1.0.0',
      data_model: recipe.dataModel,
      wasm: Buffer.from(wasm).toString('base64'),
      dependencies: { sdk_api: 1 },
      inputs: [],
      outputs: recipe.outputs,
      ...(recipe.periodMs === undefined ? {} : { period_ms: recipe.periodMs }),
      ...(model === undefined ? {} : { model }),
    };
    built[name] = { name, wasm, service };
  }
  return built;
}

/** Writes `<name>.service.json` and `<name>.wasm` of every example into `outDir`; returns the paths. */
export async function writeWorkloads(outDir = DEFAULT_OUT_DIR): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const written: string[] = [];
  for (const workload of Object.values(await buildWorkloads())) {
    const servicePath = join(outDir, `${workload.name}.service.json`);
    const wasmPath = join(outDir, `${workload.name}.wasm`);
    await writeFile(servicePath, `${JSON.stringify(workload.service, null, 2)}\n`);
    await writeFile(wasmPath, workload.wasm);
    written.push(servicePath, wasmPath);
  }
  return written;
}

/** The model's bytes and the arena the simulator's interpreter plans for it, as TFLite Micro would. */
async function packagedModel(file: string): Promise<WorkloadServiceJson['model']> {
  const tflite = new Uint8Array(await readFile(new URL(file, MODELS)));
  const planned = loadModel(tflite).arenaBytes;
  const tensorArenaSize = Math.ceil(planned / ARENA_ROUNDING_BYTES) * ARENA_ROUNDING_BYTES;
  return { file, data: Buffer.from(tflite).toString('base64'), tensor_arena_size: tensorArenaSize };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const paths = await writeWorkloads(process.argv[2] ?? DEFAULT_OUT_DIR);
  const packages = paths.filter((path) => path.endsWith('.service.json')).length;
  process.stdout.write(`built ${packages} example workload packages into ${relative(process.cwd(), dirname(paths[0] ?? '.')) || '.'}\n`);
}
