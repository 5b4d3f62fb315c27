import { EventEmitter } from 'node:events';
import {
  CONTENT_FORMAT,
  formatLinkFormat,
  linksFromObjects,
  type CoapPeer,
  type CoapResponse,
  type CoapUdpEndpoint,
  type RegisteredObjects,
} from '../../lwm2m/index.js';

export interface RegistrationClientOptions {
  readonly endpoint: string;
  readonly server: CoapPeer;
  readonly lifetimeS: number;
  readonly lwm2mVersion: string;
  readonly queueMode: boolean;
  /** Formats this device reads and writes, announced as `ct` on the root link. */
  readonly formats: readonly number[];
  /** Give up a single registration exchange after this long, ms. Default 10 000. */
  readonly requestTimeoutMs?: number;
  /** Longest pause between failed registration attempts, ms. Default 60 000. */
  readonly maxRetryDelayMs?: number;
}

export type RegistrationState =
  | { readonly kind: 'unregistered' }
  | { readonly kind: 'registering'; readonly attempt: number }
  | { readonly kind: 'registered'; readonly location: readonly string[]; readonly since: number }
  | { readonly kind: 'stopped' };

export interface RegistrationClientEvents {
  registered: [location: readonly string[]];
  updated: [];
  deregistered: [];
  failed: [error: Error];
}

/**
 * The client side of the registration interface (Core §6.2): registers, keeps the
 * registration alive with updates before the lifetime runs out, registers again
 * when the server forgot us (4.04 on update), and de-registers on stop.
 */
export class RegistrationClient extends EventEmitter<RegistrationClientEvents> {
  #state: RegistrationState = { kind: 'unregistered' };
  #timer: NodeJS.Timeout | undefined;
  #objectsChanged = false;
  /** Bumped by start and halt, so that a retry loop of an earlier life ends. */
  #epoch = 0;
  readonly #options: RegistrationClientOptions;
  readonly #coap: CoapUdpEndpoint;
  readonly #objects: () => RegisteredObjects;

  constructor(coap: CoapUdpEndpoint, objects: () => RegisteredObjects, options: RegistrationClientOptions) {
    super();
    this.#coap = coap;
    this.#objects = objects;
    this.#options = options;
  }

  get state(): RegistrationState {
    return this.#state;
  }

  /** Registers, retrying with backoff; resolves once registered. Also starts again after `stop()` or `halt()`. */
  async start(): Promise<void> {
    if (this.#state.kind === 'stopped') this.#state = { kind: 'unregistered' };
    this.#epoch++;
    await this.#registerWithRetry();
  }

  /**
   * Stops every timer and forgets the registration without telling the server, as a
   * device losing power does; exchanges in flight are ignored when they complete.
   */
  halt(): void {
    this.#state = { kind: 'stopped' };
    this.#epoch++;
    clearTimeout(this.#timer);
  }

  /** The object list changed: tell the server with an update now. */
  objectsChanged(): void {
    this.#objectsChanged = true;
    if (this.#state.kind === 'registered') void this.update();
  }

  /** Sends a registration update; registers again if the server lost us. */
  async update(): Promise<void> {
    const state = this.#state;
    if (state.kind !== 'registered') return;
    clearTimeout(this.#timer);
    const withObjects = this.#objectsChanged;
    this.#objectsChanged = false;
    try {
      const response = await this.#coap.request(
        this.#options.server,
        {
          method: 'POST',
          path: state.location,
          ...(withObjects ? { contentFormat: CONTENT_FORMAT.LINK_FORMAT, payload: this.#payload() } : {}),
        },
        { timeoutMs: this.#timeoutMs() },
      );
      if (this.#isStopped()) return;
      if (response.code === '2.04') {
        this.emit('updated');
        this.#scheduleUpdate();
        return;
      }
      // Core §6.2.2: a 4.04 means the server no longer knows us; start over.
      this.#state = { kind: 'unregistered' };
      await this.#registerWithRetry();
    } catch (err) {
      if (this.#isStopped()) return;
      this.#objectsChanged ||= withObjects;
      this.emit('failed', err as Error);
      // Retry soon, well before the server expires us.
      this.#timer = setTimeout(() => void this.update(), Math.min(5_000, this.#options.lifetimeS * 250));
    }
  }

  /** De-registers (best effort) and stops all timers. */
  async stop(): Promise<void> {
    const state = this.#state;
    this.#state = { kind: 'stopped' };
    clearTimeout(this.#timer);
    if (state.kind !== 'registered') return;
    try {
      const response = await this.#coap.request(this.#options.server, { method: 'DELETE', path: state.location }, { timeoutMs: this.#timeoutMs() });
      if (response.code === '2.02') this.emit('deregistered');
    } catch {
      // The server will expire us; nothing else to do on the way out.
    }
  }

  async #registerWithRetry(): Promise<void> {
    const epoch = this.#epoch;
    for (let attempt = 1; ; attempt++) {
      if (this.#isStopped() || epoch !== this.#epoch) return;
      this.#state = { kind: 'registering', attempt };
      try {
        const response = await this.#register();
        if (this.#isStopped() || epoch !== this.#epoch) return;
        if (response.code === '2.01' && response.locationPath.length > 0) {
          this.#objectsChanged = false;
          this.#state = { kind: 'registered', location: response.locationPath, since: Date.now() };
          this.emit('registered', response.locationPath);
          this.#scheduleUpdate();
          return;
        }
        this.emit('failed', new Error(`registration refused with ${response.code}: ${Buffer.from(response.payload).toString('utf8')}`));
      } catch (err) {
        this.emit('failed', err as Error);
      }
      const delay = Math.min(this.#options.maxRetryDelayMs ?? 60_000, 1000 * 2 ** Math.min(attempt - 1, 10));
      await new Promise<void>((resolve) => {
        this.#timer = setTimeout(resolve, delay);
      });
    }
  }

  /** Read through a method: the state changes across awaits, which narrowing can't see. */
  #isStopped(): boolean {
    return this.#state.kind === 'stopped';
  }

  #register(): Promise<CoapResponse> {
    const o = this.#options;
    const query = [`ep=${o.endpoint}`, `lt=${o.lifetimeS}`, `lwm2m=${o.lwm2mVersion}`, 'b=U'];
    if (o.queueMode) query.push('Q');
    return this.#coap.request(
      o.server,
      { method: 'POST', path: ['rd'], query, contentFormat: CONTENT_FORMAT.LINK_FORMAT, payload: this.#payload() },
      { timeoutMs: this.#timeoutMs() },
    );
  }

  #payload(): Uint8Array {
    const objects = { ...this.#objects(), supportedFormats: this.#options.formats };
    return new TextEncoder().encode(formatLinkFormat(linksFromObjects(objects)));
  }

  /** Update at 3/4 of the lifetime: room for retransmissions before the server gives up. */
  #scheduleUpdate(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.update(), this.#options.lifetimeS * 750);
  }

  #timeoutMs(): number {
    return this.#options.requestTimeoutMs ?? 10_000;
  }
}
