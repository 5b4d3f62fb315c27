import type { ContentFormat } from './content-format.js';
import type { ModelLookup } from './model.js';
import type { LwM2mNode } from './node.js';
import type { LwM2mPath } from './path.js';

/**
 * A content-format codec for one LwM2M payload rooted at `path` (the request's
 * target). `decode` throws FARSIDE_ERR_INVALID_INPUT for a malformed payload and
 * never anything else; `encode` throws it for a node the format cannot carry (e.g.
 * text for an object instance).
 */
export interface NodeCodec {
  readonly format: ContentFormat;
  encode(path: LwM2mPath, node: LwM2mNode, models: ModelLookup): Uint8Array;
  decode(path: LwM2mPath, payload: Uint8Array, models: ModelLookup): LwM2mNode;
}

/** One node of a multi-path payload (Send, Read-Composite, timestamped notifications). */
export interface TimestampedNode {
  readonly path: LwM2mPath;
  readonly node: LwM2mNode;
  /** When the value was measured, if the payload says. */
  readonly time?: Date;
}

/** Formats that carry full paths per value (SenML) can hold several nodes. */
export interface MultiNodeCodec extends NodeCodec {
  encodeNodes(nodes: readonly TimestampedNode[], models: ModelLookup): Uint8Array;
  decodeNodes(payload: Uint8Array, models: ModelLookup): TimestampedNode[];
}

export function isMultiNodeCodec(codec: NodeCodec): codec is MultiNodeCodec {
  return 'decodeNodes' in codec;
}
