import { invalidInput } from '../errors/index.js';
import {
  EMBSERVE_PLATFORM,
  LayoutTarget,
  RegistryTarget,
  parseManifest,
  parseReference,
  selectPlatform,
  tagOrDigest,
  understandArtifact,
  type Descriptor,
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

/**
 * The service.json of `image`: `oci-layout:<dir>[:tag|@digest]` is read from an image-layout
 * directory, anything else from its registry. Every failure is a FarsideError (INVALID_INPUT
 * for a reference or artifact that is no embServe workload, NOT_FOUND for a missing tag).
 */
export async function pullServiceJson(image: string, registry: PodRegistryOptions = {}, signal?: AbortSignal): Promise<Uint8Array> {
  const reference = parseReference(image);
  const target: OciTarget = reference.kind === 'layout' ? await LayoutTarget.open(reference.path) : RegistryTarget.fromReference(reference, registry);
  const descriptor = await target.resolve(tagOrDigest(reference), { signal });
  const manifest = await manifestFor(target, descriptor, image, signal);
  const understood = understandArtifact(manifest);
  if (understood.kind !== 'embserve' || understood.service === undefined) throw invalidInput(`${image} is an OCI ${understood.kind}, not an embServe workload`);
  return target.fetchBlob(understood.service, { signal });
}
