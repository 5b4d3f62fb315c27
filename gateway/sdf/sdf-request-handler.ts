import {
  ERROR_CODES,
  FarsideError,
  invalidInput,
  isSuccess,
  responseCodeToNumber,
  type LwM2mPath,
} from '../../lwm2m/index.js';
import { SDF_RESPONSE_CODE, errorResponse, errorResponseFromError, type SdfResponse, type SdfTopic } from '../../sdf-models/index.js';
import type { LwM2mServer } from '../lwm2m-server.js';
import type { Registration } from '../registration/registration.js';
import { instanceFromSdf, resourceFromSdf, sdfObjectsFromNode, type SdfObjectsData } from './sdf-objects.js';
import type { SdfNames } from './sdf-names.js';
import type { ValueMode } from './value-modes.js';

export type SdfOperation = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'START_OBSERVE' | 'STOP_OBSERVE';

/** One SDF request, already decoded from MQTT. */
export interface SdfCall {
  readonly topic: SdfTopic;
  readonly operation: SdfOperation;
  readonly data?: unknown;
  readonly mode: ValueMode;
}

/** A reply is the contract's response body (sdf-models/CONTRACT.md "Replies"). */
export type SdfReply = SdfResponse;

/** What START_OBSERVE/STOP_OBSERVE need from whoever routes notifications to topics. */
export interface ObservationRouter {
  /** Starts (or joins) the observation behind `call.topic`; resolves with the first reply. */
  start(registration: Registration, path: LwM2mPath, call: SdfCall): Promise<SdfReply>;
  stop(registration: Registration, call: SdfCall): Promise<SdfReply>;
}

const notAllowed = (detail: string): never => {
  throw new FarsideError(ERROR_CODES.NOT_ALLOWED, detail);
};
const notFound = (detail: string): never => {
  throw new FarsideError(ERROR_CODES.NOT_FOUND, detail);
};

/**
 * SDF requests at every level (thing, object, instance, property, action)
 * translated to LwM2M and back (sdf-models/CONTRACT.md). A device's error code is
 * passed through as `response_code`; our own refusals use the same codes.
 */
export class SdfRequestHandler {
  constructor(
    private readonly server: LwM2mServer,
    private readonly names: SdfNames,
    private readonly observations: ObservationRouter,
  ) {}

  async handle(call: SdfCall): Promise<SdfReply> {
    try {
      return await this.#handle(call);
    } catch (err) {
      return errorResponseFromError(err);
    }
  }

