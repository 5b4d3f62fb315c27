import {
  CONTENT_FORMAT,
  codecFor,
  formatLinkFormat,
  isFarsideError,
  parseQuery,
  pathFromSegments,
  type InboundRequest,
  type LwM2mNode,
  type LwM2mPath,
  type ModelLookup,
  type ObservedReply,
  type OutboundReply,
  type Resource,
  tlvCodec,
} from '../../lwm2m/index.js';
import type { ObjectTree } from '../objects/index.js';

const ATTRIBUTE_NAMES = new Set(['pmin', 'pmax', 'gt', 'lt', 'st', 'epmin', 'epmax']);

export interface DeviceRequestHandlerOptions {
  /** Formats the device can encode, in order of preference. */
  readonly formats: readonly number[];
}

const text = (code: string, message: string): OutboundReply => ({ code, payload: new TextEncoder().encode(message) });

/**
 * The device side of device management (Core §6.3, §8.2): CoAP requests from the
 * server become operations on the object tree, payloads are decoded and answers
 * encoded in the negotiated content format.
 */
export function createDeviceRequestHandler(tree: ObjectTree, models: ModelLookup, options: DeviceRequestHandlerOptions) {
  const encode = (path: LwM2mPath, node: LwM2mNode, accept: number | undefined): OutboundReply => {
    const format = accept ?? defaultFormat(node, options.formats);
    const codec = codecFor(format);
    if (!codec || !options.formats.includes(format)) return text('4.06', `content format ${format} is not supported`);
    try {
      return { code: '2.05', contentFormat: format, payload: codec.encode(path, node, models) };
    } catch (err) {
      if (isFarsideError(err)) return text('4.06', err.message);
      throw err;
    }
  };

  const decode = (path: LwM2mPath, request: InboundRequest): LwM2mNode | OutboundReply => {
    const format = request.contentFormat ?? CONTENT_FORMAT.TEXT;
    const codec = codecFor(format);
    if (!codec) return text('4.15', `content format ${format} is not supported`);
    try {
      return codec.decode(path, request.payload ?? new Uint8Array(), models);
    } catch (err) {
      if (isFarsideError(err)) return text('4.00', err.message);
      throw err;
    }
  };

  return (request: InboundRequest): OutboundReply | ObservedReply => {
    let path: LwM2mPath;
    try {
      path = pathFromSegments(request.path);
    } catch {
      return { code: '4.04' };
    }
    switch (request.method) {
      case 'GET': {
        if (request.accept === CONTENT_FORMAT.LINK_FORMAT) {
          const result = tree.discover(path);
          if (!result.links) return { code: result.code };
          return { code: result.code, contentFormat: CONTENT_FORMAT.LINK_FORMAT, payload: new TextEncoder().encode(formatLinkFormat(result.links)) };
        }
        if (request.observe === 0) {
          const reply = readReply(tree, path, request.accept, encode);
          if (!reply.code.startsWith('2.')) return reply;
          return {
            ...reply,
            subscribe: (notify) => {
              const observation = tree.observe(
                path,
                (node) => notify(encode(path, node, request.accept)),
                // The observed target went away (e.g. instance deleted): an error notification ends it.
                (code) => notify({ code }),
              );
              return () => observation.cancel?.();
            },
          };
        }
        return readReply(tree, path, request.accept, encode);
      }
      case 'PUT': {
        const query = parseQuery(request.query);
        if ((request.payload?.length ?? 0) === 0 && query.size > 0) return writeAttributes(tree, path, query);
        const node = decode(path, request);
        if ('code' in node) return node;
        return { code: tree.write(path, node, 'replace').code };
      }
      case 'POST': {
        if (path.length === 1) {
          // A TLV create may carry bare resources: the server leaves the id to us (Core §6.3.6).
          if (request.contentFormat === CONTENT_FORMAT.TLV) {
            const bare = decodeBareInstance(path[0]!, request, models);
            if (bare) return createResult(path as readonly [number], tree.create(path as readonly [number], { resources: bare.resources }));
          }
          const node = decode(path, request);
          if ('code' in node) return node;
          return create(tree, path as readonly [number], node);
        }
        if (path.length === 2) {
          const node = decode(path, request);
          if ('code' in node) return node;
          return { code: tree.write(path, node, 'update').code };
        }
        if (path.length === 3) {
          const args = new TextDecoder().decode(request.payload ?? new Uint8Array());
          return { code: tree.execute(path, args === '' ? undefined : args).code };
        }
        return { code: '4.05' };
      }
      case 'DELETE':
        return { code: tree.delete(path).code };
      default:
        return { code: '4.05' };
    }
  };
}

function readReply(tree: ObjectTree, path: LwM2mPath, accept: number | undefined, encode: (p: LwM2mPath, n: LwM2mNode, a: number | undefined) => OutboundReply): OutboundReply {
  const result = tree.read(path);
  if (!result.node) return { code: result.code };
  return encode(path, result.node, accept);
}

function create(tree: ObjectTree, path: readonly [number], node: LwM2mNode): OutboundReply {
  const instance = node.kind === 'object' ? [...node.instances.values()][0] : node.kind === 'instance' ? node : undefined;
  if (!instance) return text('4.00', 'create needs one object instance');
  return createResult(path, tree.create(path, instance));
}

function createResult(path: readonly [number], result: { code: string; instanceId?: number }): OutboundReply {
  if (!result.code.startsWith('2.') || result.instanceId === undefined) return { code: result.code };
  return { code: result.code, locationPath: [String(path[0]), String(result.instanceId)] };
}

/** Decodes a TLV payload of resource entries with no object-instance wrapper, if that is what it is. */
function decodeBareInstance(objectId: number, request: InboundRequest, models: ModelLookup): { resources: ReadonlyMap<number, Resource> } | undefined {
  const payload = request.payload ?? new Uint8Array();
  // Identifier type 00 in the first byte's top bits means an object-instance entry: not bare.
  if (payload.length === 0 || (payload[0]! & 0xc0) === 0) return undefined;
  try {
    const node = tlvCodec.decode([objectId, 0], payload, models);
    return node.kind === 'instance' ? { resources: node.resources } : undefined;
  } catch {
    return undefined;
  }
}

function writeAttributes(tree: ObjectTree, path: LwM2mPath, query: Map<string, string>): OutboundReply {
  const attrs: Record<string, number | null> = {};
  for (const [name, value] of query) {
    if (!ATTRIBUTE_NAMES.has(name)) return text('4.00', `unknown attribute ${name}`);
    if (value === '') attrs[name] = null;
    else {
      const n = Number(value);
      if (!Number.isFinite(n)) return text('4.00', `attribute ${name} is not a number`);
      attrs[name] = n;
    }
  }
  return { code: tree.writeAttributes(path, attrs).code };
}

/** Without Accept, a single value goes as text (or opaque), anything larger as the first structured format. */
function defaultFormat(node: LwM2mNode, formats: readonly number[]): number {
  if (node.kind === 'single' || node.kind === 'resourceInstance') return node.type === 'opaque' ? CONTENT_FORMAT.OPAQUE : CONTENT_FORMAT.TEXT;
  return formats.find((f) => f !== CONTENT_FORMAT.TEXT && f !== CONTENT_FORMAT.OPAQUE) ?? CONTENT_FORMAT.TLV;
}
