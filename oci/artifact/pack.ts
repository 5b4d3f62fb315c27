import { z } from 'zod';
import { invalidInput } from '../../errors/index.js';
import type { ImageManifest } from '../manifest.js';
import { ANNOTATION, MEDIA_TYPE } from '../media-types.js';
import { formatCreated, isRfc3339 } from './created.js';
import { describe, type DescribedContent } from './described-content.js';
import { EMBSERVE_CONFIG_BYTES, SERVICE_FILE_NAME } from './embserve.js';
import { encodeImageManifest } from './oci-json.js';
import { parseServiceJson, type ServiceJson } from './service-json.js';

export interface EmbServeModel {
  /** The .tflite file's bytes. */
  readonly bytes: Uint8Array;
  /** Its file name, which becomes the layer title (a plain name, no directories). */
  readonly name: string;
}

export interface PackEmbServeOptions {
  /** service.json bytes; validated, then stored exactly as given. */
  readonly service: Uint8Array;
  /** An optional TinyML model, packed as a second layer. */
  readonly model?: EmbServeModel;
  /** The created annotation's time; default now. Written in whole seconds, UTC, as ORAS does. */
  readonly created?: Date;
  /**
   * Extra manifest annotations (`oras push --annotation k=v`). A created annotation here
   * wins over `created`, but must be RFC 3339, as oras-go requires.
   */
  readonly annotations?: Readonly<Record<string, string>>;
}

export interface PackedArtifact {
  readonly manifest: DescribedContent;
  readonly config: DescribedContent;
  /** service.json first, then the model if any. */
  readonly layers: readonly DescribedContent[];
  /** The validated service.json. */
  readonly service: ServiceJson;
}

const annotationsSchema = z.record(z.string(), z.string());

function checkModel(model: EmbServeModel): void {
  if (!(model.bytes instanceof Uint8Array)) throw invalidInput('model bytes must be a Uint8Array');
  const name = model.name;
  if (typeof name !== 'string' || name === '' || name === '.' || name === '..' || /[/\\\0]/.test(name)) {
    throw invalidInput(`model name "${String(name)}" must be a plain file name`);
  }
}

function manifestAnnotations(options: PackEmbServeOptions): Record<string, string> {
  const given = annotationsSchema.safeParse(options.annotations ?? {});
  if (!given.success) throw invalidInput('annotations must map strings to strings');
  const annotations = { ...given.data };
  const created = annotations[ANNOTATION.CREATED];
  if (created === undefined) annotations[ANNOTATION.CREATED] = formatCreated(options.created ?? new Date());
  else if (!isRfc3339(created)) throw invalidInput(`annotation ${ANNOTATION.CREATED}="${created}" is not an RFC 3339 date-time`);
  return annotations;
}

/**
 * Packs an embServe workload byte for byte as FITA's
 * `oras push <ref> --config config.json:application/vnd.oci.image.config.v1+json service.json:application/vnd.embserve.v1+json`
 * does with ORAS 1.x. With --config and no --artifact-type, ORAS packs an image-spec v1.0
 * style manifest (oras cmd/oras/root/push.go switches to oras.PackManifestVersion1_0; ORAS
 * 1.0/1.1 got the same bytes through Pack with PackImageManifest / PackManifestTypeImageV1_1_RC4,
 * whose empty artifactType is omitted), which oras-go's packManifestV1_0 builds as:
 *   {schemaVersion:2, mediaType: image manifest, config: the --config file's descriptor
 *    (its "$config" title annotation replaced by the, here absent, config annotations),
 *    layers: one descriptor per file with only org.opencontainers.image.title = file name,
 *    annotations: the --annotation values plus org.opencontainers.image.created}
 * marshalled by Go's encoding/json (see oci-json.ts). No artifactType, no subject.
 * The model, when given, is the layer `oras push` would add for `<name>:application/vnd.farside.tflite.v1`.
 */
export function packEmbServeArtifact(options: PackEmbServeOptions): PackedArtifact {
  if (typeof options !== 'object' || options === null) throw invalidInput('packEmbServeArtifact needs options');
  const service = parseServiceJson(options.service);
  if (options.model !== undefined) checkModel(options.model);
  const config = describe(MEDIA_TYPE.OCI_CONFIG, EMBSERVE_CONFIG_BYTES);
  const layers = [describe(MEDIA_TYPE.EMBSERVE_SERVICE, options.service, { [ANNOTATION.TITLE]: SERVICE_FILE_NAME })];
  if (options.model !== undefined) {
    layers.push(describe(MEDIA_TYPE.TFLITE_MODEL, options.model.bytes, { [ANNOTATION.TITLE]: options.model.name }));
  }
  const manifest: ImageManifest = {
    schemaVersion: 2,
    mediaType: MEDIA_TYPE.OCI_MANIFEST,
    config: config.descriptor,
    layers: layers.map((layer) => layer.descriptor),
    annotations: manifestAnnotations(options),
  };
  const manifestBytes = new TextEncoder().encode(encodeImageManifest(manifest));
  return { manifest: describe(MEDIA_TYPE.OCI_MANIFEST, manifestBytes), config, layers, service };
}
