export { MEDIA_TYPE, ANNOTATION, MANIFEST_MEDIA_TYPES, INDEX_MEDIA_TYPES, MAX_MANIFEST_BYTES } from './media-types.js';
export { isDigest, parseDigest, sha256Digest, verifyDigest, type Digest } from './digest.js';
export {
  parseManifest,
  descriptorSchema,
  imageManifestSchema,
  imageIndexSchema,
  platformSchema,
  type Descriptor,
  type ImageIndex,
  type ImageManifest,
  type ParsedManifest,
  type Platform,
} from './manifest.js';
export type { OciTarget, ProgressListener, TransferOptions } from './target.js';
export {
  DOCKER_HUB,
  DOCKER_HUB_API_HOST,
  LAYOUT_PREFIX,
  formatReference,
  isValidRegistryHost,
  isValidRepository,
  isValidTag,
  parseReference,
  parseRegistryReference,
  registryApiHost,
  tagOrDigest,
  type LayoutReference,
  type Reference,
  type RegistryReference,
} from './reference.js';

// Registries (distribution-spec) and credentials.
export { RegistryTarget } from './registry/registry-target.js';
export type { RegistryTargetOptions } from './registry/options.js';
export {
  SECRET_TYPE,
  credentialsFromDockerConfig,
  defaultDockerConfigPath,
  dockerConfigFromKubernetesSecret,
  parseDockerConfig,
  readDockerConfig,
  staticCredentials,
  type Credentials,
  type CredentialsProvider,
  type DockerConfig,
} from './registry/credentials.js';
export { HTTP_CHANNEL, type HttpTrace } from './registry/http-message.js';

// The embedded store: OCI image-layout directories.
export * from './layout/index.js';

// embServe artifacts: packing, platforms, copying between stores.
export * from './artifact/index.js';
