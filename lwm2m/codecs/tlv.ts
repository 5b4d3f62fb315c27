import type { NodeCodec } from '../codec.js';
import { CONTENT_FORMAT } from '../content-format.js';
import { nodeFromTlv } from './tlv-decode.js';
import { tlvFromNode } from './tlv-encode.js';

/**
 * Content format 11542, application/vnd.oma.lwm2m+tlv (LwM2M 1.1 Core §7.4.3), at every
 * level from object to resource instance. Encoding needs no model: nodes carry their types.
 */
export const tlvCodec: NodeCodec = {
  format: CONTENT_FORMAT.TLV,
  encode: (path, node) => tlvFromNode(path, node),
  decode: (path, payload, models) => nodeFromTlv(path, payload, models),
};
