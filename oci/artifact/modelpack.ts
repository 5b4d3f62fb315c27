/**
 * CNCF ModelPack (model-spec) artifacts as modctl and KitOps build them, and the bridge from
 * one whose weight is a .tflite file to an embServe workload: the same registry entry then
 * serves GPU nodes as is and microcontrollers through a runner service.
 */
import { ERROR_CODES, FarsideError, invalidInput } from '../../errors/index.js';
import type { Descriptor, ImageManifest } from '../manifest.js';
import { ANNOTATION } from '../media-types.js';
import { modelProvenanceAnnotations, type ModelProvenance } from './modelpack-provenance.js';
import { packEmbServeArtifact, type PackedArtifact } from './pack.js';
import { parseServiceJson } from './service-json.js';

/**
 * Media types and annotations of model-spec v1 (github.com/modelpack/model-spec,
 * specs-go/v1/mediatype.go and annotations.go; docs/spec.md).
 */
export const MODELPACK = {
  /** ArtifactTypeModelManifest: the manifest's artifactType. */
  ARTIFACT_TYPE: 'application/vnd.cncf.model.manifest.v1+json',
  /** MediaTypeModelConfig: the config blob (descriptor, modelfs, config). */
  CONFIG: 'application/vnd.cncf.model.config.v1+json',
  /** MediaTypeModelWeightRaw: one unarchived, uncompressed weight file. */
  WEIGHT_RAW: 'application/vnd.cncf.model.weight.v1.raw',
  /** MediaTypeModelWeight: weights as a tar archive. */
  WEIGHT_TAR: 'application/vnd.cncf.model.weight.v1.tar',
  WEIGHT_TAR_GZIP: 'application/vnd.cncf.model.weight.v1.tar+gzip',
  WEIGHT_TAR_ZSTD: 'application/vnd.cncf.model.weight.v1.tar+zstd',
  /** AnnotationFilepath: the file (or directory) path a layer holds, on every layer. */
  ANNOTATION_FILEPATH: 'org.cncf.model.filepath',
} as const;

const WEIGHT_PREFIX = 'application/vnd.cncf.model.weight.v1.';
const TFLITE = /\.tflite$/i;

/** A ModelPack manifest: typed by model-spec's artifactType or its config media type. */
export function isModelPack(manifest: ImageManifest): boolean {
  return manifest.artifactType === MODELPACK.ARTIFACT_TYPE || manifest.config.mediaType === MODELPACK.CONFIG;
}

/** Weight layers only: `weight.config.v1.*` (tokenizer.json and such) shares the prefix but not the rest. */
function weightLayers(manifest: ImageManifest): Descriptor[] {
  return manifest.layers.filter((layer) => layer.mediaType.startsWith(WEIGHT_PREFIX));
}

/**
 * The weight layer holding the .tflite model: the one whose filepath ends in .tflite, else the
 * only weight layer. INVALID_INPUT for a manifest that is no ModelPack or has no such weight.
 */
export function findTfliteWeight(manifest: ImageManifest): Descriptor {
  if (!isModelPack(manifest)) {
    throw invalidInput(`not a ModelPack: its config is ${manifest.config.mediaType}${manifest.artifactType ? ` and its artifactType ${manifest.artifactType}` : ''}, not ${MODELPACK.CONFIG}`);
  }
  const weights = weightLayers(manifest);
  const named = weights.filter((layer) => TFLITE.test(layer.annotations?.[MODELPACK.ANNOTATION_FILEPATH] ?? ''));
  if (named.length === 1 && named[0] !== undefined) return named[0];
  if (named.length > 1) throw invalidInput(`the ModelPack has ${named.length} .tflite weights (${named.map((l) => l.annotations?.[MODELPACK.ANNOTATION_FILEPATH]).join(', ')}); farside runs one model per workload`);
  if (weights.length === 1 && weights[0] !== undefined) return weights[0];
  const paths = weights.map((layer) => layer.annotations?.[MODELPACK.ANNOTATION_FILEPATH] ?? layer.digest);
  throw invalidInput(`the ModelPack has no .tflite weight (weights: ${paths.join(', ') || 'none'}); a microcontroller needs a TensorFlow Lite model`);
}

