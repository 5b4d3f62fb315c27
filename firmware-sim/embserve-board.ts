/**
 * The board side of a simulated embServe node, free of any network: the object tree with
 * the standard objects, sensors and their capabilities, the workload runtime, the shell
 * and its knobs, all moving on one tick. SimulatedDevice puts it on the air.
 */
import type { ModelLookup } from '../lwm2m/index.js';
import { EmbServeRuntime, NativeEngine, type WorkloadEngine } from './embserve/index.js';
import { createStandardObjects, type DeviceProfile, type ObjectTree, type StandardObjects } from './objects/index.js';
import { WasmEngine } from './wasm/index.js';
import { addDeviceCapabilities, createSensorBank, type SensorBank } from './sensors/index.js';
import { KnobRegistry, Shell, ShellObject, txPowerKnob } from './shell/index.js';

export interface EmbServeBoardOptions {
  readonly endpoint: string;
  readonly lifetimeS: number;
  /** Security /0/0/0, e.g. `coap://gateway:5683`. */
  readonly serverUri: string;
  readonly models: ModelLookup;
  readonly profile: DeviceProfile;
  /** Uniform random numbers in [0, 1) for every simulated signal; seed it to replay a run. */
  readonly random: () => number;
  /** Time between sensor, radio and monitoring updates, ms. Default 5000. */
  readonly tickIntervalMs?: number;
  /** How often a native workload produces outputs, ms. Default 2000. */
  readonly workloadPeriodMs?: number;
  /** Engines tried before the native one. Default: WebAssembly (with the TinyML SDK). */
  readonly engines?: readonly WorkloadEngine[];
}

/** Engines keep no per-device state, so one of each serves a whole fleet. */
const DEFAULT_WASM_ENGINE = new WasmEngine();
const NATIVE_ENGINE = new NativeEngine();

export class EmbServeBoard {
  readonly tree: ObjectTree;
  readonly sensors: SensorBank;
  readonly runtime: EmbServeRuntime;
  readonly #standard: StandardObjects;
  #shell: Shell | undefined;

  /** Builds the tree and its parts; nothing ticks or runs until `powerOn`. */
  constructor(options: EmbServeBoardOptions) {
    const { models, profile, random } = options;
    const standard = (this.#standard = createStandardObjects({
      endpoint: options.endpoint,
      lifetimeS: options.lifetimeS,
      serverUri: options.serverUri,
      models,
      profile,
      random,
      tickIntervalMs: options.tickIntervalMs,
    }));
    const tree = (this.tree = standard.tree);
    const sensors = (this.sensors = createSensorBank({ tree, sensors: profile.sensors, random, startedAt: Date.now(), models }));
    addDeviceCapabilities({ tree, sensors, profile, models });
    const runtime = (this.runtime = new EmbServeRuntime({
      tree,
      models,
      profile,
      sensors,
      random,
      periodMs: options.workloadPeriodMs,
      engines: [...(options.engines ?? [DEFAULT_WASM_ENGINE]), NATIVE_ENGINE],
    }));
    standard.onTick((elapsedMs) => {
      sensors.tick(elapsedMs);
      runtime.tick();
    });
    // Most devices of a fleet never see a shell command: the shell is built on first use.
    new ShellObject(tree, { execute: (input) => this.shell.execute(input) }, { models }).attach();
  }

  /** The device shell (what object 19 and `kubectl exec` reach): knobs, services, log, mem, uptime. */
  get shell(): Shell {
    const runtime = this.runtime;
    this.#shell ??= new Shell({
      knobs: new KnobRegistry([txPowerKnob(this.#standard.radio)]),
      workloads: runtime.directory,
      log: runtime.log,
      memory: runtime.memory,
      uptimeMs: () => runtime.uptimeMs,
    });
    return this.#shell;
  }

  /** Boots: the runtime starts (and re-activates what was active), the tick begins. */
  powerOn(): void {
    this.runtime.boot();
    this.#standard.start();
  }

  /** Power loss: workloads stop, the tick stops, observations end; flash (packages, routes) stays. */
  powerOff(): void {
    this.#standard.stop();
    this.runtime.powerOff();
    this.tree.endObservations();
  }

  close(): void {
    this.#standard.stop();
    this.runtime.close();
    this.tree.close();
  }
}
