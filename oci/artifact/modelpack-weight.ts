/**
 * The .tflite file inside a ModelPack weight layer: raw bytes, or one entry of a tar archive
 * (plain or gzip; zstd where Node's zlib has it, 22.15+). Tar is read with tar-stream.
 */
import { gunzipSync } from 'node:zlib';
import * as zlib from 'node:zlib';
import { extract } from 'tar-stream';
import { invalidInput } from '../../errors/index.js';
import type { Descriptor } from '../manifest.js';
import { MODELPACK, unsupportedWeight, weightFileName } from './modelpack.js';

export interface WeightFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

/** A .tflite larger than this is no microcontroller model, bytes. */
export const MAX_TFLITE_BYTES = 16 * 1024 * 1024;

const TFLITE = /\.tflite$/i;

function decompress(layer: Descriptor, blob: Uint8Array): Uint8Array {
  try {
    if (layer.mediaType === MODELPACK.WEIGHT_TAR_GZIP) return gunzipSync(blob, { maxOutputLength: MAX_TFLITE_BYTES * 2 });
    const zstd = (zlib as { zstdDecompressSync?: (data: Uint8Array, options?: { maxOutputLength?: number }) => Buffer }).zstdDecompressSync;
    if (layer.mediaType === MODELPACK.WEIGHT_TAR_ZSTD) {
      if (zstd === undefined) throw unsupportedWeight(`${layer.mediaType} (this Node.js has no zstd)`);
      return zstd(blob, { maxOutputLength: MAX_TFLITE_BYTES * 2 });
    }
  } catch (err) {
    if (err instanceof Error && err.name === 'FarsideError') throw err;
    throw invalidInput(`the weight layer ${layer.digest} does not decompress: ${(err as Error).message}`, err);
  }
  return blob;
}

/** Regular files of a tar archive; an archive that does not parse is INVALID_INPUT. */
async function tarFiles(archive: Uint8Array, digest: string): Promise<WeightFile[]> {
  const files: WeightFile[] = [];
  const reader = extract();
  const done = new Promise<void>((resolve, reject) => {
    reader.on('entry', (header, stream, next) => {
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (data: unknown) => {
        const chunk = data as Buffer;
        size += chunk.length;
        if (size <= MAX_TFLITE_BYTES) chunks.push(chunk);
      });
      stream.on('end', () => {
        if (header.type === 'file' && size <= MAX_TFLITE_BYTES) files.push({ name: header.name, bytes: new Uint8Array(Buffer.concat(chunks)) });
        next();
      });
      stream.resume();
    });
    reader.on('finish', resolve);
    reader.on('error', reject);
  });
  reader.end(Buffer.from(archive));
  try {
    await done;
  } catch (err) {
    throw invalidInput(`the weight layer ${digest} is not a tar archive: ${(err as Error).message}`, err);
  }
  return files;
}

/** The .tflite model a weight layer's blob holds, with its plain file name. */
export async function tfliteFromWeight(layer: Descriptor, blob: Uint8Array): Promise<WeightFile> {
  if (layer.mediaType === MODELPACK.WEIGHT_RAW) {
    const name = weightFileName(layer) ?? 'model.tflite';
    if (blob.length > MAX_TFLITE_BYTES) throw invalidInput(`the weight ${name} is ${blob.length} bytes, over the ${MAX_TFLITE_BYTES}-byte limit for a microcontroller model`);
    return { name, bytes: blob };
  }
  if (layer.mediaType !== MODELPACK.WEIGHT_TAR && layer.mediaType !== MODELPACK.WEIGHT_TAR_GZIP && layer.mediaType !== MODELPACK.WEIGHT_TAR_ZSTD) {
    throw unsupportedWeight(layer.mediaType);
  }
  const files = await tarFiles(decompress(layer, blob), layer.digest);
  const tflite = files.filter((file) => TFLITE.test(file.name));
  const chosen = tflite.length === 1 ? tflite[0] : tflite.length === 0 && files.length === 1 ? files[0] : undefined;
  if (chosen === undefined) {
    throw invalidInput(`the weight layer ${layer.digest} holds ${tflite.length === 0 ? 'no' : tflite.length} .tflite files (${files.map((f) => f.name).join(', ') || 'empty'}); it needs exactly one`);
  }
  const name = chosen.name.split('/').filter((part) => part !== '').at(-1) ?? 'model.tflite';
  return { name, bytes: chosen.bytes };
}
