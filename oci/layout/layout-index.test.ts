import { describe, expect, it } from 'vitest';
import { expectInvalidInput } from '../../test/support/assertions.js';
import { fuzzDecoder, inTurn } from '../../test/support/fuzz.js';
import { editText, flipBits, mutate, randomBytes, truncate } from '../../test/support/prng.js';
import type { Descriptor } from '../manifest.js';
import { ANNOTATION, MEDIA_TYPE } from '../media-types.js';
import { findTagged, isTag, parseLayoutIndex, parseLayoutMarker, tagsOf, withTag } from './layout-index.js';

const encoder = new TextEncoder();
const digestA = `sha256:${'a'.repeat(64)}` as const;
const digestB = `sha256:${'b'.repeat(64)}` as const;
const manifestA: Descriptor = { mediaType: MEDIA_TYPE.OCI_MANIFEST, digest: digestA, size: 10 };
const manifestB: Descriptor = { mediaType: MEDIA_TYPE.OCI_MANIFEST, digest: digestB, size: 20 };

const SAMPLE_INDEX = JSON.stringify({
  schemaVersion: 2,
  mediaType: MEDIA_TYPE.OCI_INDEX,
  manifests: [
    { ...manifestA, annotations: { [ANNOTATION.REF_NAME]: 'v1' } },
    { ...manifestB, platform: { os: 'zephyr', architecture: 'arm', variant: 'v7' }, annotations: { [ANNOTATION.REF_NAME]: 'edge' } },
  ],
});

describe('index.json', () => {
  it('reads the tags an index names', () => {
    const index = parseLayoutIndex(encoder.encode(SAMPLE_INDEX));
    expect(tagsOf(index)).toEqual(['v1', 'edge']);
    expect(findTagged(index, 'edge')?.digest).toBe(digestB);
    expect(findTagged(index, 'nope')).toBeUndefined();
  });

  it('moves a tag without touching the other entries', () => {
    const index = withTag(parseLayoutIndex(encoder.encode(SAMPLE_INDEX)), manifestB, 'v1');
    expect(index.manifests.map((entry) => [entry.digest, entry.annotations?.[ANNOTATION.REF_NAME]])).toEqual([
      [digestB, 'edge'],
      [digestB, 'v1'],
    ]);
  });

  it('refuses index.json that is not JSON, not UTF-8 or not an image index', () => {
    expectInvalidInput(() => parseLayoutIndex(encoder.encode('{')), /not JSON/);
    expectInvalidInput(() => parseLayoutIndex(Uint8Array.of(0xff, 0xfe)), /not JSON/);
    expectInvalidInput(() => parseLayoutIndex(encoder.encode('{"schemaVersion":1,"manifests":[]}')), /invalid index.json/);
  });

  it('accepts the 1.x layout versions only', () => {
    expect(parseLayoutMarker(encoder.encode('{"imageLayoutVersion":"1.0.0"}')).imageLayoutVersion).toBe('1.0.0');
    expectInvalidInput(() => parseLayoutMarker(encoder.encode('{"imageLayoutVersion":"2.0.0"}')), /unsupported/);
    expectInvalidInput(() => parseLayoutMarker(encoder.encode('{}')), /imageLayoutVersion/);
  });

  it('knows a tag from a reference that is not one', () => {
    expect(isTag('v1.0_rc-1')).toBe(true);
    expect(isTag('_private')).toBe(true);
    expect(isTag('-dash')).toBe(false);
    expect(isTag('a/b')).toBe(false);
    expect(isTag('x'.repeat(129))).toBe(false);
  });
});

describe('layout decoders under fuzzing', () => {
  it('either decode or throw invalid input for 10,000 spoiled index.json and oci-layout files', () => {
    const index = encoder.encode(SAMPLE_INDEX);
    const marker = encoder.encode('{"imageLayoutVersion":"1.0.0"}');
    const interesting = [...'{}[]":,0129abv'].map((char) => char.charCodeAt(0));
    fuzzDecoder({
      seed: 0x1a70,
      runs: 10_000,
      input: (rng, round) =>
        inTurn<Uint8Array>(round, [
          () => mutate(rng, index, undefined, interesting),
          () => flipBits(rng, index),
          () => truncate(rng, index),
          () => encoder.encode(editText(rng, SAMPLE_INDEX, '{}[]":,0az', 2, 4)),
          () => mutate(rng, marker, undefined, interesting),
          () => truncate(rng, marker),
          () => randomBytes(rng, rng.int(64), encoder.encode('{}[]":,01')),
        ]),
      decoders: { parseLayoutIndex, parseLayoutMarker },
      decodesMoreThan: 500,
    });
  });
});
