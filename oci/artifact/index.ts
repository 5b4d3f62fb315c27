export { copy, type CopyOptions, type CopyResult } from './copy.js';
export { formatCreated, isRfc3339 } from './created.js';
export { describe as describeContent, type DescribedContent } from './described-content.js';
export { EMBSERVE_CONFIG_BYTES, EMBSERVE_PLATFORM, SERVICE_FILE_NAME } from './embserve.js';
export { encodeDescriptor, encodeImageIndex, encodeImageManifest, encodePlatform } from './oci-json.js';
export { packEmbServeArtifact, type EmbServeModel, type PackEmbServeOptions, type PackedArtifact } from './pack.js';
export { addToIndex, selectPlatform } from './platform-index.js';
export { MAX_SERVICE_JSON_BYTES, SERVICE_VALUE_TYPE, parseServiceJson, serviceJsonSchema, type ServiceJson, type ServiceValue } from './service-json.js';
export { understandArtifact, type ArtifactKind, type ArtifactUnderstanding } from './understand.js';
