import { randomBytes } from 'node:crypto';
import {
  ERROR_CODES,
  FarsideError,
  MAX_TRANSMIT_WAIT_MS,
  codecFor,
  formatPath,
  type CoapResponse,
  type CoapUdpEndpoint,
  type LwM2mPath,
  type ModelLookup,
} from '../../lwm2m/index.js';
import type { GatewayEvents } from '../events.js';
import type { Registration } from '../registration/registration.js';
import type { ObservationRecord, RegistrationStore } from '../registration/registration-store.js';
import { coapFromRequest, uriPath } from './coap-from-request.js';
import { preferredFormat } from './content-negotiation.js';
import { DeviceQueue } from './device-queue.js';
import type { DownlinkRequest, ReadResponse, ResponseFor } from './requests.js';
import { responseFromCoap } from './response-from-coap.js';

export interface DeviceClientOptions {
  /** Per-request deadline once sent, ms. Default MAX_TRANSMIT_WAIT (93 s). */
  readonly requestTimeoutMs?: number;
  /** How long a request waits for a sleeping queue-mode device, ms. Default 300 000. */
  readonly queueTimeoutMs?: number;
  /** How long a queue-mode device listens after it spoke, ms. Default MAX_TRANSMIT_WAIT (93 s). */
  readonly awakeMs?: number;
  /** Most requests waiting per device. Default 64. */
  readonly maxQueuedPerDevice?: number;
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

type Emit = <K extends 'notification' | 'warning'>(event: K, payload: GatewayEvents[K][0]) => void;

/**
 * Device management toward registered devices (Core §6.3, §6.4): requests go
 * through a per-device queue (NSTART 1, queue mode), observations are tracked in
 * the registration store, notifications are decoded and emitted.
 */
export class DeviceClient {
  readonly #queues = new Map<string, DeviceQueue>();
  readonly #cancels = new Map<string, (mode: 'passive' | 'active') => void>();

  constructor(
    private readonly coap: () => CoapUdpEndpoint,
    private readonly store: RegistrationStore,
    private readonly models: ModelLookup,
    private readonly emit: Emit,
    private readonly options: DeviceClientOptions = {},
  ) {}

  async send<R extends DownlinkRequest>(endpoint: string, request: R, options: SendOptions = {}): Promise<ResponseFor<R>> {
    const registration = this.#requireRegistration(endpoint);
    const message = coapFromRequest(request, registration, this.models);
    return this.#queue(registration).run(async () => {
      const current = this.#requireRegistration(endpoint);
      const response = await this.coap().request(current.peer, message, { timeoutMs: options.timeoutMs ?? this.#requestTimeoutMs() });
      this.wake(current.id);
      return responseFromCoap(request, response, current.rootPath, this.models);
    });
  }

  async observe(endpoint: string, path: LwM2mPath, options: SendOptions & { accept?: number } = {}): Promise<ObserveResult> {
    const registration = this.#requireRegistration(endpoint);
    const accept = options.accept ?? preferredFormat(registration);
    return this.#queue(registration).run(async () => {
      const current = this.#requireRegistration(endpoint);
      // Notifications may race the store insert below; until then there is nothing to route them to.
      const held: { record?: ObservationRecord } = {};
      const observation = await this.coap().observe(
        current.peer,
        { method: 'GET', path: uriPath(current.rootPath, path), accept },
        (n) => held.record && this.#onNotification(held.record, n),
        { timeoutMs: options.timeoutMs ?? this.#requestTimeoutMs() },
      );
      const response = responseFromCoap({ kind: 'read', path, accept }, observation.response, current.rootPath, this.models);
      if (!observation.response.code.startsWith('2.')) return { response };
      // The device may have re-registered while we waited; then this observation is already void.
      if (this.store.byId(current.id) === undefined) {
        observation.cancel('passive');
        return { response };
      }
      const record: ObservationRecord = {
        id: randomBytes(6).toString('base64url'),
        registrationId: current.id,
        endpoint,
        path,
        token: observation.token,
        accept,
        createdAt: Date.now(),
      };
      held.record = record;
      this.store.addObservation(record);
      this.#cancels.set(record.id, observation.cancel);
      return { response, observation: record };
    });
  }

