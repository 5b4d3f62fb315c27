import { CONTENT_FORMAT } from '../content-format.js';
import type { NodeCodec } from '../codec.js';
import { invalidInput } from '../errors.js';
import type { ModelLookup } from '../model.js';
import { formatPath, type LwM2mPath } from '../path.js';
import { singleValueFromNode, singleValueModelType, singleValueNode } from './single-value.js';

const FORMAT = 'application/octet-stream';

/** Opaque bytes may only target an opaque resource (Core §7.4.2), else the server meant another format. */
function checkOpaqueModel(path: LwM2mPath, models: ModelLookup): void {
  const type = singleValueModelType(path, models, FORMAT);
  if (type !== undefined && type !== 'opaque') {
    throw invalidInput(`${formatPath(path)} is a ${type} resource; opaque (42) carries only opaque resources`);
  }
}

/** Content format 42 (LwM2M 1.1 Core §7.4.2): the raw bytes of one opaque resource or resource instance. */
export const opaqueCodec: NodeCodec = {
  format: CONTENT_FORMAT.OPAQUE,

  encode(path, node, models) {
    checkOpaqueModel(path, models);
    const { type, value } = singleValueFromNode(path, node, FORMAT);
    if (type !== 'opaque' || !(value instanceof Uint8Array)) {
      throw invalidInput(`${formatPath(path)}: opaque (42) carries only opaque values, got a ${type} value`);
    }
    return new Uint8Array(value);
  },

  decode(path, payload, models) {
    checkOpaqueModel(path, models);
    // A copy (new Uint8Array, not Buffer#slice, which shares memory), so the node neither
    // pins the received datagram nor changes when the transport reuses its buffer.
    return singleValueNode(path, 'opaque', new Uint8Array(payload));
  },
};