/** Annotations linking an embServe artifact back to the ModelPack it came from. */
export const MODELPACK_LINK = {
  DIGEST: 'io.farside.modelpack.digest',
  REFERENCE: 'io.farside.modelpack.reference',
} as const;

export interface EmbServeFromModelPackOptions {
  /** The .tflite file's bytes, as taken from the weight layer. */
  readonly modelBytes: Uint8Array;
  /** Its file name (no directories), e.g. micro_speech_quantized.tflite. */
  readonly modelName: string;
  /** The runner's service.json: a TinyML runner whose module feeds `model` (e.g. keyword-spotter). */
  readonly runnerService: Uint8Array;
  /** Name, version, source run; the model digest is computed here. */
  readonly provenance: ModelProvenance;
  /** The ModelPack manifest's digest, and optionally the reference it was pulled from. */
  readonly modelPack: { readonly digest: string; readonly reference?: string };
  /** Tensor arena the workload reserves, bytes; default none, and the device plans it from the model. */
  readonly tensorArenaSize?: number;
  /** The created annotation's time; default now. */
  readonly created?: Date;
}

/**
 * An embServe artifact running a ModelPack's model: the runner's service.json with the model
 * in `model.data` (what the device loads, since the kubelet delivers only service.json) and
 * the same bytes as the model layer, with provenance and ModelPack annotations.
 */
export function embServeFromModelPack(options: EmbServeFromModelPackOptions): PackedArtifact {
  const runner = parseServiceJson(options.runnerService);
  if (options.tensorArenaSize !== undefined && (!Number.isInteger(options.tensorArenaSize) || options.tensorArenaSize <= 0)) {
    throw invalidInput(`tensor arena size ${options.tensorArenaSize} must be a positive whole number of bytes`);
  }
  if (!/^[a-f0-9]{64}$/.test(options.modelPack.digest.replace(/^sha256:/, ''))) throw invalidInput(`"${options.modelPack.digest}" is not a sha256 digest`);
  const model = {
    file: options.modelName,
    data: Buffer.from(options.modelBytes).toString('base64'),
    ...(options.tensorArenaSize === undefined ? {} : { tensor_arena_size: options.tensorArenaSize }),
  };
  const service = new TextEncoder().encode(JSON.stringify({ ...runner, model }));
  const annotations: Record<string, string> = {
    ...modelProvenanceAnnotations(options.provenance, options.modelBytes),
    [MODELPACK_LINK.DIGEST]: options.modelPack.digest,
    ...(options.modelPack.reference === undefined ? {} : { [MODELPACK_LINK.REFERENCE]: options.modelPack.reference }),
  };
  return packEmbServeArtifact({ service, model: { bytes: options.modelBytes, name: options.modelName }, annotations, ...(options.created ? { created: options.created } : {}) });
}

/** The file name a weight layer stands for: its filepath's last part, else its title. */
export function weightFileName(layer: Descriptor): string | undefined {
  const path = layer.annotations?.[MODELPACK.ANNOTATION_FILEPATH] ?? layer.annotations?.[ANNOTATION.TITLE];
  const name = path?.split('/').filter((part) => part !== '').at(-1);
  return name === undefined || name === '.' || name === '..' ? undefined : name;
}

export function unsupportedWeight(mediaType: string): FarsideError {
  return new FarsideError(ERROR_CODES.UNSUPPORTED_FORMAT, `weight layer type ${mediaType} is not supported; farside reads ${MODELPACK.WEIGHT_RAW}, ${MODELPACK.WEIGHT_TAR} and ${MODELPACK.WEIGHT_TAR_GZIP}`);
}
