import {
  CONTENT_FORMAT,
  codecFor,
  FarsideError,
  ERROR_CODES,
  parseLinkFormat,
  type CoapResponse,
  type ModelLookup,
} from '../../lwm2m/index.js';
import type { CreateResponse, DiscoverResponse, DownlinkRequest, DownlinkResponse, ReadResponse, ResponseFor } from './requests.js';

/**
 * Turns a device's CoAP answer into a typed response. An error code is a value; a
 * success whose payload cannot be decoded is FARSIDE_ERR_INVALID_INPUT, since the
 * device broke the protocol.
 */
export function responseFromCoap<R extends DownlinkRequest>(request: R, response: CoapResponse, rootPath: string, models: ModelLookup): ResponseFor<R> {
  const base: DownlinkResponse = { code: response.code };
  if (!response.code.startsWith('2.')) {
    const diagnostic = diagnosticText(response.payload);
    return (diagnostic ? { ...base, diagnostic } : base) as ResponseFor<R>;
  }
  switch (request.kind) {
    case 'read':
      return readResponse(request, response, models) as ResponseFor<R>;
    case 'discover': {
      const result: DiscoverResponse = { ...base, links: parseLinkFormat(new TextDecoder().decode(response.payload)) };
      return result as ResponseFor<R>;
    }
    case 'create':
      return createResponse(request, response, rootPath) as ResponseFor<R>;
    default:
      return base as ResponseFor<R>;
  }
}

function readResponse(request: Extract<DownlinkRequest, { kind: 'read' }>, response: CoapResponse, models: ModelLookup): ReadResponse {
  // A missing Content-Format means text (RFC 7252 §5.10.3), unless we asked for something else.
  const format = response.contentFormat ?? request.accept ?? CONTENT_FORMAT.TEXT;
  const codec = codecFor(format);
  if (!codec) throw new FarsideError(ERROR_CODES.UNSUPPORTED_FORMAT, `device answered in content format ${format}, which we cannot decode`);
  return { code: response.code, format, node: codec.decode(request.path, response.payload, models) };
}

function createResponse(request: Extract<DownlinkRequest, { kind: 'create' }>, response: CoapResponse, rootPath: string): CreateResponse {
  const root = rootPath.split('/').filter((s) => s !== '');
  const location = response.locationPath.slice(root.length);
  const objectId = request.path[0];
  if (location.length === 2 && /^\d+$/.test(location[1]!)) return { code: response.code, path: [objectId, Number(location[1])] };
  if ('id' in request.instance) return { code: response.code, path: [objectId, request.instance.id] };
  return { code: response.code };
}

function diagnosticText(payload: Uint8Array): string | undefined {
  if (payload.length === 0 || payload.length > 512) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(payload);
  } catch {
    return undefined;
  }
}
