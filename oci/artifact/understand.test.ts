import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Descriptor, ImageManifest } from '../manifest.js';
import { ANNOTATION, MEDIA_TYPE } from '../media-types.js';
import { packEmbServeArtifact } from './pack.js';
import { understandArtifact } from './understand.js';

const SERVICE = new Uint8Array(readFileSync(new URL('./testdata/service.json', import.meta.url)));
const blob = (mediaType: string, char: string, annotations?: Record<string, string>): Descriptor => ({
  mediaType,
  digest: `sha256:${char.repeat(64)}`,
  size: 2,
  ...(annotations ? { annotations } : {}),
});
const EMPTY_CONFIG = blob(MEDIA_TYPE.OCI_EMPTY, '4');

function manifestOf(bytes: Uint8Array): ImageManifest {
  return JSON.parse(new TextDecoder().decode(bytes)) as ImageManifest;
}

describe('understandArtifact', () => {
  it('recognises FITA’s embServe artifact and its service layer', () => {
    const packed = packEmbServeArtifact({ service: SERVICE, created: new Date(0) });
    const understood = understandArtifact(manifestOf(packed.manifest.bytes));
    expect(understood).toEqual({ kind: 'embserve', service: packed.layers[0]?.descriptor });
  });

  it('finds the model layer of a workload that carries one', () => {
    const packed = packEmbServeArtifact({ service: SERVICE, model: { bytes: new Uint8Array(4), name: 'm.tflite' } });
    const understood = understandArtifact(manifestOf(packed.manifest.bytes));
    expect(understood.model).toEqual(packed.layers[1]?.descriptor);
  });

  it('recognises an OCI 1.1 artifact typed as embServe with the empty config', () => {
    const service = blob('application/octet-stream', 'a', { [ANNOTATION.TITLE]: 'service.json' });
    const manifest: ImageManifest = { schemaVersion: 2, mediaType: MEDIA_TYPE.OCI_MANIFEST, artifactType: MEDIA_TYPE.EMBSERVE_SERVICE, config: EMPTY_CONFIG, layers: [blob('text/plain', 'b'), service] };
    expect(understandArtifact(manifest)).toEqual({ kind: 'embserve', artifactType: MEDIA_TYPE.EMBSERVE_SERVICE, service });
  });

  it('calls other OCI 1.1 artifacts artifacts, with their artifactType', () => {
    const manifest: ImageManifest = { schemaVersion: 2, artifactType: 'application/vnd.example.sbom', config: EMPTY_CONFIG, layers: [blob('application/json', 'c')] };
    expect(understandArtifact(manifest)).toEqual({ kind: 'artifact', artifactType: 'application/vnd.example.sbom' });
    expect(understandArtifact({ ...manifest, artifactType: undefined })).toEqual({ kind: 'artifact' });
  });

  it('takes a custom config media type as the artifact type of a pre-1.1 artifact', () => {
    const manifest: ImageManifest = { schemaVersion: 2, config: blob('application/vnd.helm.config.v1+json', '5'), layers: [blob('application/tar+gzip', 'd')] };
    expect(understandArtifact(manifest)).toEqual({ kind: 'artifact', artifactType: 'application/vnd.helm.config.v1+json' });
  });

  it('calls a manifest with an image config and tar layers a container image', () => {
    const manifest: ImageManifest = { schemaVersion: 2, mediaType: MEDIA_TYPE.OCI_MANIFEST, config: blob(MEDIA_TYPE.OCI_CONFIG, '6'), layers: [blob('application/vnd.oci.image.layer.v1.tar+gzip', 'e')] };
    expect(understandArtifact(manifest)).toEqual({ kind: 'image' });
  });
});
