import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expectInvalidInput } from '../../test/support/assertions.js';
import { parseManifest } from '../manifest.js';
import { ANNOTATION, MEDIA_TYPE } from '../media-types.js';
import { EMBSERVE_CONFIG_BYTES } from './embserve.js';
import { packEmbServeArtifact } from './pack.js';

const SERVICE = new Uint8Array(readFileSync(new URL('./testdata/service.json', import.meta.url)));
const CREATED = new Date('2024-05-01T12:00:00Z');

/*
 * testdata/expected-manifest.json was written by hand, not by this code, following what
 * ORAS 1.x does for
 *   oras push <ref> --config config.json:application/vnd.oci.image.config.v1+json service.json:application/vnd.embserve.v1+json
 * Sources:
 * - oras cmd/oras/root/push.go: with --config and no --artifact-type (and no --image-spec)
 *   it packs with oras.PackManifestVersion1_0 and no artifact type; the config descriptor
 *   comes from the file store (title "$config") and its annotations are then replaced by
 *   the (absent) $config annotations; cmd/oras/root/file.go loadFiles adds each file under
 *   its cleaned name.
 * - oras-go content/file Store.Add: a file's descriptor is {mediaType, digest, size} plus
 *   annotations {org.opencontainers.image.title: name}.
 * - oras-go pack.go packManifestV1_0: ocispec.Manifest{SchemaVersion 2, MediaType image
 *   manifest, Config, Layers, Annotations}; ensureAnnotationCreated adds
 *   org.opencontainers.image.created = time.Now().UTC().Format(time.RFC3339) unless given;
 *   json.Marshal writes it.
 * - image-spec specs-go/v1 Manifest/Descriptor field order and omitempty tags.
 * Digests and sizes are from `sha256sum` / `wc -c` of testdata/service.json and of
 * config.json = {"architecture":"arm","os":"zephyr","variant":"v7"} (51 bytes, no newline).
 */
const EXPECTED_MANIFEST = readFileSync(new URL('./testdata/expected-manifest.json', import.meta.url), 'utf8');
const EXPECTED_DIGEST = 'sha256:ed51be58a06456cef48dcf479f5e0808e39149d3f8d19752f4b6e29da4d0500f';

describe('packEmbServeArtifact', () => {
  it('packs the same manifest bytes as oras push of FITA’s config and service.json', () => {
    const packed = packEmbServeArtifact({ service: SERVICE, created: CREATED });
    expect(new TextDecoder().decode(packed.manifest.bytes)).toBe(EXPECTED_MANIFEST);
    expect(packed.manifest.descriptor).toEqual({ mediaType: MEDIA_TYPE.OCI_MANIFEST, digest: EXPECTED_DIGEST, size: 527 });
  });

  it('returns the config and layer bytes that the manifest names', () => {
    const packed = packEmbServeArtifact({ service: SERVICE, created: CREATED });
    expect(new TextDecoder().decode(packed.config.bytes)).toBe('{"architecture":"arm","os":"zephyr","variant":"v7"}');
    expect(packed.config.descriptor).toEqual({ mediaType: MEDIA_TYPE.OCI_CONFIG, digest: 'sha256:4273150b09bd37e2c6dd40460366459e0734d61bb249dc13e55626bcd50adaa2', size: 51 });
    expect(packed.layers.map((layer) => layer.bytes)).toEqual([SERVICE]);
    expect(packed.service.name).toBe('temperature-average');
  });

  it('adds a model as a second layer titled with its file name, and escapes annotations as Go does', () => {
    const packed = packEmbServeArtifact({
      service: SERVICE,
      created: CREATED,
      model: { bytes: new TextEncoder().encode('TFL3fake-model'), name: 'model.tflite' },
      annotations: { 'org.opencontainers.image.description': '<svc> & co', 'com.example.b': 'x' },
    });
    const expected =
      '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",' +
      '"config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:4273150b09bd37e2c6dd40460366459e0734d61bb249dc13e55626bcd50adaa2","size":51},' +
      '"layers":[{"mediaType":"application/vnd.embserve.v1+json","digest":"sha256:15c68f9aa40b4d2c06acfd589d7b3bd04d9624f16d1d15643812e72ff670bbc9","size":315,"annotations":{"org.opencontainers.image.title":"service.json"}},' +
      '{"mediaType":"application/vnd.farside.tflite.v1","digest":"sha256:e838b2ac7758f8dfeb577bd2d9500922763d21fefe2bc8b2122bacf0b1892e0a","size":14,"annotations":{"org.opencontainers.image.title":"model.tflite"}}],' +
      '"annotations":{"com.example.b":"x","org.opencontainers.image.created":"2024-05-01T12:00:00Z","org.opencontainers.image.description":"\\u003csvc\\u003e \\u0026 co"}}';
    expect(new TextDecoder().decode(packed.manifest.bytes)).toBe(expected);
  });

  it('keeps a created annotation the caller gives, as oras push --annotation does', () => {
    const packed = packEmbServeArtifact({ service: SERVICE, created: CREATED, annotations: { [ANNOTATION.CREATED]: '2020-01-01T00:00:00+01:00' } });
    const parsed = parseManifest(packed.manifest.bytes);
    expect(parsed.kind === 'manifest' && parsed.manifest.annotations).toEqual({ [ANNOTATION.CREATED]: '2020-01-01T00:00:00+01:00' });
  });

  it('stamps the current time when no created time is given', () => {
    const before = Math.floor(Date.now() / 1000) * 1000;
    const parsed = parseManifest(packEmbServeArtifact({ service: SERVICE }).manifest.bytes);
    const created = parsed.kind === 'manifest' ? parsed.manifest.annotations?.[ANNOTATION.CREATED] : undefined;
    expect(created).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(Date.parse(created ?? '')).toBeGreaterThanOrEqual(before);
  });

  it('uses FITA’s config bytes unchanged', () => {
    expect(packEmbServeArtifact({ service: SERVICE, created: CREATED }).config.bytes).toEqual(EMBSERVE_CONFIG_BYTES);
  });

  it('refuses a bad service.json, model name, annotations or created time', () => {
    expectInvalidInput(() => packEmbServeArtifact({ service: new TextEncoder().encode('{"name":"x"}') }), /service.json/);
    expectInvalidInput(() => packEmbServeArtifact({ service: SERVICE, model: { bytes: new Uint8Array(1), name: '../model.tflite' } }), /plain file name/);
    expectInvalidInput(() => packEmbServeArtifact({ service: SERVICE, annotations: { a: 1 } as unknown as Record<string, string> }), /annotations/);
    expectInvalidInput(() => packEmbServeArtifact({ service: SERVICE, annotations: { [ANNOTATION.CREATED]: 'today' } }), /RFC 3339/);
    expectInvalidInput(() => packEmbServeArtifact({ service: SERVICE, created: new Date(Number.NaN) }), /valid date/);
    expectInvalidInput(() => packEmbServeArtifact(undefined as never), /options/);
  });
});
