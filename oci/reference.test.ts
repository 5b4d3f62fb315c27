import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../errors/index.js';
import { fuzzDecoder, inTurn } from '../test/support/fuzz.js';
import { editText, randomText, truncate } from '../test/support/prng.js';
import type { Digest } from './digest.js';
import { formatReference, parseReference, parseRegistryReference, registryApiHost, tagOrDigest, type Reference } from './reference.js';

const DIGEST: Digest = `sha256:${'ab'.repeat(32)}`;

describe('parseReference on registry references', () => {
  it.each<[string, Reference]>([
    ['alpine', { kind: 'registry', registry: 'docker.io', repository: 'library/alpine' }],
    ['alpine:3.20', { kind: 'registry', registry: 'docker.io', repository: 'library/alpine', tag: '3.20' }],
    ['fhp/embserve:v1', { kind: 'registry', registry: 'docker.io', repository: 'fhp/embserve', tag: 'v1' }],
    ['docker.io/alpine', { kind: 'registry', registry: 'docker.io', repository: 'library/alpine' }],
    ['index.docker.io/fhp/x', { kind: 'registry', registry: 'docker.io', repository: 'fhp/x' }],
    ['ghcr.io/org/team/app:1.0', { kind: 'registry', registry: 'ghcr.io', repository: 'org/team/app', tag: '1.0' }],
    ['localhost/app', { kind: 'registry', registry: 'localhost', repository: 'app' }],
    ['localhost:5000/app:dev', { kind: 'registry', registry: 'localhost:5000', repository: 'app', tag: 'dev' }],
    ['127.0.0.1:5000/a/b', { kind: 'registry', registry: '127.0.0.1:5000', repository: 'a/b' }],
    ['[::1]:5000/a', { kind: 'registry', registry: '[::1]:5000', repository: 'a' }],
    ['Registry/app', { kind: 'registry', registry: 'Registry', repository: 'app' }],
    [`ghcr.io/o/app@${DIGEST}`, { kind: 'registry', registry: 'ghcr.io', repository: 'o/app', digest: DIGEST }],
    [`ghcr.io/o/app:v2@${DIGEST}`, { kind: 'registry', registry: 'ghcr.io', repository: 'o/app', tag: 'v2', digest: DIGEST }],
    ['r.example/a.b_c__d---e/f', { kind: 'registry', registry: 'r.example', repository: 'a.b_c__d---e/f' }],
  ])('reads %s', (text, expected) => {
    expect(parseReference(text)).toEqual(expected);
  });

  it('puts Docker Hub API calls on registry-1.docker.io and leaves other registries alone', () => {
    expect(registryApiHost('docker.io')).toBe('registry-1.docker.io');
    expect(registryApiHost('localhost:5000')).toBe('localhost:5000');
  });

  it.each([
    ['Alpine', 'must be lowercase'],
    ['ghcr.io/Org/app', 'must be lowercase'],
    ['ghcr.io/org/app:', 'tag ""'],
    ['ghcr.io/org/app:-bad', 'tag "-bad"'],
    [`ghcr.io/org/app:${'t'.repeat(129)}`, 'tag'],
    ['ghcr.io/org/app@sha256:abc', 'not a digest'],
    ['ghcr.io/org/app@latest', 'not a digest'],
    ['ghcr.io/', 'no repository'],
    ['ghcr.io//app', 'repository'],
    ['ghcr.io/a..b', 'repository'],
    ['ghcr.io/a-/b', 'repository'],
    ['reg:99999/app', 'registry host'],
    ['-reg.io/app', 'registry host'],
    ['ghcr.io/org app', 'white space'],
    ['', 'empty'],
    [`r.io/${'a'.repeat(260)}`, 'over 255'],
  ])('refuses %j with an error that says why (%s)', (text, why) => {
    let error: unknown;
    try {
      parseReference(text);
    } catch (err) {
      error = err;
    }
    expect(error).toMatchObject({ code: ERROR_CODES.INVALID_INPUT });
    expect((error as Error).message).toContain(why);
  });

  it('refuses an image-layout reference where a registry one is needed', () => {
    expect(() => parseRegistryReference('oci-layout:./store:v1')).toThrow(/image-layout/);
  });
});

describe('parseReference on image-layout references', () => {
  it.each<[string, Reference]>([
    ['oci-layout:./store', { kind: 'layout', path: './store' }],
    ['oci-layout:/var/lib/farside/oci:v1', { kind: 'layout', path: '/var/lib/farside/oci', tag: 'v1' }],
    [`oci-layout:store@${DIGEST}`, { kind: 'layout', path: 'store', digest: DIGEST }],
    ['oci-layout:C:\\images', { kind: 'layout', path: 'C:\\images' }],
    ['oci-layout:/home/u@host/store:latest', { kind: 'layout', path: '/home/u@host/store', tag: 'latest' }],
    ['oci-layout:relative:tag_1', { kind: 'layout', path: 'relative', tag: 'tag_1' }],
  ])('reads %s', (text, expected) => {
    expect(parseReference(text)).toEqual(expected);
  });

  it.each([
    ['oci-layout:', 'no directory'],
    ['oci-layout::v1', 'no directory'],
    [`oci-layout:store:v1@${DIGEST}`, 'not both'],
    ['oci-layout:store@sha256:1234', 'not a digest'],
    ['oci-layout:store:bad!tag', 'tag "bad!tag"'],
  ])('refuses %j (%s)', (text, why) => {
    expect(() => parseReference(text)).toThrow(why);
  });
});

describe('formatReference', () => {
  it.each([
    'docker.io/library/alpine:3.20',
    `ghcr.io/o/app:v2@${DIGEST}`,
    '[::1]:5000/a',
    'oci-layout:./store:v1',
    `oci-layout:/data/oci@${DIGEST}`,
  ])('writes %s back as it was read', (text) => {
    expect(formatReference(parseReference(text))).toBe(text);
  });

  it('writes a Docker Hub short name in full', () => {
    expect(formatReference(parseReference('alpine'))).toBe('docker.io/library/alpine');
  });

  it('resolves the digest before the tag, and latest when there is neither', () => {
    expect(tagOrDigest(parseReference(`a/b:v1@${DIGEST}`))).toBe(DIGEST);
    expect(tagOrDigest(parseReference('a/b:v1'))).toBe('v1');
    expect(tagOrDigest(parseReference('a/b'))).toBe('latest');
  });
});

describe('parseReference under fuzzing', () => {
  const ALPHABET = 'abcdefABCDEF0123456789:/@._-[] \\oci-layout:sha256';
  const SEEDS = ['alpine', 'ghcr.io/o/app:v1', `r.io:5000/a/b@${DIGEST}`, 'oci-layout:./s:v1', `oci-layout:s@${DIGEST}`, '[::1]:5000/a:t'];

  it('returns a reference or throws FARSIDE_ERR_INVALID_INPUT on 10,000 seeded inputs, and every value reads back the same', () => {
    fuzzDecoder({
      seed: 0x0c1_2e4,
      runs: 10_000,
      input: (rng, round) =>
        inTurn(round, [
          () => randomText(rng, rng.int(40), ALPHABET),
          () => truncate(rng, rng.pick(SEEDS)),
          () => editText(rng, rng.pick(SEEDS), ALPHABET),
        ]),
      decoders: { parseReference },
      check: (reference) => expect(parseReference(formatReference(reference))).toEqual(reference),
      decodesMoreThan: 2_000,
    });
  });
});
