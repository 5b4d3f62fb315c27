import type { Descriptor, ImageManifest } from '../manifest.js';
import { ANNOTATION, MEDIA_TYPE } from '../media-types.js';
import { SERVICE_FILE_NAME } from './embserve.js';

/** Config media types that make a manifest a runnable container image. */
const IMAGE_CONFIG_MEDIA_TYPES: readonly string[] = [MEDIA_TYPE.OCI_CONFIG, 'application/vnd.docker.container.image.v1+json'];

export type ArtifactKind = 'embserve' | 'artifact' | 'image';

export interface ArtifactUnderstanding {
  /** embserve: has an embServe service layer; artifact: some other OCI artifact; image: a container image. */
  readonly kind: ArtifactKind;
  /**
   * The manifest's artifactType (OCI 1.1), else its config media type when that is not an
   * image config (how artifacts were typed before 1.1), else absent.
   */
  readonly artifactType?: string;
  /** The service.json layer. */
  readonly service?: Descriptor;
  /** The TinyML model layer, if the workload carries one. */
  readonly model?: Descriptor;
}

function serviceLayer(manifest: ImageManifest, artifactType: string | undefined): Descriptor | undefined {
  const byMediaType = manifest.layers.find((layer) => layer.mediaType === MEDIA_TYPE.EMBSERVE_SERVICE);
  if (byMediaType !== undefined || artifactType !== MEDIA_TYPE.EMBSERVE_SERVICE) return byMediaType;
  // An OCI 1.1 artifact typed as embServe may carry service.json under a generic layer type.
  return manifest.layers.find((layer) => layer.annotations?.[ANNOTATION.TITLE] === SERVICE_FILE_NAME) ?? manifest.layers[0];
}

/**
 * What a manifest carries: FITA's layout (image config + embServe layer), an OCI 1.1
 * artifact (`artifactType`, often with the empty config application/vnd.oci.empty.v1+json)
 * holding an embServe service, another artifact, or a container image.
 */
export function understandArtifact(manifest: ImageManifest): ArtifactUnderstanding {
  const configType = manifest.config.mediaType;
  const artifactType = manifest.artifactType || (IMAGE_CONFIG_MEDIA_TYPES.includes(configType) || configType === MEDIA_TYPE.OCI_EMPTY ? undefined : configType);
  const typed = artifactType === undefined ? {} : { artifactType };
  const service = serviceLayer(manifest, artifactType);
  if (service !== undefined) {
    const model = manifest.layers.find((layer) => layer.mediaType === MEDIA_TYPE.TFLITE_MODEL);
    return { kind: 'embserve', ...typed, service, ...(model === undefined ? {} : { model }) };
  }
  const isArtifact = artifactType !== undefined || configType === MEDIA_TYPE.OCI_EMPTY;
  return { kind: isArtifact ? 'artifact' : 'image', ...typed };
}
