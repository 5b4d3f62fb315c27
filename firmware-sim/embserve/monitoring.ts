/**
 * Software_Package_Monitoring (custom object 35003, as FITA defines it): instance 0
 * reports the whole device, one more instance per installed workload links to its
 * Software Management (9) instance. The Far-Edge kubelet turns these into node and pod
 * metrics, so values are refreshed on every tick and every workload state change.
 */
import type { ModelLookup, ResourceValue } from '../../lwm2m/index.js';
import { RESPONSE_CODE } from '../../lwm2m/index.js';
import { OBJECT_ID, instanceFromValues, type ObjectTree } from '../objects/index.js';

export const MONITORING_OBJECT_ID = 35003;

/** Resource ids of object 35003; 27400 keeps FITA's spelling, "Sofware_Package". */
export const MONITORING_RESOURCE = {
  SOFTWARE_PACKAGE: 27400,
  CPU_USAGE: 27401,
  MEMORY_USAGE: 27402,
  UPTIME: 27403,
  ERROR: 27404,
} as const;

/** The monitoring instance that reports the device itself. */
export const DEVICE_MONITORING_INSTANCE = 0;

const SOFTWARE_MANAGEMENT_OBJECT_ID = 9;

/** What the kernel, network stack and embServe cost the CPU with no workload, % (low and high end). */
const IDLE_CPU_PERCENT = { min: 2, max: 4 } as const;

/** One workload's figures as monitoring shows them; zeros while it is inactive. */
export interface WorkloadReading {
  readonly monitoringId: number;
  readonly cpuPercent: number;
  readonly memoryBytes: number;
  readonly uptimeMs: number;
  /** Empty when healthy. */
  readonly error: string;
}

export interface PackageMonitoringOptions {
  readonly tree: ObjectTree;
  readonly models: ModelLookup;
  readonly random: () => number;
  /** RAM in use by firmware and workloads, bytes. */
  readonly ramUsedBytes: () => number;
  /** Time since boot, ms. */
  readonly uptimeMs: () => number;
  readonly workloads: () => Iterable<WorkloadReading>;
}

export class PackageMonitoring {
  readonly #options: PackageMonitoringOptions;
  readonly #unhook: (() => void)[] = [];
  /** False when the models do not know object 35003: then monitoring is left out. */
  readonly enabled: boolean;

  constructor(options: PackageMonitoringOptions) {
    this.#options = options;
    this.enabled = options.models.object(MONITORING_OBJECT_ID) !== undefined;
  }

  /** Adds the device's instance; servers may read but not create or delete instances. */
  install(): void {
    if (!this.enabled) return;
    const { tree } = this.#options;
    const refused = (): typeof RESPONSE_CODE.METHOD_NOT_ALLOWED => RESPONSE_CODE.METHOD_NOT_ALLOWED;
    this.#unhook.push(tree.onCreate(MONITORING_OBJECT_ID, { accept: refused }), tree.onDelete(MONITORING_OBJECT_ID, { accept: refused }));
    this.#add(DEVICE_MONITORING_INSTANCE, OBJECT_ID.DEVICE, 0);
    this.refresh();
  }

  /** Adds an instance for the workload in `/9/<softwareInstanceId>` and returns its id. */
  addWorkload(softwareInstanceId: number): number | undefined {
    return this.enabled ? this.#add(undefined, SOFTWARE_MANAGEMENT_OBJECT_ID, softwareInstanceId) : undefined;
  }

  removeWorkload(monitoringId: number | undefined): void {
    if (!this.enabled || monitoringId === undefined || monitoringId === DEVICE_MONITORING_INSTANCE) return;
    if (this.#options.tree.read([MONITORING_OBJECT_ID, monitoringId]).code === RESPONSE_CODE.CONTENT) {
      this.#options.tree.removeInstance([MONITORING_OBJECT_ID, monitoringId]);
    }
  }

  refresh(): void {
    if (!this.enabled) return;
    const { random, ramUsedBytes, workloads } = this.#options;
    let cpu = IDLE_CPU_PERCENT.min + random() * (IDLE_CPU_PERCENT.max - IDLE_CPU_PERCENT.min);
    for (const reading of workloads()) {
      cpu += reading.cpuPercent;
      this.#set(reading.monitoringId, reading.cpuPercent, reading.memoryBytes, reading.error);
    }
    this.#set(DEVICE_MONITORING_INSTANCE, cpu, ramUsedBytes(), '');
  }

  close(): void {
    for (const unhook of this.#unhook.splice(0)) unhook();
  }

  #add(instanceId: number | undefined, objectId: number, linkedInstanceId: number): number {
    const values = new Map<number, ResourceValue>([
      [MONITORING_RESOURCE.SOFTWARE_PACKAGE, { objectId, instanceId: linkedInstanceId }],
      [MONITORING_RESOURCE.CPU_USAGE, 0],
      [MONITORING_RESOURCE.MEMORY_USAGE, 0],
      [MONITORING_RESOURCE.UPTIME, 0],
      [MONITORING_RESOURCE.ERROR, ''],
    ]);
    const { resources } = instanceFromValues(this.#options.models, MONITORING_OBJECT_ID, 0, values);
    const { tree, uptimeMs, workloads } = this.#options;
    const id = tree.addInstance(MONITORING_OBJECT_ID, instanceId === undefined ? { resources } : { id: instanceId, resources });
    // Uptime is read live, so a server never sees the figure of the last tick.
    const uptime = id === DEVICE_MONITORING_INSTANCE ? uptimeMs : () => [...workloads()].find((w) => w.monitoringId === id)?.uptimeMs ?? 0;
    tree.bindValue([MONITORING_OBJECT_ID, id, MONITORING_RESOURCE.UPTIME], { read: () => Math.max(0, Math.round(uptime())) });
    return id;
  }

  #set(instanceId: number, cpuPercent: number, memoryBytes: number, error: string): void {
    const { tree } = this.#options;
    const path = (resourceId: number): readonly [number, number, number] => [MONITORING_OBJECT_ID, instanceId, resourceId];
    tree.setValue(path(MONITORING_RESOURCE.CPU_USAGE), Math.round(Math.min(100, Math.max(0, cpuPercent)) * 10) / 10);
    tree.setValue(path(MONITORING_RESOURCE.MEMORY_USAGE), Math.max(0, Math.round(memoryBytes)));
    tree.setValue(path(MONITORING_RESOURCE.ERROR), error);
  }
}
