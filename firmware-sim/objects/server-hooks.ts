/**
 * How device logic takes part in what a server does to its objects: a state machine
 * (Software Management) may refuse a Write in the wrong state, a shell acts on the
 * command written to it, a route table checks the URIs of a new route. Hooks run only
 * once the request as a whole is valid, so a refused request still changes nothing.
 */
import type { Resource } from '../../lwm2m/node.js';
import type { ResponseCode } from '../../lwm2m/response-code.js';

export interface WriteHook {
  /**
   * Called before anything of the request is stored. Returning a response code other
   * than 2.04 (e.g. '4.05' for an operation in the wrong state) refuses the whole
   * request with it; returning nothing accepts.
   */
  accept?(instanceId: number, resource: Resource): ResponseCode | undefined;
  /** Called after the request was applied, even when the value did not change. */
  written?(instanceId: number, resource: Resource): void;
  /**
   * When false the value goes only to the hook and is not stored: what a Write-only
   * resource such as a software package needs. Default true.
   */
  readonly store?: boolean;
}

export interface CreateHook {
  /** Called with the complete new instance (defaults and payload); a code other than 2.01 refuses. */
  accept?(instanceId: number, resources: ReadonlyMap<number, Resource>): ResponseCode | undefined;
  created?(instanceId: number): void;
}

export interface DeleteHook {
  /** A code other than 2.02 refuses the Delete. */
  accept?(instanceId: number): ResponseCode | undefined;
  deleted?(instanceId: number): void;
}

/** Hooks by object (create, delete) and by object and resource (write). */
export class ServerHooks {
  readonly #writes = new Map<string, WriteHook>();
  readonly #creates = new Map<number, CreateHook>();
  readonly #deletes = new Map<number, DeleteHook>();

  onWrite(objectId: number, resourceId: number, hook: WriteHook): () => void {
    return register(this.#writes, `${objectId}/${resourceId}`, hook);
  }

  onCreate(objectId: number, hook: CreateHook): () => void {
    return register(this.#creates, objectId, hook);
  }

  onDelete(objectId: number, hook: DeleteHook): () => void {
    return register(this.#deletes, objectId, hook);
  }

  write(objectId: number, resourceId: number): WriteHook | undefined {
    return this.#writes.get(`${objectId}/${resourceId}`);
  }

  create(objectId: number): CreateHook | undefined {
    return this.#creates.get(objectId);
  }

  delete(objectId: number): DeleteHook | undefined {
    return this.#deletes.get(objectId);
  }
}

function register<K, H>(map: Map<K, H>, key: K, hook: H): () => void {
  map.set(key, hook);
  return () => {
    if (map.get(key) === hook) map.delete(key);
  };
}
