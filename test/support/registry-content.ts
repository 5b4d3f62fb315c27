/**
 * Content for registry tests, shaped like what `oras push` makes of a FITA
 * service (see DESIGN "OCI artifacts"), with descriptors that match the bytes.
 */
import { sha256Digest } from '../../oci/digest.js';
import type { Descriptor } from '../../oci/manifest.js';
import { ANNOTATION, MEDIA_TYPE } from '../../oci/media-types.js';

export interface TestContent {
  readonly descriptor: Descriptor;
  readonly bytes: Uint8Array;
}

export function content(mediaType: string, bytes: Uint8Array): TestContent {
  return { descriptor: { mediaType, digest: sha256Digest(bytes), size: bytes.length }, bytes };
}

export function json(mediaType: string, value: unknown): TestContent {
  return content(mediaType, new TextEncoder().encode(JSON.stringify(value)));
}

/** Config, service.json layer and manifest of one embServe workload; `name` makes each one distinct. */
export function embserveArtifact(name: string): { config: TestContent; layer: TestContent; manifest: TestContent } {
  const config = json(MEDIA_TYPE.OCI_CONFIG, { architecture: 'arm', os: 'zephyr', variant: 'v7' });
  const layer = json(MEDIA_TYPE.EMBSERVE_SERVICE, { name, version: '1.0.0', data_model: ['lwm2m:urn:oma:lwm2m:ext:3303'], service: 'AGFzbQEAAAA=', dependencies: { sdk_api: 1 } });
  const manifest = json(MEDIA_TYPE.OCI_MANIFEST, {
    schemaVersion: 2,
    mediaType: MEDIA_TYPE.OCI_MANIFEST,
    config: config.descriptor,
    layers: [{ ...layer.descriptor, annotations: { [ANNOTATION.TITLE]: 'service.json' } }],
  });
  return { config, layer, manifest };
}

/** An image index whose zephyr/arm/v7 entry is `manifest`. */
export function indexOf(manifest: TestContent): TestContent {
  return json(MEDIA_TYPE.OCI_INDEX, {
    schemaVersion: 2,
    mediaType: MEDIA_TYPE.OCI_INDEX,
    manifests: [{ ...manifest.descriptor, platform: { architecture: 'arm', os: 'zephyr', variant: 'v7' } }],
  });
}

/** `size` bytes that differ from call to call of a different `seed` (cheap, not random). */
export function patternBytes(size: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(size);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = x & 0xff;
  }
  return bytes;
}
