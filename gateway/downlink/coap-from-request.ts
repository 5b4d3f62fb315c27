import {
  CONTENT_FORMAT,
  codecFor,
  FarsideError,
  ERROR_CODES,
  lwm2mObject,
  type CoapRequest,
  type ModelLookup,
  type LwM2mPath,
} from '../../lwm2m/index.js';
import type { Registration } from '../registration/registration.js';
import { preferredFormat } from './content-negotiation.js';
import type { DownlinkRequest, NotificationAttributes } from './requests.js';

/** The one place a device-management request becomes a CoAP message (Core §6.3, §8.2). */
export function coapFromRequest(request: DownlinkRequest, registration: Registration, models: ModelLookup): CoapRequest {
  const path = uriPath(registration.rootPath, request.path);
  switch (request.kind) {
    case 'read':
      return { method: 'GET', path, accept: request.accept ?? preferredFormat(registration) };
    case 'discover':
      return { method: 'GET', path, accept: CONTENT_FORMAT.LINK_FORMAT };
    case 'write': {
      const format = request.format ?? preferredFormat(registration);
      const payload = encode(format, request.path, request.node, models);
      // Core §6.3.3: PUT replaces, POST on an instance is a partial update.
      return { method: request.mode === 'replace' ? 'PUT' : 'POST', path, contentFormat: format, payload };
    }
    case 'execute':
      return request.args ? { method: 'POST', path, payload: new TextEncoder().encode(request.args) } : { method: 'POST', path };
    case 'create': {
      const format = request.format ?? preferredFormat(registration);
      const objectId = request.path[0];
      if ('id' in request.instance) {
        // SenML names values, so an instance without any cannot be carried; TLV can (an empty instance entry).
        const chosen = request.instance.resources.size === 0 && request.format === undefined ? CONTENT_FORMAT.TLV : format;
        const payload = encode(chosen, request.path, lwm2mObject(objectId, [request.instance]), models);
        return { method: 'POST', path, contentFormat: chosen, payload };
      }
      // Without an id the device picks one (Core §6.3.6). Only TLV can carry an
      // instance without naming it (bare resource TLVs); SenML names every value.
      if (request.format !== undefined && request.format !== CONTENT_FORMAT.TLV) {
        throw new FarsideError(ERROR_CODES.INVALID_INPUT, 'create without an instance id needs TLV; give the instance an id to use another format');
      }
      const payload = encode(CONTENT_FORMAT.TLV, [objectId, 0], { kind: 'instance', id: 0, resources: request.instance.resources }, models);
      return { method: 'POST', path, contentFormat: CONTENT_FORMAT.TLV, payload };
    }
    case 'delete':
      return { method: 'DELETE', path };
    case 'writeAttributes':
      return { method: 'PUT', path, query: attributeQuery(request.attributes) };
    default: {
      const unknown: never = request;
      throw new FarsideError(ERROR_CODES.INVALID_INPUT, `unknown request kind ${(unknown as { kind: string }).kind}`);
    }
  }
}

export function uriPath(rootPath: string, path: LwM2mPath): string[] {
  const root = rootPath.split('/').filter((s) => s !== '');
  return [...root, ...path.map(String)];
}

function encode(format: number, path: LwM2mPath, node: Parameters<NonNullable<ReturnType<typeof codecFor>>['encode']>[1], models: ModelLookup): Uint8Array {
  const codec = codecFor(format);
  if (!codec) throw new FarsideError(ERROR_CODES.UNSUPPORTED_FORMAT, `content format ${format} is not supported for writing`);
  return codec.encode(path, node, models);
}

function attributeQuery(attributes: NotificationAttributes): string[] {
  const query: string[] = [];
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined) continue;
    if (value === null) query.push(name);
    else if (!Number.isFinite(value)) throw new FarsideError(ERROR_CODES.INVALID_INPUT, `attribute ${name} must be a finite number`);
    else query.push(`${name}=${value}`);
  }
  return query;
}
