import { EventEmitter } from 'node:events';
import {
  CoapUdpEndpoint,
  ERROR_CODES,
  FarsideError,
  defaultRegistry,
  isFarsideError,
  multiNodeCodecFor,
  type CoapPeer,
  type InboundRequest,
  type LwM2mPath,
  type ModelLookup,
  type OutboundReply,
} from '../lwm2m/index.js';
import { DeviceClient, type DeviceClientOptions, type ObserveResult, type SendOptions } from './downlink/device-client.js';
import type { DownlinkRequest, ResponseFor } from './downlink/requests.js';
import type { GatewayEvents } from './events.js';
import { ExpirySchedule } from './registration/expiry-schedule.js';
import type { Registration } from './registration/registration.js';
import { RegistrationInterface, type RegistrationChange } from './registration/registration-interface.js';
import { InMemoryRegistrationStore, type ObservationRecord, type RegistrationStore, type RemovedRegistration } from './registration/registration-store.js';

export interface LwM2mServerOptions extends DeviceClientOptions {
  /** UDP port. Default 5683 (RFC 7252 §6.1); 0 picks a free one. */
  readonly port?: number;
  /** Bind address. Default `0.0.0.0`. */
  readonly address?: string;
  /** Object models for decoding. Default: the OMA registry plus farside's objects. */
  readonly models?: ModelLookup;
  /** Where registrations live. Default: in memory. */
  readonly store?: RegistrationStore;
  /** Extra seconds past the lifetime before a registration expires. Default 0. */
  readonly expiryGraceS?: number;
  /** UDP receive buffer, bytes. Default 4 MiB (capped by the OS). */
  readonly receiveBufferBytes?: number;
}

/** A store that can be asked to persist pending changes (see FileRegistrationStore). */
interface FlushableStore {
  flush(): Promise<void>;
}

function isFlushable(store: RegistrationStore): store is RegistrationStore & FlushableStore {
  return typeof (store as Partial<FlushableStore>).flush === 'function';
}

const peerKey = (peer: CoapPeer): string => `${peer.address}:${peer.port}`;
const text = (code: string, message: string): OutboundReply => ({ code, payload: new TextEncoder().encode(message) });

/**
 * An LwM2M 1.1 server over CoAP/UDP: the registration interface, device management
 * and information reporting toward registered devices, with typed events.
 */
export class LwM2mServer extends EventEmitter<GatewayEvents> {
  readonly #options: LwM2mServerOptions;
  readonly #models: ModelLookup;
  readonly #store: RegistrationStore;
  readonly #registrationInterface: RegistrationInterface;
  readonly #expiry: ExpirySchedule;
  readonly #devices: DeviceClient;
  readonly #idByPeer = new Map<string, string>();
  #endpoint: CoapUdpEndpoint | undefined;

  constructor(options: LwM2mServerOptions = {}) {
    super();
    this.#options = options;
    this.#models = options.models ?? defaultRegistry();
    this.#store = options.store ?? new InMemoryRegistrationStore();
    this.#registrationInterface = new RegistrationInterface(this.#store, { expiryGraceS: options.expiryGraceS });
    this.#expiry = new ExpirySchedule((id) => this.#expire(id));
    this.#devices = new DeviceClient(() => this.#coap(), this.#store, this.#models, (event, payload) => (this.emit as (e: string, p: unknown) => boolean)(event, payload), options);
  }

  /** Binds the socket and takes over registrations already in the store (after a restart). */
  async start(): Promise<CoapPeer> {
    const endpoint = new CoapUdpEndpoint({
      port: this.#options.port ?? 5683,
      address: this.#options.address,
      // Many devices answering or notifying at once must not overflow the socket.
      receiveBufferBytes: this.#options.receiveBufferBytes ?? 4 * 1024 * 1024,
      onRequest: (request) => this.#handle(request),
      onHandlerError: (error, request) => this.emit('warning', { message: `failed to handle ${request.method} /${request.path.join('/')}`, error }),
    });
    const address = await endpoint.start();
    this.#endpoint = endpoint;
    for (const registration of this.#store.all()) {
      this.#idByPeer.set(peerKey(registration.peer), registration.id);
      this.#expiry.schedule(registration.id, registration.expiresAt);
      this.#devices.registrationChanged(registration);
    }
    return address;
  }

