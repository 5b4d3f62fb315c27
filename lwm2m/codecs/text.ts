import { CONTENT_FORMAT } from '../content-format.js';
import type { NodeCodec } from '../codec.js';
import { formatPath } from '../path.js';
import { singleValueFromNode, singleValueModelType, singleValueNode } from './single-value.js';
import { decodeUtf8, encodeUtf8 } from './strict-utf8.js';
import { textFromValue, valueFromText } from './text-values.js';

const FORMAT = 'text/plain';

/**
 * Content format 0 (LwM2M 1.1 Core §7.4.1): one resource or resource instance value
 * as UTF-8 text. The type comes from the model; a resource no model knows is a string,
 * since text is all the payload tells us.
 */
export const textCodec: NodeCodec = {
  format: CONTENT_FORMAT.TEXT,

  encode(path, node, models) {
    singleValueModelType(path, models, FORMAT);
    const { type, value } = singleValueFromNode(path, node, FORMAT);
    return encodeUtf8(textFromValue(type, value, formatPath(path)));
  },

  decode(path, payload, models) {
    const type = singleValueModelType(path, models, FORMAT) ?? 'string';
    const where = formatPath(path);
    return singleValueNode(path, type, valueFromText(type, decodeUtf8(payload, where), where));
  },
};
