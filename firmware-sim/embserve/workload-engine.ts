/**
 * The seam between the runtime and whatever executes a workload. The runtime owns the
 * package state machine, memory, mapped LwM2M instances and monitoring; an engine only
 * says whether it can run a package, what that costs, and runs it. The simulated native
 * engine is one; a WebAssembly or TinyML engine plugs in the same way.
 */
import type { ServiceJson } from '../../oci/index.js';
import type { Clock } from '../objects/index.js';
import type { SensorSource, ServiceValue, ServiceValueType } from './contracts.js';

/** What a workload needs from the device, bytes. */
export interface WorkloadRequirements {
  /** RAM held while the workload is active (stack, heap, tensor arena). */
  readonly ramBytes: number;
  /** Flash the stored package takes. */
  readonly flashBytes: number;
}

/** What a running workload may use of the device. */
export interface WorkloadContext {
  /** The package's validated service.json. */
  readonly service: ServiceJson;
  readonly sensors: SensorSource;
  /** Time and timers; workloads schedule their loop on it, never on the globals. */
  readonly clock: Clock;
  /** Uniform random numbers in [0, 1), seeded per workload. */
  readonly random: () => number;
  /** How often a workload produces outputs unless its package says otherwise, ms. */
  readonly periodMs: number;
  /** Publishes a value of a declared output; others are dropped. */
  output(key: string, type: ServiceValueType, value: number): void;
  /** A line the workload prints to the device log. */
  log(line: string): void;
  /**
   * The workload crashed: the runtime stops it, frees its RAM and reports `error` in
   * monitoring. Calls after the workload was stopped are ignored.
   */
  fail(error: number, message: string): void;
}

export interface RunningWorkload {
  /** Hands over an input value; false when the workload declares no such input or the value does not fit it. */
  input(value: ServiceValue): boolean;
  /** Stops timers and frees what the engine holds; idempotent. */
  stop(): void;
  /** CPU share right now, %. */
  cpuPercent(): number;
  /** RAM in use right now, bytes; at most what `requirements` asked for. */
  memoryBytes(): number;
}

export interface WorkloadEngine {
  /** Short name for logs, e.g. `native`, `wasm`. */
  readonly kind: string;
  /** Whether this engine can run the package's module. */
  accepts(service: ServiceJson): boolean;
  /** Why this engine, though it handles this kind of module, cannot run this one (e.g. it does not compile); undefined when it can or the kind is not its own. */
  problem?(service: ServiceJson): string | undefined;
  /** What running the package costs; only called when `accepts` said yes. */
  requirements(service: ServiceJson): WorkloadRequirements;
  /** Starts the workload; a throw counts as a failure to start. */
  start(context: WorkloadContext): RunningWorkload;
}
