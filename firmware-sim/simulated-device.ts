import { EventEmitter } from 'node:events';
import {
  CONTENT_FORMAT,
  CoapUdpEndpoint,
  defaultRegistry,
  LinkConditions,
  multiNodeCodecFor,
  type CoapPeer,
  type LwM2mPath,
  type ModelLookup,
  type TimestampedNode,
} from '../lwm2m/index.js';
import { createDeviceRequestHandler } from './client/device-request-handler.js';
import { RegistrationClient, type RegistrationClientEvents, type RegistrationState } from './client/registration-client.js';
import { EmbServeBoard } from './embserve-board.js';
import type { EmbServeRuntime, WorkloadEngine } from './embserve/index.js';
import { REBOOT_PATH, seededRandom, seedFromName, type DeviceProfile, type ObjectTree } from './objects/index.js';
import { resolveProfile } from './profile-choice.js';
import { coapSenderOf, RouteTable } from './routes/index.js';
import type { SensorBank } from './sensors/index.js';
import type { Shell } from './shell/index.js';

export interface SimulatedDeviceOptions {
  /** Endpoint client name (`ep`). */
  readonly endpoint: string;
  /** The LwM2M server to register with. */
  readonly server: CoapPeer;
  /** Registration lifetime, s. Default 300. */
  readonly lifetimeS?: number;
  /** Sleep between updates (LwM2M queue mode): the receiver is off except just after each uplink. Default false. */
  readonly queueMode?: boolean;
  /** How long a queue-mode device listens after each uplink, ms. Default 10 000. */
  readonly awakeMs?: number;
  /** Formats the device speaks, most preferred first. Default SenML CBOR, SenML JSON, TLV, text, opaque. */
  readonly formats?: readonly number[];
  /** Local UDP port. Default 0 (any free port). */
  readonly port?: number;
  readonly models?: ModelLookup;
  /** Timeout of one registration exchange, ms. Default 10 000. */
  readonly requestTimeoutMs?: number;
  /** The board: a profile name (`nrf52840`, `qemu-cortex-m3`) or a profile, optionally partial over the nRF52840. Default nRF52840. */
  readonly profile?: string | Partial<DeviceProfile>;
  /** Seed of every simulated signal, so a run can be replayed. Default: derived from the endpoint name. */
  readonly seed?: number;
  /** Time between sensor, radio and monitoring updates, ms. Default 5000. */
  readonly tickIntervalMs?: number;
  /** How often a native workload produces outputs unless its package says otherwise, ms. Default 2000. */
  readonly workloadPeriodMs?: number;
  /** Loss, latency and outages on the device's radio link. Default: a perfect link. */
  readonly link?: LinkConditions;
  /** How long a reboot keeps the device off, ms. Default 1000. */
  readonly rebootMs?: number;
  /** Extra workload engines tried before the native one (e.g. WebAssembly). */
  readonly engines?: readonly WorkloadEngine[];
}

export interface SimulatedDeviceEvents extends RegistrationClientEvents {
  /** The device went down for a reboot (Execute on /3/0/4, or `reboot()`). */
  rebooting: [];
  /** It is back up and registered again. */
  rebooted: [];
}

export const DEFAULT_DEVICE_FORMATS: readonly number[] = [
  CONTENT_FORMAT.SENML_CBOR,
  CONTENT_FORMAT.SENML_JSON,
  CONTENT_FORMAT.TLV,
  CONTENT_FORMAT.TEXT,
  CONTENT_FORMAT.OPAQUE,
];

const DEFAULT_REBOOT_MS = 1000;
const DEFAULT_AWAKE_MS = 10_000;

/**
 * One simulated embServe node: an LwM2M 1.1 client served over CoAP from the same UDP
 * socket it registers from, with a board's memory and flash, sensors, a radio, a shell,
 * data routes and the workload runtime (Software Management and monitoring).
 */
export class SimulatedDevice extends EventEmitter<SimulatedDeviceEvents> {
  readonly endpoint: string;
  readonly tree: ObjectTree;
  readonly profile: DeviceProfile;
  /** The board: tree, sensors, workload runtime, shell. */
  readonly board: EmbServeBoard;
  /** The device's radio link; change it to inject loss, latency or an outage. */
  readonly link: LinkConditions;
  readonly #options: SimulatedDeviceOptions;
  readonly #models: ModelLookup;
  readonly #routes: RouteTable;
  readonly #coap: CoapUdpEndpoint;
  readonly #registration: RegistrationClient;
  #sleepTimer: NodeJS.Timeout | undefined;
  #stopped = false;
  #rebooting: Promise<void> | undefined;

