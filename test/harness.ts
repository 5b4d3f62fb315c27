import { once } from 'node:events';
import { LwM2mServer, type GatewayEvents, type LwM2mServerOptions } from '../gateway/index.js';
import { SimulatedDevice, type SimulatedDeviceOptions } from '../firmware-sim/index.js';
import { CoapUdpEndpoint, type CoapPeer } from '../lwm2m/index.js';

/** A gateway on a free loopback port plus the devices and raw clients a test made; `close` stops all. */
export class Harness {
  readonly server: LwM2mServer;
  readonly #closers: (() => Promise<void>)[] = [];
  #address: CoapPeer | undefined;

  constructor(options: LwM2mServerOptions = {}) {
    this.server = new LwM2mServer({ port: 0, address: '127.0.0.1', requestTimeoutMs: 5_000, ...options });
  }

  async start(): Promise<this> {
    this.#address = await this.server.start();
    this.#closers.push(() => this.server.close());
    return this;
  }

  get address(): CoapPeer {
    if (!this.#address) throw new Error('harness not started');
    return this.#address;
  }

  /** Starts a simulated device; `prepare` may shape its object tree before it registers. */
  async device(endpoint: string, options: Partial<SimulatedDeviceOptions> = {}, prepare?: (device: SimulatedDevice) => void): Promise<SimulatedDevice> {
    const device = new SimulatedDevice({ endpoint, server: this.address, lifetimeS: 60, ...options });
    prepare?.(device);
    const registered = once(this.server, 'registered');
    await device.start();
    await registered;
    this.#closers.unshift(() => device.stop());
    return device;
  }

  /** A bare CoAP endpoint to send hand-made requests to the gateway. */
  async rawClient(): Promise<CoapUdpEndpoint> {
    const client = new CoapUdpEndpoint({ address: '127.0.0.1' });
    await client.start();
    this.#closers.unshift(() => client.close());
    return client;
  }

  /** Runs a change to a device's object list and waits until the gateway has the update. */
  async objectsChanged(change: () => void): Promise<void> {
    const updated = this.next('updated');
    change();
    await updated;
  }

  next<K extends keyof GatewayEvents>(event: K, timeoutMs = 5_000): Promise<GatewayEvents[K]> {
    return once(this.server as never, event, { signal: AbortSignal.timeout(timeoutMs) }) as Promise<GatewayEvents[K]>;
  }

  async close(): Promise<void> {
    for (const close of this.#closers.splice(0)) await close().catch(() => {});
  }
}
