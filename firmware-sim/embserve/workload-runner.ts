/**
 * Starts and stops the workloads of installed packages: RAM is held exactly while a
 * workload runs, outputs go to its mapped LwM2M instances and to the bus, inputs mapped to
 * LwM2M resources are fed from the tree exactly while it runs, and a workload that fails
 * is stopped on its own without touching the device or other workloads.
 */
import type { ModelLookup, ResponseCode } from '../../lwm2m/index.js';
import { RESPONSE_CODE } from '../../lwm2m/index.js';
import type { ServiceJson } from '../../oci/index.js';
import { seededRandom, type Clock, type ObjectTree } from '../objects/index.js';
import { UPDATE_RESULT, type DeviceLog, type SensorSource, type ServiceValue } from './contracts.js';
import { MappedInputs } from './mapped-inputs.js';
import { MappedInstances } from './mapped-instances.js';
import type { MemoryBudget } from './memory-budget.js';
import type { WorkloadReading } from './monitoring.js';
import { kb } from './package-check.js';
import { isActive, slotLabel, type SoftwareSlot, type WorkloadRun } from './software-slot.js';
import type { LocalWorkloadBus } from './workload-bus.js';
import type { WorkloadContext } from './workload-engine.js';

export interface WorkloadRunnerOptions {
  readonly tree: ObjectTree;
  readonly models: ModelLookup;
  readonly memory: MemoryBudget;
  readonly log: DeviceLog;
  readonly bus: LocalWorkloadBus;
  readonly sensors: SensorSource;
  readonly clock: Clock;
  readonly random: () => number;
  /** Default output period of a workload, ms. */
  readonly periodMs: number;
  /** A workload's state changed on its own (it failed): publish it and refresh monitoring. */
  readonly changed: (slot: SoftwareSlot) => void;
}

export class WorkloadRunner {
  readonly #options: WorkloadRunnerOptions;

  constructor(options: WorkloadRunnerOptions) {
    this.#options = options;
  }

  /**
   * Starts the slot's installed package (the caller checked the state). 5.00 when the RAM
   * is not free or the engine fails to start it; the failure is then the slot's error.
   */
  activate(slot: SoftwareSlot): ResponseCode {
    const { memory, log, clock, tree, models, sensors } = this.#options;
    const pkg = slot.pkg;
    if (pkg === undefined) return RESPONSE_CODE.METHOD_NOT_ALLOWED;
    if (isActive(slot)) return RESPONSE_CODE.CHANGED;
    const need = pkg.requirements.ramBytes;
    const free = memory.report().ramFree;
    if (need > free) return this.#refuse(slot, UPDATE_RESULT.OUT_OF_MEMORY, `out of memory (need ${kb(need)} KB, ${Math.floor(free / 1024)} KB free)`);
    try {
      slot.mapped ??= MappedInstances.create(tree, models, pkg.service, sensors);
    } catch (err) {
      return this.#refuse(slot, UPDATE_RESULT.UPDATE_ERROR, `cannot create its mapped instances: ${(err as Error).message}`);
    }
    memory.reserveRam(slot.instanceId, need);
    const run: WorkloadRun = { workload: undefined, inputs: undefined, alive: true, since: clock.now() };
    slot.run = run;
    slot.error = undefined;
    try {
      run.workload = pkg.engine.start(this.#context(slot, run, pkg.service));
    } catch (err) {
      this.#fail(slot, run, UPDATE_RESULT.UPDATE_ERROR, `${pkg.engine.kind} engine could not start it: ${(err as Error).message}`);
      return RESPONSE_CODE.INTERNAL_SERVER_ERROR;
    }
    if (!run.alive) {
      // It failed while starting; what it started must not keep running.
      run.workload?.stop();
      return RESPONSE_CODE.INTERNAL_SERVER_ERROR;
    }
    log.write(`${slotLabel(slot)}: activated on the ${pkg.engine.kind} engine (${kb(need)} KB RAM)`);
    this.#feedInputs(slot, run, pkg.service);
    // A workload may fail on the very first value it is fed.
    return run.alive ? RESPONSE_CODE.CHANGED : RESPONSE_CODE.INTERNAL_SERVER_ERROR;
  }

  /** Stops the slot's workload, if it runs, and frees its RAM. */
  stop(slot: SoftwareSlot): void {
    const run = slot.run;
    slot.run = undefined;
    if (run === undefined) return;
    run.alive = false;
    run.inputs?.stop();
    run.workload?.stop();
    this.#options.memory.releaseRam(slot.instanceId);
  }

  /** Hands `input` to the slot's workload; false when it is not running or refuses it. */
  input(slot: SoftwareSlot, input: ServiceValue): boolean {
    const workload = isActive(slot) ? slot.run?.workload : undefined;
    return workload?.input(input) ?? false;
  }

  reading(slot: SoftwareSlot, monitoringId: number): WorkloadReading {
    const run = slot.run;
    const workload = run?.alive ? run.workload : undefined;
    return {
      monitoringId,
      cpuPercent: workload?.cpuPercent() ?? 0,
      memoryBytes: workload?.memoryBytes() ?? 0,
      uptimeMs: workload !== undefined && run !== undefined ? this.#options.clock.now() - run.since : 0,
      error: slot.error?.message ?? '',
    };
  }

  #refuse(slot: SoftwareSlot, code: number, message: string): ResponseCode {
    slot.error = { code, message };
    this.#options.log.write(`${slotLabel(slot)}: not activated: ${message}`);
    this.#options.changed(slot);
    return RESPONSE_CODE.INTERNAL_SERVER_ERROR;
  }

  #fail(slot: SoftwareSlot, run: WorkloadRun, code: number, message: string): void {
    if (!run.alive || slot.run !== run) return;
    this.stop(slot);
    slot.error = { code: Number.isSafeInteger(code) && code !== 0 ? code : 1, message: String(message) };
    this.#options.log.write(`${slotLabel(slot)}: failed (error ${slot.error.code}): ${slot.error.message}`);
    this.#options.changed(slot);
  }

  /** Set on the run before the first value goes in, so a workload failing on it stops the feeding too. */
  #feedInputs(slot: SoftwareSlot, run: WorkloadRun, service: ServiceJson): void {
    const { tree, log } = this.#options;
    const inputs = new MappedInputs({
      tree,
      service,
      own: slot.mapped?.instances() ?? [],
      deliver: (input) => run.alive && (run.workload?.input(input) ?? false),
      log: (line) => log.write(`${slotLabel(slot)}: ${line}`),
    });
    run.inputs = inputs;
    if (run.alive) inputs.start();
  }

  #context(slot: SoftwareSlot, run: WorkloadRun, service: ServiceJson): WorkloadContext {
    const { bus, clock, log, sensors, periodMs, random } = this.#options;
    const outputs = service.outputs ?? [];
    return {
      service,
      sensors,
      clock,
      periodMs,
      // Each start draws its own seed, so two copies of a service do not move in step.
      random: seededRandom(Math.floor(random() * 2 ** 32)),
      output: (key, _type, value) => {
        const declared = outputs.find((output) => output.key === key);
        if (!run.alive || declared === undefined || !Number.isFinite(value)) return;
        const typed = declared.type === 0 ? Math.round(value) : value;
        slot.mapped?.write(key, typed);
        bus.emit({ service: service.name, key, type: declared.type, value: typed, at: clock.now() });
      },
      log: (line) => {
        if (run.alive) log.write(`${service.name}: ${String(line)}`);
      },
      fail: (error, message) => this.#fail(slot, run, error, message),
    };
  }
}
