/**
 * What the parts of a simulated embServe node see of each other: the workloads (software
 * management), the shell, the data routes, the sensors and the device log. Each part
 * depends on these interfaces, not on the others' classes, so the simulated device can
 * wire them together and tests can stand in for any one of them.
 *
 * The service.json format itself is defined once, in oci/ where packages are packed and
 * checked; the device validates what is written to it with the same schema.
 */

import type { SERVICE_VALUE_TYPE } from '../../oci/index.js';

/** FITA's service.json value types (SERVICE_VALUE_TYPE in oci/): 0 = int, 1 = float. */
export type ServiceValueType = (typeof SERVICE_VALUE_TYPE)[keyof typeof SERVICE_VALUE_TYPE];

/** One keyed value going into or coming out of a workload. */
export interface ServiceValue {
  readonly key: string;
  readonly type: ServiceValueType;
  readonly value: number;
}

/** A value a running workload produced. */
export interface WorkloadOutput extends ServiceValue {
  /** The workload's service name (service.json `name`). */
  readonly service: string;
  /** When it was produced, ms since the epoch. */
  readonly at: number;
}

/** Outputs flow out of, and inputs into, the workloads running on the device. */
export interface WorkloadBus {
  /** Every output of every running workload; returns a function that unsubscribes. */
  onOutput(listener: (output: WorkloadOutput) => void): () => void;
  /**
   * Hands an input to the running workload named `service`; false (and nothing happens)
   * when no such workload runs or it declares no input with that key.
   */
  deliverInput(service: string, input: ServiceValue): boolean;
}

/** Software Management (object 9) Update State values. */
export const UPDATE_STATE = { INITIAL: 0, DOWNLOAD_STARTED: 1, DOWNLOADED: 2, DELIVERED: 3, INSTALLED: 4 } as const;

/** Software Management (object 9) Update Result values farside uses. */
export const UPDATE_RESULT = {
  INITIAL: 0,
  DOWNLOADING: 1,
  INSTALLED: 2,
  DOWNLOADED_VERIFIED: 3,
  NOT_ENOUGH_STORAGE: 50,
  OUT_OF_MEMORY: 51,
  CONNECTION_LOST: 52,
  INTEGRITY_FAILURE: 53,
  UNSUPPORTED_PACKAGE: 54,
  INVALID_URI: 56,
  UPDATE_ERROR: 57,
  INSTALL_FAILURE: 58,
  UNINSTALL_FAILURE: 59,
} as const;

/** A workload as the shell's `services` command and monitoring report it. */
export interface WorkloadSummary {
  /** service.json `name`; empty while no package was delivered. */
  readonly name: string;
  readonly version: string;
  /** Its Software Management (9) instance. */
  readonly instanceId: number;
  readonly updateState: number;
  readonly updateResult: number;
  readonly active: boolean;
  /** Flash the installed package takes, bytes (0 until installed). */
  readonly flashBytes: number;
  /** RAM the workload holds while active, bytes. */
  readonly ramBytes: number;
  /** 0 when healthy; otherwise the workload's last error code. */
  readonly error: number;
}

/** The installed workloads, for the shell and monitoring. */
export interface WorkloadDirectory {
  list(): readonly WorkloadSummary[];
}

/** The device's recent log, as `log [n]` shows it: boot, installs, workload prints, errors. */
export interface DeviceLog {
  write(line: string): void;
  /** The last `n` lines, oldest first, each prefixed with its uptime stamp. */
  recent(n: number): readonly string[];
}

/**
 * The simulated physical world the board senses: the current value of the first sensor
 * the device models with `objectId` (e.g. 3303 Temperature), for resource `resourceId`
 * (default Sensor Value 5700). Undefined when the board has no such sensor.
 */
export interface SensorSource {
  sample(objectId: number, resourceId?: number): number | undefined;
}

/** RAM and flash as the device accounts them, bytes. */
export interface MemoryReport {
  readonly ramTotal: number;
  /** What the base firmware and the active workloads leave. */
  readonly ramFree: number;
  readonly flashTotal: number;
  /** What the base firmware image and the stored packages leave. */
  readonly flashFree: number;
}

export interface DeviceMemory {
  report(): MemoryReport;
}
