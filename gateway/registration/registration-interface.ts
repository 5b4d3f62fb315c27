import { randomBytes } from 'node:crypto';
import type { InboundRequest, OutboundReply } from '../../lwm2m/index.js';
import type { Registration } from './registration.js';
import { registerParamsFromRequest, updateParamsFromRequest } from './registration-params.js';
import type { RegistrationStore, RemovedRegistration } from './registration-store.js';

/** What a registration-interface request changed, for the server to act on. */
export type RegistrationChange =
  | { readonly kind: 'registered'; readonly registration: Registration; readonly replaced?: RemovedRegistration }
  | { readonly kind: 'updated'; readonly registration: Registration; readonly previous: Registration; readonly objectsChanged: boolean }
  | { readonly kind: 'deregistered'; readonly removed: RemovedRegistration };

export interface RegistrationOutcome {
  readonly reply: OutboundReply;
  readonly change?: RegistrationChange;
}

const textReply = (code: string, message: string): OutboundReply => ({ code, payload: new TextEncoder().encode(message) });

/**
 * The server side of the registration interface (Core §6.2, §8.2.4): validates a
 * request, applies it to the store and says what changed. Bad input changes nothing.
 */
export class RegistrationInterface {
  readonly #store: RegistrationStore;
  readonly #now: () => number;
  readonly #graceMs: number;

  constructor(store: RegistrationStore, options: { now?: () => number; expiryGraceS?: number } = {}) {
    this.#store = store;
    this.#now = options.now ?? Date.now;
    this.#graceMs = (options.expiryGraceS ?? 0) * 1000;
  }

  handle(request: InboundRequest, rdPath: readonly string[]): RegistrationOutcome {
    if (rdPath.length === 0) {
      if (request.method !== 'POST') return { reply: { code: '4.05' } };
      return this.#register(request);
    }
    if (rdPath.length !== 1) return { reply: { code: '4.04' } };
    const id = rdPath[0]!;
    switch (request.method) {
      case 'POST':
        return this.#update(id, request);
      case 'DELETE':
        return this.#deregister(id);
      default:
        return { reply: { code: '4.05' } };
    }
  }

  #register(request: InboundRequest): RegistrationOutcome {
    if (request.contentFormat !== undefined && request.contentFormat !== 40) {
      return { reply: textReply('4.15', 'registration payload must be application/link-format (40)') };
    }
    const parsed = registerParamsFromRequest(request.query, request.payload ?? new Uint8Array());
    if (!parsed.ok) return { reply: textReply(parsed.code, parsed.message) };
    const p = parsed.value;
    const now = this.#now();
    const registration: Registration = {
      id: randomBytes(6).toString('base64url'),
      endpoint: p.endpoint,
      lifetimeS: p.lifetimeS,
      lwm2mVersion: p.lwm2mVersion,
      binding: p.binding,
      queueMode: p.queueMode,
      smsNumber: p.smsNumber,
      peer: request.peer,
      rootPath: p.objects.rootPath,
      objects: p.objects.objects,
      supportedFormats: p.objects.supportedFormats ?? [],
      registeredAt: now,
      lastUpdateAt: now,
      expiresAt: this.#expiry(now, p.lifetimeS),
    };
    const { replaced } = this.#store.add(registration);
    return {
      reply: { code: '2.01', locationPath: ['rd', registration.id] },
      change: { kind: 'registered', registration, replaced },
    };
  }

  #update(id: string, request: InboundRequest): RegistrationOutcome {
    if (!this.#store.byId(id)) return { reply: textReply('4.04', `no registration ${id}`) };
    const parsed = updateParamsFromRequest(request.query, request.payload ?? new Uint8Array());
    if (!parsed.ok) return { reply: textReply(parsed.code, parsed.message) };
    const p = parsed.value;
    const now = this.#now();
    const result = this.#store.update(id, (current) => {
      const lifetimeS = p.lifetimeS ?? current.lifetimeS;
      return {
        ...current,
        lifetimeS,
        binding: p.binding ?? current.binding,
        smsNumber: p.smsNumber ?? current.smsNumber,
        peer: request.peer,
        ...(p.objects
          ? { rootPath: p.objects.rootPath, objects: p.objects.objects, supportedFormats: p.objects.supportedFormats ?? current.supportedFormats }
          : {}),
        lastUpdateAt: now,
        expiresAt: this.#expiry(now, lifetimeS),
      };
    });
    if (!result) return { reply: { code: '4.04' } };
    const objectsChanged = p.objects !== undefined && !sameObjects(result.previous.objects, result.current.objects);
    return {
      reply: { code: '2.04' },
      change: { kind: 'updated', registration: result.current, previous: result.previous, objectsChanged },
    };
  }

  #deregister(id: string): RegistrationOutcome {
    const removed = this.#store.remove(id);
    if (!removed) return { reply: textReply('4.04', `no registration ${id}`) };
    return { reply: { code: '2.02' }, change: { kind: 'deregistered', removed } };
  }

  #expiry(now: number, lifetimeS: number): number {
    return now + lifetimeS * 1000 + this.#graceMs;
  }
}

function sameObjects(a: Registration['objects'], b: Registration['objects']): boolean {
  if (a.size !== b.size) return false;
  for (const [id, entry] of a) {
    const other = b.get(id);
    if (!other || other.version !== entry.version) return false;
    if (other.instances.length !== entry.instances.length || other.instances.some((v, i) => v !== entry.instances[i])) return false;
  }
  return true;
}
