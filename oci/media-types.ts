/** Media types of the OCI image and distribution specs, Docker's v2 schema 2, and embServe's. */
export const MEDIA_TYPE = {
  OCI_MANIFEST: 'application/vnd.oci.image.manifest.v1+json',
  OCI_INDEX: 'application/vnd.oci.image.index.v1+json',
  OCI_CONFIG: 'application/vnd.oci.image.config.v1+json',
  OCI_EMPTY: 'application/vnd.oci.empty.v1+json',
  OCI_LAYOUT_HEADER: 'application/vnd.oci.layout.header.v1+json',
  DOCKER_MANIFEST: 'application/vnd.docker.distribution.manifest.v2+json',
  DOCKER_MANIFEST_LIST: 'application/vnd.docker.distribution.manifest.list.v2+json',
  /** embServe's service.json layer (FITA). */
  EMBSERVE_SERVICE: 'application/vnd.embserve.v1+json',
  /** A TinyML model carried next to the service (farside extension). */
  TFLITE_MODEL: 'application/vnd.farside.tflite.v1',
} as const;

export const ANNOTATION = {
  TITLE: 'org.opencontainers.image.title',
  CREATED: 'org.opencontainers.image.created',
  REF_NAME: 'org.opencontainers.image.ref.name',
} as const;

export const MANIFEST_MEDIA_TYPES: readonly string[] = [MEDIA_TYPE.OCI_MANIFEST, MEDIA_TYPE.DOCKER_MANIFEST];
export const INDEX_MEDIA_TYPES: readonly string[] = [MEDIA_TYPE.OCI_INDEX, MEDIA_TYPE.DOCKER_MANIFEST_LIST];

/** Manifests larger than this are refused (distribution-spec recommends 4 MiB). */
export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
