import { LinkConditions, type CoapPeer, type LinkConditionsOptions } from '../lwm2m/index.js';
import { SimulatedDevice, type SimulatedDeviceOptions } from './simulated-device.js';

export interface FleetOptions extends Omit<SimulatedDeviceOptions, 'endpoint' | 'server' | 'port' | 'seed' | 'link'> {
  readonly server: CoapPeer;
  readonly count: number;
  /** Endpoint names are `<prefix><n>`, n from 1. Default `sim-`. */
  readonly namePrefix?: string;
  /** Devices starting at once. Default 64. */
  readonly concurrency?: number;
  /** Device n (from 1) gets seed `seed + n`, so a whole fleet replays. Default: each seed derives from the endpoint name. */
  readonly seed?: number;
  /** Link conditions every device starts with (each device gets its own copy, to change alone). */
  readonly link?: LinkConditionsOptions;
  /** Called after each device registered (for progress output). */
  readonly onProgress?: (registered: number, total: number) => void;
}

/** Many simulated devices in one process, each with its own socket like a real board. */
export class Fleet {
  readonly devices: readonly SimulatedDevice[];
  readonly #concurrency: number;
  readonly #onProgress: FleetOptions['onProgress'];

  constructor(options: FleetOptions) {
    const { count, namePrefix = 'sim-', concurrency = 64, onProgress, server, seed, link, ...deviceOptions } = options;
    this.devices = Array.from(
      { length: count },
      (_, i) =>
        new SimulatedDevice({
          ...deviceOptions,
          server,
          endpoint: `${namePrefix}${i + 1}`,
          ...(seed !== undefined ? { seed: (seed + i + 1) >>> 0 } : {}),
          ...(link ? { link: new LinkConditions({ ...link, seed: ((link.seed ?? 1) + i) >>> 0 }) } : {}),
        }),
    );
    this.#concurrency = Math.max(1, concurrency);
    this.#onProgress = onProgress;
  }

  /** Starts every device with bounded concurrency; resolves when all registered. */
  async start(): Promise<void> {
    let next = 0;
    let done = 0;
    const worker = async (): Promise<void> => {
      while (next < this.devices.length) {
        const device = this.devices[next++]!;
        await device.start();
        this.#onProgress?.(++done, this.devices.length);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.#concurrency, this.devices.length) }, worker));
  }

  async stop(): Promise<void> {
    await Promise.all(this.devices.map((d) => d.stop()));
  }
}
