import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import {
  CoapUdpEndpoint,
  ERROR_CODES,
  FarsideError,
  MAX_TRANSMIT_WAIT_MS,
  codecFor,
  defaultRegistry,
  formatPath,
  isFarsideError,
  multiNodeCodecFor,
  type CoapPeer,
  type CoapResponse,
  type InboundRequest,
  type LwM2mPath,
  type ModelLookup,
  type OutboundReply,
} from '../lwm2m/index.js';
import { coapFromRequest, uriPath } from './downlink/coap-from-request.js';
import { preferredFormat } from './downlink/content-negotiation.js';
import { DeviceQueue } from './downlink/device-queue.js';
import type { DownlinkRequest, ReadResponse, ResponseFor } from './downlink/requests.js';
import { responseFromCoap } from './downlink/response-from-coap.js';
import type { GatewayEvents } from './events.js';
import { ExpirySchedule } from './registration/expiry-schedule.js';
import type { Registration } from './registration/registration.js';
import { RegistrationInterface, type RegistrationChange } from './registration/registration-interface.js';
import { InMemoryRegistrationStore, type ObservationRecord, type RegistrationStore, type RemovedRegistration } from './registration/registration-store.js';

export interface LwM2mServerOptions {
  /** UDP port. Default 5683 (RFC 7252 §6.1); 0 picks a free one. */
  readonly port?: number;
  /** Bind address. Default `0.0.0.0`. */
  readonly address?: string;
  /** Object models for decoding. Default: the OMA registry plus farside's objects. */
  readonly models?: ModelLookup;
  readonly store?: RegistrationStore;
  /** Per-request deadline once sent, ms. Default MAX_TRANSMIT_WAIT (93 s). */
  readonly requestTimeoutMs?: number;
  /** How long a request waits for a sleeping queue-mode device, ms. Default 300 000. */
  readonly queueTimeoutMs?: number;
  /** How long a queue-mode device listens after it spoke, ms. Default MAX_TRANSMIT_WAIT (93 s). */
  readonly awakeMs?: number;
  /** Most requests waiting per device. Default 64. */
  readonly maxQueuedPerDevice?: number;
  /** Extra seconds past the lifetime before a registration expires. Default 0. */
  readonly expiryGraceS?: number;
}

export interface SendOptions {
  /** Deadline once the request is on the wire, ms (overrides the server default). */
  readonly timeoutMs?: number;
}

export interface ObserveResult {
  readonly response: ReadResponse;
  /** Present when the device accepted the observation. */
  readonly observation?: ObservationRecord;
}

