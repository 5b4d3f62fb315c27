/**
 * The embServe workload runtime of one simulated board, on its object tree: Software
 * Management (9), Software_Package_Monitoring (35003), RAM and flash accounting, the
 * workloads and their outputs, and the device log. No network: the simulated device
 * serves the tree and calls `tick`, `powerOff` and `boot` as its life goes on.
 */
import { z } from 'zod';
import { invalidInput } from '../../errors/index.js';
import type { ModelLookup } from '../../lwm2m/index.js';
import { SYSTEM_CLOCK, type Clock, type DeviceProfile, type ObjectTree } from '../objects/index.js';
import type { DeviceLog, DeviceMemory, SensorSource, WorkloadBus, WorkloadDirectory } from './contracts.js';
import { RingDeviceLog } from './device-log.js';
import { MemoryBudget } from './memory-budget.js';
import { PackageMonitoring } from './monitoring.js';
import { NativeEngine } from './native-engine.js';
import { PackageDelivery } from './package-delivery.js';
import type { PackageFetch } from './package-download.js';
import { SoftwareManagement } from './software-management.js';
import type { SoftwareSlot } from './software-slot.js';
import { LocalWorkloadBus } from './workload-bus.js';
import type { WorkloadEngine } from './workload-engine.js';
import { WorkloadRunner } from './workload-runner.js';

export interface EmbServeRuntimeOptions {
  readonly tree: ObjectTree;
  readonly models: ModelLookup;
  /** The board: RAM, flash and what the base firmware keeps of them, TinyML support. */
  readonly profile: DeviceProfile;
  readonly sensors: SensorSource;
  /** Time and timers (uptime, workload periods, download timeout). Default: the global ones. */
  readonly clock?: Clock;
  /** Uniform random numbers in [0, 1); pass a seeded one for replayable runs. Default Math.random. */
  readonly random?: () => number;
  /** Engines tried in order; the first that accepts a package runs it. Default: [new NativeEngine()]. */
  readonly engines?: readonly WorkloadEngine[];
  /** How often a workload produces outputs unless its package sets `period_ms`, ms. Default 2000. */
  readonly periodMs?: number;
  /** The log to write to, e.g. one shared with the shell. Default: a RingDeviceLog on this runtime's uptime. */
  readonly log?: DeviceLog;
  /** How Package URI downloads fetch. Default: the global fetch. */
  readonly fetch?: PackageFetch;
  /** Longest a Package URI download may take, ms. Default 60 000. */
  readonly downloadTimeoutMs?: number;
}

export const DEFAULT_WORKLOAD_PERIOD_MS = 2000;
export const DEFAULT_DOWNLOAD_TIMEOUT_MS = 60_000;

const scalarOptions = z.object({
  periodMs: z.number().int().min(10).max(86_400_000).optional(),
  downloadTimeoutMs: z.number().int().positive().optional(),
  engines: z.array(z.unknown()).min(1).optional(),
});

export class EmbServeRuntime {
  readonly bus: WorkloadBus;
  readonly directory: WorkloadDirectory;
  readonly log: DeviceLog;
  readonly memory: DeviceMemory;
  readonly #clock: Clock;
  readonly #profile: DeviceProfile;
  readonly #budget: MemoryBudget;
  readonly #monitoring: PackageMonitoring;
  readonly #software: SoftwareManagement;
  #bootAt: number;
  #powered = true;

  /** Adds objects 9 and 35003 to the tree and takes over their instances; starts no timer. */
  constructor(options: EmbServeRuntimeOptions) {
    const checked = scalarOptions.safeParse(options);
    if (!checked.success) throw invalidInput(`embServe runtime: ${checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    const { tree, models, profile, sensors } = options;
    const clock = (this.#clock = options.clock ?? SYSTEM_CLOCK);
    const random = options.random ?? Math.random;
    this.#profile = profile;
    this.#bootAt = clock.now();
    const log = (this.log = options.log ?? new RingDeviceLog({ uptimeMs: () => this.uptimeMs }));
    const budget = (this.#budget = new MemoryBudget(tree, profile));
    this.memory = budget;
    // Software management and its parts call back into each other; `software` (below) is
    // set before any of these callbacks can run, which only happens on a later operation.
    const bus = new LocalWorkloadBus(
      (service, input): boolean => software.deliverInput(service, input),
      (err) => log.write(`output listener failed: ${(err as Error).message}`),
    );
    this.bus = bus;
    this.#monitoring = new PackageMonitoring({
      tree,
      models,
      random,
      ramUsedBytes: () => budget.ramUsed(),
      uptimeMs: () => (this.#powered ? this.uptimeMs : 0),
      workloads: () => software.readings(),
    });
    const changed = (slot: SoftwareSlot): void => software.changed(slot);
    const runner = new WorkloadRunner({ tree, models, memory: budget, log, bus, sensors, clock, random, periodMs: options.periodMs ?? DEFAULT_WORKLOAD_PERIOD_MS, changed });
    const delivery = new PackageDelivery({
      tree,
      models,
      memory: budget,
      log,
      engines: options.engines ?? [new NativeEngine()],
      tinyml: profile.tinyml,
      clock,
      fetch: options.fetch ?? ((url, init) => fetch(url, init)),
      downloadTimeoutMs: options.downloadTimeoutMs ?? DEFAULT_DOWNLOAD_TIMEOUT_MS,
      delivered: changed,
    });
    const software: SoftwareManagement = (this.#software = new SoftwareManagement({ tree, models, memory: budget, log, monitoring: this.#monitoring, runner, delivery }));
    this.directory = { list: () => this.#software.summaries() };
    software.install();
    this.#monitoring.install();
    budget.publish();
  }

  /** Time since the last boot, ms. */
  get uptimeMs(): number {
    return this.#clock.now() - this.#bootAt;
  }

  /** Refreshes monitoring; the device calls it on its own tick. */
  tick(): void {
    if (this.#powered) this.#monitoring.refresh();
  }

  /** Power loss: every workload and download stops; which workloads were active is remembered. */
  powerOff(): void {
    if (!this.#powered) return;
    this.log.write('power off');
    this.#software.powerOff();
    this.#powered = false;
    this.#monitoring.refresh();
  }

  /** Power on: uptime restarts, and what was active at power-off starts again. */
  boot(): void {
    this.#powered = true;
    this.#bootAt = this.#clock.now();
    const p = this.#profile;
    const { ramFree, flashFree } = this.#budget.report();
    this.log.write(
      `${p.softwareVersion} booting on ${p.modelNumber} (${p.cpuCore} @ ${p.cpuClockMHz} MHz): RAM ${p.memoryTotalKB} KB, ${Math.floor(ramFree / 1024)} KB free; flash ${p.flashTotalKB} KB, ${Math.floor(flashFree / 1024)} KB free`,
    );
    this.#budget.publish();
    this.#software.boot();
  }

  /** Stops workloads and downloads and releases the tree's hooks; the tree keeps its instances. */
  close(): void {
    this.#software.close();
    this.#monitoring.close();
    this.#powered = false;
  }
}