  async close(): Promise<void> {
    this.#expiry.close();
    this.#devices.close();
    await this.#endpoint?.close();
    this.#endpoint = undefined;
    if (isFlushable(this.#store)) await this.#store.flush();
  }

  address(): CoapPeer {
    if (!this.#endpoint) throw new Error('server not started');
    return this.#endpoint.address();
  }

  get models(): ModelLookup {
    return this.#models;
  }

  registration(endpoint: string): Registration | undefined {
    return this.#store.byEndpoint(endpoint);
  }

  registrations(): IterableIterator<Registration> {
    return this.#store.all();
  }

  get registrationCount(): number {
    return this.#store.size;
  }

  /**
   * Sends a device-management request. Resolves with the device's answer, whatever
   * its code; rejects with FARSIDE_ERR_NOT_FOUND (not registered), _TIMEOUT,
   * _DEVICE_UNAVAILABLE (asleep too long, gone), _INVALID_INPUT (undecodable answer).
   */
  send<R extends DownlinkRequest>(endpoint: string, request: R, options: SendOptions = {}): Promise<ResponseFor<R>> {
    return this.#devices.send(endpoint, request, options);
  }

  /** Starts observing `path` (RFC 7641); notifications arrive as `notification` events. */
  observe(endpoint: string, path: LwM2mPath, options: SendOptions & { accept?: number } = {}): Promise<ObserveResult> {
    return this.#devices.observe(endpoint, path, options);
  }

  /** Stops an observation; `active` also tells the device (GET with Observe=1). Idempotent. */
  cancelObservation(observationId: string, mode: 'passive' | 'active' = 'passive'): boolean {
    return this.#devices.cancelObservation(observationId, mode);
  }

  observations(endpoint: string): readonly ObservationRecord[] {
    const registration = this.#store.byEndpoint(endpoint);
    return registration ? this.#store.observationsOf(registration.id) : [];
  }

  #handle(request: InboundRequest): OutboundReply {
    const [first, ...rest] = request.path;
    if (first === 'rd') {
      const outcome = this.#registrationInterface.handle(request, rest);
      if (outcome.change) this.#apply(outcome.change);
      else if (!outcome.reply.code.startsWith('2.')) {
        this.emit('warning', { message: `rejected ${request.method} /rd${rest.length ? '/' + rest.join('/') : ''} from ${peerKey(request.peer)}: ${outcome.reply.code}` });
      }
      return outcome.reply;
    }
    if (first === 'dp' && rest.length === 0) return this.#onSend(request);
    return { code: '4.04' };
  }

  #apply(change: RegistrationChange): void {
    switch (change.kind) {
      case 'registered': {
        const { registration, replaced } = change;
        if (replaced) this.#forget(replaced);
        this.#track(registration);
        this.emit('registered', { registration, replaced: replaced?.registration });
        return;
      }
      case 'updated': {
        const { registration, previous, objectsChanged } = change;
        if (peerKey(previous.peer) !== peerKey(registration.peer)) this.#idByPeer.delete(peerKey(previous.peer));
        this.#track(registration);
        this.emit('updated', { registration, previous, objectsChanged });
        return;
      }
      case 'deregistered':
        this.#forget(change.removed);
        this.emit('deregistered', { registration: change.removed.registration });
        return;
      default: {
        const unknown: never = change;
        throw new Error(`unhandled change ${(unknown as { kind: string }).kind}`);
      }
    }
  }

  #track(registration: Registration): void {
    this.#idByPeer.set(peerKey(registration.peer), registration.id);
    this.#expiry.schedule(registration.id, registration.expiresAt);
    this.#devices.registrationChanged(registration);
  }

  #expire(id: string): void {
    const registration = this.#store.byId(id);
    // An update may have raced the timer; the schedule already holds the new deadline then.
    if (!registration || registration.expiresAt > Date.now()) return;
    const removed = this.#store.remove(id);
    if (!removed) return;
    this.#forget(removed);
    this.emit('expired', { registration });
  }

  /** Drops everything held for a registration that is gone. */
  #forget(removed: RemovedRegistration): void {
    const { registration, observations } = removed;
    this.#expiry.cancel(registration.id);
    if (this.#idByPeer.get(peerKey(registration.peer)) === registration.id) this.#idByPeer.delete(peerKey(registration.peer));
    this.#devices.forget(registration, observations);
  }

  #onSend(request: InboundRequest): OutboundReply {
    const id = this.#idByPeer.get(peerKey(request.peer));
    const registration = id === undefined ? undefined : this.#store.byId(id);
    if (!registration) return text('4.03', 'not registered');
    const codec = multiNodeCodecFor(request.contentFormat ?? -1);
    if (!codec) return text('4.15', 'Send needs SenML JSON (110) or SenML CBOR (112)');
    try {
      const nodes = codec.decodeNodes(request.payload ?? new Uint8Array(), this.#models);
      this.#devices.wake(registration.id);
      this.emit('send', { registration, nodes });
      return { code: '2.04' };
    } catch (error) {
      if (!isFarsideError(error)) throw error;
      this.emit('warning', { message: 'malformed Send payload', endpoint: registration.endpoint, error });
      return text('4.00', error.message);
    }
  }

  #coap(): CoapUdpEndpoint {
    if (!this.#endpoint) throw new FarsideError(ERROR_CODES.DEVICE_UNAVAILABLE, 'server not started');
    return this.#endpoint;
  }
}