  async #handle(call: SdfCall): Promise<SdfReply> {
    const { topic, operation } = call;
    const registration = this.server.registration(topic.thing) ?? notFound(`no thing named ${topic.thing}`);
    if (topic.level === 'thing') {
      if (operation !== 'GET') return notAllowed(`${operation} is not allowed on a thing; use GET`);
      return this.#readThing(registration, call.mode);
    }
    const objectId = this.names.objectId(topic.object, registration.objects.keys()) ?? notFound(`${topic.thing} has no object ${topic.object}`);
    if (topic.level === 'object') return this.#onObject(registration, objectId, call);
    const instanceId = /^\d{1,5}$/.test(topic.instance) ? Number(topic.instance) : notFound(`instance label ${topic.instance} is not an instance id`);
    if (topic.level === 'instance') return this.#onInstance(registration, objectId, instanceId, call);
    const name = topic.level === 'property' ? topic.property : topic.action;
    const model = this.names.resource(objectId, name, topic.level) ?? notFound(`${topic.object} has no ${topic.level} ${name}`);
    const path = [objectId, instanceId, model.id] as const;
    if (topic.level === 'action') {
      if (model.operations !== 'E') return notAllowed(`${name} is a property, not an action`);
      if (operation !== 'POST') return notAllowed(`${operation} is not allowed on an action; use POST`);
      const args = call.data === undefined || call.data === null || call.data === '' ? undefined : String(call.data);
      return this.#codeOnly(await this.server.send(registration.endpoint, { kind: 'execute', path, args }));
    }
    if (model.operations === 'E') return notAllowed(`${name} is an action; use its Action topic`);
    switch (operation) {
      case 'GET':
        return this.#read(registration, path, call.mode);
      case 'POST':
      case 'PUT': {
        const resource = resourceFromSdf(objectId, model, call.data, this.names, call.mode, { requireWritable: true });
        return this.#codeOnly(await this.server.send(registration.endpoint, { kind: 'write', path, mode: 'replace', node: resource }));
      }
      case 'START_OBSERVE':
        return this.observations.start(registration, path, call);
      case 'STOP_OBSERVE':
        return this.observations.stop(registration, call);
      default:
        return notAllowed(`${operation} is not allowed on a property`);
    }
  }

  async #onObject(registration: Registration, objectId: number, call: SdfCall): Promise<SdfReply> {
    switch (call.operation) {
      case 'GET':
        return this.#read(registration, [objectId], call.mode);
      case 'POST': {
        const body = asRecord(call.data ?? {}, 'a create request');
        const label = body.label;
        const properties = body.sdfProperty === undefined ? {} : asRecord(body.sdfProperty, 'sdfProperty');
        const resources = instanceFromSdf(objectId, 0, properties, this.names, call.mode, { requireWritable: false }).resources;
        let instance: { kind: 'instance'; id: number; resources: typeof resources } | { kind: 'instance'; resources: typeof resources };
        if (label === undefined) instance = { kind: 'instance', resources };
        else if ((typeof label === 'string' && /^\d{1,5}$/.test(label)) || (typeof label === 'number' && Number.isInteger(label) && label >= 0)) {
          instance = { kind: 'instance', id: Number(label), resources };
        } else throw invalidInput(`label must be an instance id like "0", got ${JSON.stringify(label)}`);
        const response = await this.server.send(registration.endpoint, { kind: 'create', path: [objectId], instance });
        return this.#codeOnly(response);
      }
      default:
        return notAllowed(`${call.operation} is not allowed on an object; use GET, or POST to create an instance`);
    }
  }

  async #onInstance(registration: Registration, objectId: number, instanceId: number, call: SdfCall): Promise<SdfReply> {
    const path = [objectId, instanceId] as const;
    switch (call.operation) {
      case 'GET':
        return this.#read(registration, path, call.mode);
      case 'POST':
      case 'PUT': {
        const body = asRecord(call.data ?? {}, 'a write request');
        const properties = asRecord(body.sdfProperty ?? {}, 'sdfProperty');
        const node = instanceFromSdf(objectId, instanceId, properties, this.names, call.mode, { requireWritable: true });
        // POST is a partial update, PUT replaces the instance (Core §6.3.3).
        const mode = call.operation === 'POST' ? 'update' : 'replace';
        return this.#codeOnly(await this.server.send(registration.endpoint, { kind: 'write', path, mode, node }));
      }
      case 'DELETE':
        return this.#codeOnly(await this.server.send(registration.endpoint, { kind: 'delete', path }));
      case 'START_OBSERVE':
        return this.observations.start(registration, path, call);
      case 'STOP_OBSERVE':
        return this.observations.stop(registration, call);
      default:
        return notAllowed(`${call.operation} is not allowed on an instance`);
    }
  }

  /** GET of a thing: every object it registered, each read from the device. */
  async #readThing(registration: Registration, mode: ValueMode): Promise<SdfReply> {
    return { response_code: SDF_RESPONSE_CODE.CONTENT, sdfObject: await this.readObjects(registration, mode) };
  }

  /** Reads every object of a device; objects it refuses to read are listed by instance label only. */
  async readObjects(registration: Registration, mode: ValueMode): Promise<SdfObjectsData> {
    const objects: SdfObjectsData = {};
    for (const [objectId, entry] of registration.objects) {
      const response = await this.server.send(registration.endpoint, { kind: 'read', path: [objectId] });
      if (isSuccess(response.code) && response.node) Object.assign(objects, sdfObjectsFromNode(response.node, objectId, undefined, this.names, mode));
      else objects[this.names.objectName(objectId)] = entry.instances.map((id) => ({ label: String(id), sdfProperty: {} }));
    }
    return objects;
  }

  async #read(registration: Registration, path: LwM2mPath, mode: ValueMode): Promise<SdfReply> {
    const response = await this.server.send(registration.endpoint, { kind: 'read', path });
    if (!isSuccess(response.code) || !response.node) return this.#codeOnly(response);
    return { response_code: responseCodeToNumber(response.code), sdfObject: sdfObjectsFromNode(response.node, path[0]!, path[1], this.names, mode) };
  }

  #codeOnly(response: { code: string; diagnostic?: string }): SdfReply {
    const code = responseCodeToNumber(response.code);
    if (isSuccess(response.code)) return { response_code: code };
    return errorResponse(code, response.diagnostic ?? `the device answered ${response.code}`);
  }
}

function asRecord(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Uint8Array) throw invalidInput(`${what} must be an object`);
  return value as Record<string, unknown>;
}
