import { describe, expect, it } from 'vitest';
import { goQuote, goStringMap, goStruct, omitEmptyMap, omitEmptyString } from './go-json.js';
import { encodeDescriptor, encodeImageIndex } from './oci-json.js';

// Expected strings are what Go 1.22+ encoding/json.Marshal writes for the same values.
describe('Go encoding/json strings', () => {
  it('escapes <, > and & as Go does with HTML escaping on', () => {
    expect(goQuote('a<b>&c')).toBe('"a\\u003cb\\u003e\\u0026c"');
  });

  it('uses short escapes for quote, backslash, newline, return, tab, backspace and form feed', () => {
    expect(goQuote('"\\\n\r\t\b\f')).toBe('"\\"\\\\\\n\\r\\t\\b\\f"');
  });

  it('writes other control characters as lower-case \\u00XX', () => {
    expect(goQuote('\u0000\u001f\u001b')).toBe('"\\u0000\\u001f\\u001b"');
  });

  it('escapes the JavaScript line separators and passes other Unicode through', () => {
    expect(goQuote('\u2028\u2029é😀\u007f')).toBe('"\\u2028\\u2029é😀\u007f"');
  });

  it('writes a lone surrogate as the replacement character, as Go does for bad UTF-8', () => {
    expect(goQuote('a\ud800b')).toBe('"a\\ufffdb"');
  });
});

describe('Go encoding/json maps and structs', () => {
  it('sorts map keys by their UTF-8 bytes', () => {
    // UTF-16 order would put U+FF01 after U+1F600's surrogates; UTF-8 order puts it first.
    expect(goStringMap({ b: '1', a: '2', '😀': '3', '！': '4', B: '5' })).toBe('{"B":"5","a":"2","b":"1","！":"4","😀":"3"}');
  });

  it('drops omitempty fields that are empty and keeps declaration order', () => {
    expect(goStruct([['z', '1'], ['a', omitEmptyString('')], ['m', omitEmptyMap({})], ['b', omitEmptyString('x')]])).toBe('{"z":1,"b":"x"}');
  });

  it('writes descriptors in the image-spec field order', () => {
    const json = encodeDescriptor({
      artifactType: 'application/x',
      platform: { variant: 'v7', os: 'zephyr', architecture: 'arm' },
      annotations: { b: '2', a: '1' },
      size: 3,
      digest: `sha256:${'0'.repeat(64)}`,
      mediaType: 'application/y',
    });
    expect(json).toBe(
      `{"mediaType":"application/y","digest":"sha256:${'0'.repeat(64)}","size":3,"annotations":{"a":"1","b":"2"},"platform":{"architecture":"arm","os":"zephyr","variant":"v7"},"artifactType":"application/x"}`,
    );
  });

  it('writes an empty manifest list of an index as []', () => {
    expect(encodeImageIndex({ schemaVersion: 2, manifests: [] })).toBe('{"schemaVersion":2,"manifests":[]}');
  });
});
