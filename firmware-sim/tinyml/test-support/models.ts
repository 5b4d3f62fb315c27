/** Test support: the reference models of testdata/, by name, as bytes and paths. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const MODEL_NAMES = ['hello_world_int8', 'hello_world_float', 'micro_speech_quantized', 'person_detect'] as const;
export type ModelName = (typeof MODEL_NAMES)[number];

export function modelPath(name: ModelName): string {
  return fileURLToPath(new URL(`../testdata/${name}.tflite`, import.meta.url));
}

const cache = new Map<ModelName, Uint8Array>();

/** The model's bytes (a fresh copy each time, so a test may spoil it). */
export function modelBytes(name: ModelName): Uint8Array {
  let bytes = cache.get(name);
  if (bytes === undefined) cache.set(name, (bytes = new Uint8Array(readFileSync(modelPath(name)))));
  return bytes.slice();
}