const peerKey = (peer: CoapPeer): string => `${peer.address}:${peer.port}`;

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
  readonly #queues = new Map<string, DeviceQueue>();
  readonly #idByPeer = new Map<string, string>();
  readonly #cancels = new Map<string, (mode: 'passive' | 'active') => void>();
  #endpoint: CoapUdpEndpoint | undefined;

  constructor(options: LwM2mServerOptions = {}) {
    super();
    this.#options = options;
    this.#models = options.models ?? defaultRegistry();
    this.#store = options.store ?? new InMemoryRegistrationStore();
    this.#registrationInterface = new RegistrationInterface(this.#store, { expiryGraceS: options.expiryGraceS });
    this.#expiry = new ExpirySchedule((id) => this.#expire(id));
  }

  async start(): Promise<CoapPeer> {
    const endpoint = new CoapUdpEndpoint({
      port: this.#options.port ?? 5683,
      address: this.#options.address,
      onRequest: (request) => this.#handle(request),
      onHandlerError: (error, request) => this.emit('warning', { message: `failed to handle ${request.method} /${request.path.join('/')}`, error }),
    });
    const address = await endpoint.start();
    this.#endpoint = endpoint;
    return address;
  }

  async close(): Promise<void> {
    this.#expiry.close();
    for (const cancel of this.#cancels.values()) cancel('passive');
    this.#cancels.clear();
    for (const queue of this.#queues.values()) queue.close(new FarsideError(ERROR_CODES.CANCELLED, 'server closed'));
    this.#queues.clear();
    await this.#endpoint?.close();
    this.#endpoint = undefined;
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
  async send<R extends DownlinkRequest>(endpoint: string, request: R, options: SendOptions = {}): Promise<ResponseFor<R>> {
    const registration = this.#requireRegistration(endpoint);
    const message = coapFromRequest(request, registration, this.#models);
    return this.#queue(registration).run(async () => {
      const current = this.#requireRegistration(endpoint);
      const response = await this.#endpointOrThrow().request(current.peer, message, { timeoutMs: options.timeoutMs ?? this.#requestTimeoutMs() });
      this.#queues.get(current.id)?.wake();
      return responseFromCoap(request, response, current.rootPath, this.#models);
    });
  }

  /** Starts observing `path` (RFC 7641); notifications arrive as `notification` events. */
  async observe(endpoint: string, path: LwM2mPath, options: SendOptions & { accept?: number } = {}): Promise<ObserveResult> {
    const registration = this.#requireRegistration(endpoint);
    const accept = options.accept ?? preferredFormat(registration);
    return this.#queue(registration).run(async () => {
      const current = this.#requireRegistration(endpoint);
      const id = randomBytes(6).toString('base64url');
      // Notifications may race the store insert below; until then there is nothing to route them to.
      const held: { record?: ObservationRecord } = {};
      const observation = await this.#endpointOrThrow().observe(
        current.peer,
        { method: 'GET', path: uriPath(current.rootPath, path), accept },
        (n) => held.record && this.#onNotification(held.record, n),
        { timeoutMs: options.timeoutMs ?? this.#requestTimeoutMs() },
      );
      const response = responseFromCoap({ kind: 'read', path, accept }, observation.response, current.rootPath, this.#models);
      if (!observation.response.code.startsWith('2.')) return { response };
      // The device may have re-registered while we waited; then this observation is already void.
      if (this.#store.byId(current.id) === undefined) {
        observation.cancel('passive');
        return { response };
      }
      const record: ObservationRecord = { id, registrationId: current.id, endpoint, path, token: observation.token, accept, createdAt: Date.now() };
      held.record = record;
      this.#store.addObservation(record);
      this.#cancels.set(id, observation.cancel);
      return { response, observation: record };
    });
  }

  /** Stops an observation; `active` also tells the device (GET with Observe=1). Idempotent. */
  cancelObservation(observationId: string, mode: 'passive' | 'active' = 'passive'): boolean {
    const record = this.#store.removeObservation(observationId);
    const cancel = this.#cancels.get(observationId);
    this.#cancels.delete(observationId);
    cancel?.(mode);
    return record !== undefined;
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
      else if (!outcome.reply.code.startsWith('2.')) this.emit('warning', { message: `rejected ${request.method} /rd${rest.length ? '/' + rest.join('/') : ''} from ${peerKey(request.peer)}: ${outcome.reply.code}` });
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
        this.#idByPeer.set(peerKey(registration.peer), registration.id);
        this.#expiry.schedule(registration.id, registration.expiresAt);
        if (registration.queueMode) this.#queue(registration).wake();
        this.emit('registered', { registration, replaced: replaced?.registration });
        return;
      }
      case 'updated': {
        const { registration, previous, objectsChanged } = change;
        if (peerKey(previous.peer) !== peerKey(registration.peer)) this.#idByPeer.delete(peerKey(previous.peer));
        this.#idByPeer.set(peerKey(registration.peer), registration.id);
        this.#expiry.schedule(registration.id, registration.expiresAt);
        const queue = this.#queues.get(registration.id);
        queue?.setQueueMode(registration.queueMode);
        queue?.wake();
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

  #expire(id: string): void {
    const registration = this.#store.byId(id);
    if (!registration) return;
    // An update may have raced the timer; the schedule already holds the new deadline then.
    if (registration.expiresAt > Date.now()) return;
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
    for (const o of observations) {
      this.#cancels.get(o.id)?.('passive');
      this.#cancels.delete(o.id);
    }
    const queue = this.#queues.get(registration.id);
    this.#queues.delete(registration.id);
    queue?.close(new FarsideError(ERROR_CODES.DEVICE_UNAVAILABLE, `device ${registration.endpoint} is no longer registered`));
  }

  #onNotification(record: ObservationRecord, n: CoapResponse): void {
    const registration = this.#store.byId(record.registrationId);
    if (!registration || !this.#store.observation(record.id)) return;
    this.#queues.get(registration.id)?.wake();
    const receivedAt = Date.now();
    if (!n.code.startsWith('2.')) {
      // RFC 7641 §3.2: an error notification ends the observation.
      this.#store.removeObservation(record.id);
      this.#cancels.delete(record.id);
      this.emit('notification', { registration, observation: record, code: n.code, receivedAt });
      return;
    }
    try {
      const format = n.contentFormat ?? record.accept ?? 0;
      const codec = codecFor(format);
      if (!codec) throw new FarsideError(ERROR_CODES.UNSUPPORTED_FORMAT, `notification in unsupported content format ${format}`);
      const node = codec.decode(record.path, n.payload, this.#models);
      this.emit('notification', { registration, observation: record, code: n.code, format, node, receivedAt });
    } catch (error) {
      this.emit('warning', { message: `undecodable notification for ${formatPath(record.path)}`, endpoint: registration.endpoint, error });
    }
  }

  #onSend(request: InboundRequest): OutboundReply {
    const id = this.#idByPeer.get(peerKey(request.peer));
    const registration = id === undefined ? undefined : this.#store.byId(id);
    if (!registration) return { code: '4.03', payload: new TextEncoder().encode('not registered') };
    const codec = multiNodeCodecFor(request.contentFormat ?? -1);
    if (!codec) return { code: '4.15', payload: new TextEncoder().encode('Send needs SenML JSON (110) or SenML CBOR (112)') };
    try {
      const nodes = codec.decodeNodes(request.payload ?? new Uint8Array(), this.#models);
      this.#queues.get(registration.id)?.wake();
      this.emit('send', { registration, nodes });
      return { code: '2.04' };
    } catch (error) {
      if (!isFarsideError(error)) throw error;
      this.emit('warning', { message: 'malformed Send payload', endpoint: registration.endpoint, error });
      return { code: '4.00', payload: new TextEncoder().encode(error.message) };
    }
  }

  #queue(registration: Registration): DeviceQueue {
    let queue = this.#queues.get(registration.id);
    if (!queue) {
      queue = new DeviceQueue({
        queueMode: registration.queueMode,
        awakeMs: this.#options.awakeMs ?? MAX_TRANSMIT_WAIT_MS,
        queueTimeoutMs: this.#options.queueTimeoutMs ?? 300_000,
        maxQueued: this.#options.maxQueuedPerDevice ?? 64,
      });
      this.#queues.set(registration.id, queue);
    }
    return queue;
  }

  #requireRegistration(endpoint: string): Registration {
    const registration = this.#store.byEndpoint(endpoint);
    if (!registration) throw new FarsideError(ERROR_CODES.NOT_FOUND, `no device registered as ${endpoint}`);
    return registration;
  }

  #endpointOrThrow(): CoapUdpEndpoint {
    if (!this.#endpoint) throw new FarsideError(ERROR_CODES.DEVICE_UNAVAILABLE, 'server not started');
    return this.#endpoint;
  }

  #requestTimeoutMs(): number {
    return this.#options.requestTimeoutMs ?? MAX_TRANSMIT_WAIT_MS;
  }
}