  cancelObservation(observationId: string, mode: 'passive' | 'active'): boolean {
    const record = this.store.removeObservation(observationId);
    this.#cancel(observationId, mode);
    return record !== undefined;
  }

  /** The device spoke: a queue-mode device is listening for a while now. */
  wake(registrationId: string): void {
    this.#queues.get(registrationId)?.wake();
  }

  /** A registration appeared or changed: adopt its queue mode, and wake it when it sleeps. */
  registrationChanged(registration: Registration): void {
    const queue = registration.queueMode ? this.#queue(registration) : this.#queues.get(registration.id);
    queue?.setQueueMode(registration.queueMode);
    queue?.wake();
  }

  /** A registration is gone: stop its observations and fail what waits for it. */
  forget(registration: Registration, observations: readonly ObservationRecord[]): void {
    for (const o of observations) this.#cancel(o.id, 'passive');
    const queue = this.#queues.get(registration.id);
    this.#queues.delete(registration.id);
    queue?.close(new FarsideError(ERROR_CODES.DEVICE_UNAVAILABLE, `device ${registration.endpoint} is no longer registered`));
  }

  close(): void {
    for (const cancel of this.#cancels.values()) cancel('passive');
    this.#cancels.clear();
    for (const queue of this.#queues.values()) queue.close(new FarsideError(ERROR_CODES.CANCELLED, 'server closed'));
    this.#queues.clear();
  }

  #cancel(observationId: string, mode: 'passive' | 'active'): void {
    const cancel = this.#cancels.get(observationId);
    this.#cancels.delete(observationId);
    cancel?.(mode);
  }

  #onNotification(record: ObservationRecord, n: CoapResponse): void {
    const registration = this.store.byId(record.registrationId);
    if (!registration || !this.store.observation(record.id)) return;
    this.wake(registration.id);
    const receivedAt = Date.now();
    if (!n.code.startsWith('2.')) {
      // RFC 7641 §3.2: an error notification ends the observation.
      this.store.removeObservation(record.id);
      this.#cancels.delete(record.id);
      this.emit('notification', { registration, observation: record, code: n.code, receivedAt });
      return;
    }
    try {
      const format = n.contentFormat ?? record.accept ?? 0;
      const codec = codecFor(format);
      if (!codec) throw new FarsideError(ERROR_CODES.UNSUPPORTED_FORMAT, `notification in unsupported content format ${format}`);
      const node = codec.decode(record.path, n.payload, this.models);
      this.emit('notification', { registration, observation: record, code: n.code, format, node, receivedAt });
    } catch (error) {
      this.emit('warning', { message: `undecodable notification for ${formatPath(record.path)}`, endpoint: registration.endpoint, error });
    }
  }

  #queue(registration: Registration): DeviceQueue {
    let queue = this.#queues.get(registration.id);
    if (!queue) {
      queue = new DeviceQueue({
        queueMode: registration.queueMode,
        awakeMs: this.options.awakeMs ?? MAX_TRANSMIT_WAIT_MS,
        queueTimeoutMs: this.options.queueTimeoutMs ?? 300_000,
        maxQueued: this.options.maxQueuedPerDevice ?? 64,
      });
      this.#queues.set(registration.id, queue);
    }
    return queue;
  }

  #requireRegistration(endpoint: string): Registration {
    const registration = this.store.byEndpoint(endpoint);
    if (!registration) throw new FarsideError(ERROR_CODES.NOT_FOUND, `no device registered as ${endpoint}`);
    return registration;
  }

  #requestTimeoutMs(): number {
    return this.options.requestTimeoutMs ?? MAX_TRANSMIT_WAIT_MS;
  }
}