  constructor(options: SimulatedDeviceOptions) {
    super();
    this.#options = options;
    this.endpoint = options.endpoint;
    const models = (this.#models = options.models ?? defaultRegistry());
    const profile = (this.profile = resolveProfile(options.profile));
    const formats = options.formats ?? DEFAULT_DEVICE_FORMATS;
    const lifetimeS = options.lifetimeS ?? 300;
    const board = (this.board = new EmbServeBoard({
      endpoint: options.endpoint,
      lifetimeS,
      serverUri: `coap://${options.server.address}:${options.server.port}`,
      models,
      profile,
      random: seededRandom(options.seed ?? seedFromName(options.endpoint)),
      tickIntervalMs: options.tickIntervalMs,
      workloadPeriodMs: options.workloadPeriodMs,
      engines: options.engines,
    }));
    const tree = (this.tree = board.tree);
    const runtime = board.runtime;

    this.link = options.link ?? new LinkConditions();
    const handler = createDeviceRequestHandler(tree, models, { formats });
    this.#coap = new CoapUdpEndpoint({ port: options.port ?? 0, address: '0.0.0.0', link: this.link, onRequest: (request) => this.#routes.handleCoapRequest(request) ?? handler(request) });
    this.#routes = new RouteTable({ bus: runtime.bus, log: runtime.log, coap: coapSenderOf(this.#coap) });
    this.#routes.attach(tree);
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
    if (options.queueMode) {
      for (const event of ['registered', 'updated'] as const) this.#registration.on(event, () => this.#stayAwake());
    }
  }

  /** The device shell (what object 19 and `kubectl exec` reach): knobs, services, log, mem, uptime. */
  get shell(): Shell {
    return this.board.shell;
  }

  get runtime(): EmbServeRuntime {
    return this.board.runtime;
  }

  get sensors(): SensorBank {
    return this.board.sensors;
  }

  get registrationState(): RegistrationState {
    return this.#registration.state;
  }

  /** Binds the socket, boots the runtime and registers; resolves once registered. */
  async start(): Promise<CoapPeer> {
    const address = await this.#coap.start();
    this.tree.onObjectsChanged(() => this.#registration.objectsChanged());
    this.tree.onExecute([1, 0, 8], () => void this.#registration.update());
    // Answer the Execute first, as a device does, then go down.
    this.tree.onExecute(REBOOT_PATH, () => void setTimeout(() => void this.reboot(), 50));
    this.board.powerOn();
    await this.#registration.start();
    return address;
  }

  /**
   * Power-cycles the device: workloads stop and the radio goes silent for `rebootMs`; then
   * it boots, registers again and re-activates the workloads that were active. Installed
   * packages, routes and knob settings survive (they live in flash).
   */
  reboot(): Promise<void> {
    this.#rebooting ??= this.#powerCycle().finally(() => (this.#rebooting = undefined));
    return this.#rebooting;
  }

  async #powerCycle(): Promise<void> {
    this.emit('rebooting');
    const wasDown = this.link.down;
    this.link.update({ down: true });
    this.#registration.halt();
    this.board.powerOff();
    await new Promise((resolve) => setTimeout(resolve, this.#options.rebootMs ?? DEFAULT_REBOOT_MS));
    if (this.#stopped) return;
    this.link.update({ down: wasDown });
    this.board.powerOn();
    await this.#registration.start();
    this.emit('rebooted');
  }

  /** Queue mode: the receiver stays on for `awakeMs` after an uplink, then the device sleeps. */
  #stayAwake(): void {
    clearTimeout(this.#sleepTimer);
    this.link.update({ asleep: false });
    this.#sleepTimer = setTimeout(() => this.link.update({ asleep: true }), this.#options.awakeMs ?? DEFAULT_AWAKE_MS);
  }

  /** Sends a registration update now (as the Registration Update Trigger does). */
  update(): Promise<void> {
    if (this.#options.queueMode) this.#stayAwake();
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
    if (this.#options.queueMode) this.#stayAwake();
    const response = await this.#coap.request(this.#options.server, {
      method: 'POST',
      path: ['dp'],
      contentFormat: CONTENT_FORMAT.SENML_CBOR,
      payload: codec.encodeNodes(nodes, this.#models),
    });
    return response.code;
  }

  /** De-registers and releases the socket, timers, routes and workloads. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#sleepTimer);
    this.link.update({ down: false, asleep: false });
    await this.#registration.stop();
    await this.#routes.close();
    await this.#coap.close();
    this.board.close();
  }

  get options(): SimulatedDeviceOptions {
    return this.#options;
  }
}
