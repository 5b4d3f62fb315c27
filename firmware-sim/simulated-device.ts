import { EventEmitter } from 'node:events';
import {
  CONTENT_FORMAT,
  CoapUdpEndpoint,
  defaultRegistry,
  multiNodeCodecFor,
  type CoapPeer,
  type LwM2mPath,
  type ModelLookup,
  type TimestampedNode,
} from '../lwm2m/index.js';
import { createDeviceRequestHandler } from './client/device-request-handler.js';
import { RegistrationClient, type RegistrationClientEvents, type RegistrationState } from './client/registration-client.js';
import { createStandardObjects, type ObjectTree } from './objects/index.js';

export interface SimulatedDeviceOptions {
  /** Endpoint client name (`ep`). */
  readonly endpoint: string;
  /** The LwM2M server to register with. */
  readonly server: CoapPeer;
  /** Registration lifetime, s. Default 300. */
  readonly lifetimeS?: number;
  /** Sleep between updates (LwM2M queue mode). Default false. */
  readonly queueMode?: boolean;
  /** Formats the device speaks, most preferred first. Default SenML CBOR, SenML JSON, TLV, text, opaque. */
  readonly formats?: readonly number[];
  /** Local UDP port. Default 0 (any free port). */
  readonly port?: number;
  readonly models?: ModelLookup;
  /** Timeout of one registration exchange, ms. Default 10 000. */
  readonly requestTimeoutMs?: number;
}

export const DEFAULT_DEVICE_FORMATS: readonly number[] = [
  CONTENT_FORMAT.SENML_CBOR,
  CONTENT_FORMAT.SENML_JSON,
  CONTENT_FORMAT.TLV,
  CONTENT_FORMAT.TEXT,
  CONTENT_FORMAT.OPAQUE,
];

/**
 * One simulated LwM2M 1.1 device: an object tree with plausible values, served over
 * CoAP from the same UDP socket it registers from, as a real device does.
 */
export class SimulatedDevice extends EventEmitter<RegistrationClientEvents> {
  readonly endpoint: string;
  readonly tree: ObjectTree;
  readonly #options: SimulatedDeviceOptions;
  readonly #models: ModelLookup;
  readonly #coap: CoapUdpEndpoint;
  readonly #registration: RegistrationClient;
  readonly #stopTree: () => void;
  readonly #startTree: () => void;

  constructor(options: SimulatedDeviceOptions) {
    super();
    this.#options = options;
    this.endpoint = options.endpoint;
    const models = options.models ?? defaultRegistry();
    this.#models = models;
    const formats = options.formats ?? DEFAULT_DEVICE_FORMATS;
    const lifetimeS = options.lifetimeS ?? 300;
    const standard = createStandardObjects({
      endpoint: options.endpoint,
      lifetimeS,
      serverUri: `coap://${options.server.address}:${options.server.port}`,
      models,
    });
    this.tree = standard.tree;
    this.#startTree = () => standard.start();
    this.#stopTree = () => standard.stop();
    const handler = createDeviceRequestHandler(this.tree, models, { formats });
    this.#coap = new CoapUdpEndpoint({ port: options.port ?? 0, address: '0.0.0.0', onRequest: handler });
    this.#registration = new RegistrationClient(this.#coap, () => this.tree.registeredObjects(), {
      endpoint: options.endpoint,
      server: options.server,
      lifetimeS,
      lwm2mVersion: '1.1',
      queueMode: options.queueMode ?? false,
      formats,
      requestTimeoutMs: options.requestTimeoutMs,
    });
    for (const event of ['registered', 'updated', 'deregistered', 'failed'] as const) {
      this.#registration.on(event, (...args: unknown[]) => (this.emit as (e: string, ...a: unknown[]) => boolean)(event, ...args));
    }
  }

  get registrationState(): RegistrationState {
    return this.#registration.state;
  }

  /** Binds the socket and registers; resolves once registered. */
  async start(): Promise<CoapPeer> {
    const address = await this.#coap.start();
    this.tree.onObjectsChanged(() => this.#registration.objectsChanged());
    this.tree.onExecute([1, 0, 8], () => void this.#registration.update());
    this.#startTree();
    await this.#registration.start();
    return address;
  }

  /** Sends a registration update now (as the Registration Update Trigger does). */
  update(): Promise<void> {
    return this.#registration.update();
  }

  /**
   * Pushes the current values of `paths` to the server with the Send operation
   * (Core §6.4.1, POST /dp, SenML CBOR). Resolves with the server's response code.
   */
  async send(paths: readonly LwM2mPath[]): Promise<string> {
    const now = new Date(Math.floor(Date.now() / 1000) * 1000);
    const nodes: TimestampedNode[] = [];
    for (const path of paths) {
      const { node } = this.tree.read(path);
      if (node) nodes.push({ path, node, time: now });
    }
    const codec = multiNodeCodecFor(CONTENT_FORMAT.SENML_CBOR)!;
    const response = await this.#coap.request(this.#options.server, {
      method: 'POST',
      path: ['dp'],
      contentFormat: CONTENT_FORMAT.SENML_CBOR,
      payload: codec.encodeNodes(nodes, this.#models),
    });
    return response.code;
  }

  /** De-registers and releases the socket and timers. */
  async stop(): Promise<void> {
    this.#stopTree();
    await this.#registration.stop();
    await this.#coap.close();
    this.tree.close();
  }

  get options(): SimulatedDeviceOptions {
    return this.#options;
  }
}
