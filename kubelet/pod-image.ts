import { invalidInput } from '../errors/index.js';
import {
  EMBSERVE_PLATFORM,
  embServeFromModelPack,
  findTfliteWeight,
  isModelPack,
  LayoutTarget,
  tfliteFromWeight,
  RegistryTarget,
  parseManifest,
  parseReference,
  selectPlatform,
  tagOrDigest,
  understandArtifact,
  type Descriptor,
  type ImageManifest,
  type OciTarget,
  type RegistryTargetOptions,
} from '../oci/index.js';

/** How registry images are fetched (credentials, plain HTTP for a local registry, timeouts). */
export type PodRegistryOptions = Omit<RegistryTargetOptions, 'registry' | 'repository'>;

async function manifestFor(target: OciTarget, descriptor: Descriptor, image: string, signal: AbortSignal | undefined) {
  const parsed = parseManifest(await target.fetchManifest(descriptor, { signal }));
  if (parsed.kind === 'manifest') return parsed.manifest;
  // A multi-platform index: only the embServe entry runs on a device.
  const entry = selectPlatform(parsed.index, EMBSERVE_PLATFORM);
  if (entry === undefined) throw invalidInput(`${image} has no ${EMBSERVE_PLATFORM.os}/${EMBSERVE_PLATFORM.architecture} entry in its index`);
  const inner = parseManifest(await target.fetchManifest(entry, { signal }));
  if (inner.kind !== 'manifest') throw invalidInput(`${image}: the embServe entry of its index is an index itself`);
  return inner.manifest;
}

/** What a pull may need besides the image: the runner service for a ModelPack image. */
export interface PullServiceOptions {
  /** An embServe image whose service runs the ModelPack's .tflite weight. */
  readonly runner?: string;
}

/**
 * The service.json of `image`: `oci-layout:<dir>[:tag|@digest]` is read from an image-layout
 * directory, anything else from its registry. A CNCF ModelPack image (the one registry entry
 * GPU nodes pull too) becomes the `runner`'s service with the .tflite weight as its model.
 * Every failure is a FarsideError (INVALID_INPUT for a reference or artifact that is no
 * embServe workload, NOT_FOUND for a missing tag).
 */
export async function pullServiceJson(image: string, registry: PodRegistryOptions = {}, signal?: AbortSignal, options: PullServiceOptions = {}): Promise<Uint8Array> {
  const reference = parseReference(image);
  const target: OciTarget = reference.kind === 'layout' ? await LayoutTarget.open(reference.path) : RegistryTarget.fromReference(reference, registry);
  const descriptor = await target.resolve(tagOrDigest(reference), { signal });
  const manifest = await manifestFor(target, descriptor, image, signal);
  if (isModelPack(manifest)) return modelPackService(target, manifest, descriptor, image, registry, signal, options.runner);
  const understood = understandArtifact(manifest);
  if (understood.kind !== 'embserve' || understood.service === undefined) throw invalidInput(`${image} is an OCI ${understood.kind}, not an embServe workload`);
  return target.fetchBlob(understood.service, { signal });
}

async function modelPackService(target: OciTarget, manifest: ImageManifest, descriptor: Descriptor, image: string, registry: PodRegistryOptions, signal: AbortSignal | undefined, runner: string | undefined): Promise<Uint8Array> {
  if (runner === undefined) throw invalidInput(`${image} is a ModelPack: name the embServe service that runs its model in the pod annotation ${MODEL_RUNNER_ANNOTATION}`);
  const weight = findTfliteWeight(manifest);
  const model = await tfliteFromWeight(weight, await target.fetchBlob(weight, { signal }));
  const runnerService = await pullServiceJson(runner, registry, signal);
  // The device plans the tensor arena from the model itself; nothing here needs to.
  const packed = embServeFromModelPack({ modelBytes: model.bytes, modelName: model.name, runnerService, provenance: {}, modelPack: { digest: descriptor.digest, reference: image } });
  // service.json is the first layer of a packed artifact.
  const service = packed.layers[0];
  if (service === undefined) throw invalidInput(`${image}: packing its model with ${runner} gave no service.json`);
  return service.bytes;
}

/** The pod annotation naming the runner of a ModelPack image. */
export const MODEL_RUNNER_ANNOTATION = 'farside.io/model-runner';
