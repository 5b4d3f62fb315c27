import type { MultiNodeCodec, NodeCodec } from '../codec.js';
import { CONTENT_FORMAT } from '../content-format.js';
import { opaqueCodec } from './opaque.js';
import { senmlCborCodec } from './senml-cbor.js';
import { senmlJsonCodec } from './senml-json.js';
import { textCodec } from './text.js';
import { tlvCodec } from './tlv.js';

/** Every content format we can encode and decode, by CoAP Content-Format number. */
export const CODECS: ReadonlyMap<number, NodeCodec> = new Map<number, NodeCodec>([
  [CONTENT_FORMAT.TEXT, textCodec],
  [CONTENT_FORMAT.OPAQUE, opaqueCodec],
  [CONTENT_FORMAT.TLV, tlvCodec],
  [CONTENT_FORMAT.SENML_JSON, senmlJsonCodec],
  [CONTENT_FORMAT.SENML_CBOR, senmlCborCodec],
]);

export function codecFor(format: number): NodeCodec | undefined {
  return CODECS.get(format);
}

export function multiNodeCodecFor(format: number): MultiNodeCodec | undefined {
  if (format === CONTENT_FORMAT.SENML_JSON) return senmlJsonCodec;
  if (format === CONTENT_FORMAT.SENML_CBOR) return senmlCborCodec;
  return undefined;
}

export { opaqueCodec, senmlCborCodec, senmlJsonCodec, textCodec, tlvCodec };
