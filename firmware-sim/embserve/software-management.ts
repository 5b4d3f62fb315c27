/**
 * LwM2M Software Management (object 9) per the OMA state machine: a server creates an
 * instance, writes the package (or its URI), then executes Install and Activate. Install
 * only in DELIVERED; Activate and Deactivate only in INSTALLED; Uninstall from DELIVERED or
 * INSTALLED; any other order answers 4.05 and changes nothing. Deleting an instance
 * always works and frees all it held.
 */
import type { ModelLookup, Resource, ResponseCode } from '../../lwm2m/index.js';
import { RESPONSE_CODE } from '../../lwm2m/index.js';
import type { ExecuteArguments, ObjectTree } from '../objects/index.js';
import { UPDATE_RESULT, UPDATE_STATE, type DeviceLog, type ServiceValue, type WorkloadSummary } from './contracts.js';
import type { MemoryBudget } from './memory-budget.js';
import type { PackageMonitoring, WorkloadReading } from './monitoring.js';
import type { PackageDelivery } from './package-delivery.js';
import {
  createProblem,
  isActive,
  newSlot,
  publishSlot,
  slotDefaults,
  slotLabel,
  SOFTWARE_MANAGEMENT_OBJECT_ID as OBJECT,
  SOFTWARE_RESOURCE as R,
  type SoftwareSlot,
} from './software-slot.js';
import type { WorkloadRunner } from './workload-runner.js';

export interface SoftwareManagementOptions {
  readonly tree: ObjectTree;
  readonly models: ModelLookup;
  readonly memory: MemoryBudget;
  readonly log: DeviceLog;
  readonly monitoring: PackageMonitoring;
  readonly runner: WorkloadRunner;
  readonly delivery: PackageDelivery;
}

const NOT_ALLOWED = RESPONSE_CODE.METHOD_NOT_ALLOWED;

export class SoftwareManagement {
  readonly #o: SoftwareManagementOptions;
  readonly #slots = new Map<number, SoftwareSlot>();
  readonly #unhook: (() => void)[] = [];

  constructor(options: SoftwareManagementOptions) {
    this.#o = options;
  }

  /** Declares object 9 and takes over its instances, existing and future. */
  install(): void {
    const { tree } = this.#o;
    tree.supportObject(OBJECT);
    tree.setInstanceDefaults(OBJECT, slotDefaults);
    this.#unhook.push(
      tree.onCreate(OBJECT, { accept: (_id, resources) => createProblem(this.#o.models, resources) }),
      // Package and Package URI are write-only: they go to delivery, not into the tree.
      tree.onWrite(OBJECT, R.PACKAGE, { store: false, accept: (id) => this.#onlyInitial(id), written: (id, resource) => this.#packageWritten(id, resource) }),
      tree.onWrite(OBJECT, R.PACKAGE_URI, { store: false, accept: (id) => this.#onlyInitial(id), written: (id, resource) => this.#uriWritten(id, resource) }),
      tree.on('objectsChanged', ({ kind, path: [objectId, instanceId] }) => {
        if (objectId !== OBJECT) return;
        if (kind === 'created') this.#attach(instanceId);
        else this.#detach(instanceId);
      }),
    );
    const existing = tree.read([OBJECT]).node;
    if (existing?.kind === 'object') for (const id of existing.instances.keys()) this.#attach(id);
  }

  /** Stops every workload and download and lets go of the tree's hooks; the tree keeps its values. */
  close(): void {
    for (const unhook of this.#unhook.splice(0)) unhook();
    for (const slot of this.#slots.values()) {
      this.#o.delivery.cancel(slot);
      this.#o.runner.stop(slot);
      for (const unregister of slot.unregister.splice(0)) unregister();
    }
    this.#slots.clear();
  }

  /** A slot's state changed: show it in /9/x and in monitoring. */
  changed(slot: SoftwareSlot): void {
    if (this.#slots.get(slot.instanceId) === slot) publishSlot(this.#o.tree, slot);
    this.#o.monitoring.refresh();
  }

  summaries(): WorkloadSummary[] {
    const { memory } = this.#o;
    return this.#sorted().map((slot) => ({
      name: slot.name,
      version: slot.version,
      instanceId: slot.instanceId,
      updateState: slot.state,
      updateResult: slot.result,
      active: isActive(slot),
      flashBytes: slot.state === UPDATE_STATE.INSTALLED ? memory.flashHeldBy(slot.instanceId) : 0,
      ramBytes: memory.ramHeldBy(slot.instanceId),
      error: slot.error?.code ?? 0,
    }));
  }

  readings(): WorkloadReading[] {
    return this.#sorted().flatMap((slot) => (slot.monitoringId === undefined ? [] : [this.#o.runner.reading(slot, slot.monitoringId)]));
  }

  /** Hands `input` to every running workload named `service`; true when one took it. */
  deliverInput(service: string, input: ServiceValue): boolean {
    let taken = false;
    for (const slot of this.#sorted()) if (slot.pkg?.service.name === service && this.#o.runner.input(slot, input)) taken = true;
    return taken;
  }

  /** Power loss: workloads and downloads stop; which workloads were active is kept, as flash would. */
  powerOff(): void {
    for (const slot of this.#sorted()) {
      if (this.#o.delivery.cancel(slot)) {
        slot.state = UPDATE_STATE.INITIAL;
        slot.result = UPDATE_RESULT.CONNECTION_LOST;
      }
      slot.resumeAtBoot = isActive(slot);
      this.#o.runner.stop(slot);
      publishSlot(this.#o.tree, slot);
    }
    this.#o.monitoring.refresh();
  }

  /** Starts again what was active at power-off. */
  boot(): void {
    for (const slot of this.#sorted()) {
      if (!slot.resumeAtBoot) continue;
      slot.resumeAtBoot = false;
      if (slot.state === UPDATE_STATE.INSTALLED) this.#o.runner.activate(slot);
      publishSlot(this.#o.tree, slot);
    }
    this.#o.monitoring.refresh();
  }

  #sorted(): SoftwareSlot[] {
    return [...this.#slots.values()].sort((a, b) => a.instanceId - b.instanceId);
  }

  #packageWritten(instanceId: number, resource: Resource): void {
    const slot = this.#slots.get(instanceId);
    if (slot !== undefined && resource.kind === 'single' && resource.value instanceof Uint8Array) this.#o.delivery.deliver(slot, resource.value);
  }

  #uriWritten(instanceId: number, resource: Resource): void {
    const slot = this.#slots.get(instanceId);
    if (slot !== undefined && resource.kind === 'single' && typeof resource.value === 'string') this.#o.delivery.download(slot, resource.value);
  }

  #onlyInitial(instanceId: number): ResponseCode | undefined {
    const slot = this.#slots.get(instanceId);
    return slot === undefined || slot.state === UPDATE_STATE.INITIAL ? undefined : NOT_ALLOWED;
  }

  #attach(instanceId: number): void {
    if (this.#slots.has(instanceId)) return;
    const slot = newSlot(instanceId);
    this.#slots.set(instanceId, slot);
    const on = (resourceId: number, handler: (args: ExecuteArguments) => ResponseCode): void => {
      slot.unregister.push(this.#o.tree.onExecute([OBJECT, instanceId, resourceId], (_raw, request) => handler(request.arguments)));
    };
    on(R.INSTALL, () => this.#install(slot));
    on(R.UNINSTALL, (args) => this.#uninstall(slot, args.has(1) || args.get(0) === '1'));
    on(R.ACTIVATE, () => (slot.state === UPDATE_STATE.INSTALLED ? this.#activate(slot) : NOT_ALLOWED));
    on(R.DEACTIVATE, () => this.#deactivate(slot));
    publishSlot(this.#o.tree, slot);
  }

  #detach(instanceId: number): void {
    const slot = this.#slots.get(instanceId);
    if (slot === undefined) return;
    const label = slotLabel(slot);
    this.#teardown(slot);
    for (const unregister of slot.unregister.splice(0)) unregister();
    this.#slots.delete(instanceId);
    this.#o.log.write(`${label}: instance deleted`);
    this.#o.monitoring.refresh();
  }

  #install(slot: SoftwareSlot): ResponseCode {
    if (slot.state !== UPDATE_STATE.DELIVERED) return NOT_ALLOWED;
    slot.state = UPDATE_STATE.INSTALLED;
    slot.result = UPDATE_RESULT.INSTALLED;
    slot.monitoringId = this.#o.monitoring.addWorkload(slot.instanceId);
    this.#o.log.write(`${slotLabel(slot)}: installed version ${slot.version}`);
    this.changed(slot);
    return RESPONSE_CODE.CHANGED;
  }

  #activate(slot: SoftwareSlot): ResponseCode {
    const code = this.#o.runner.activate(slot);
    this.changed(slot);
    return code;
  }

  #deactivate(slot: SoftwareSlot): ResponseCode {
    if (slot.state !== UPDATE_STATE.INSTALLED) return NOT_ALLOWED;
    if (!isActive(slot)) return RESPONSE_CODE.CHANGED;
    this.#o.runner.stop(slot);
    this.#o.log.write(`${slotLabel(slot)}: deactivated`);
    this.changed(slot);
    return RESPONSE_CODE.CHANGED;
  }

  /** OMA: argument 1 ("ForUpdate") keeps PkgName and PkgVersion for the package that follows. */
  #uninstall(slot: SoftwareSlot, forUpdate: boolean): ResponseCode {
    if (slot.state !== UPDATE_STATE.DELIVERED && slot.state !== UPDATE_STATE.INSTALLED) return NOT_ALLOWED;
    this.#o.log.write(`${slotLabel(slot)}: uninstalled${forUpdate ? ' for update' : ''}`);
    this.#teardown(slot);
    slot.state = UPDATE_STATE.INITIAL;
    slot.result = UPDATE_RESULT.INITIAL;
    if (!forUpdate) {
      slot.name = '';
      slot.version = '';
    }
    this.changed(slot);
    return RESPONSE_CODE.CHANGED;
  }

  /** Frees everything the slot holds: workload, RAM, flash, mapped and monitoring instances, download. */
  #teardown(slot: SoftwareSlot): void {
    const { delivery, runner, memory, monitoring } = this.#o;
    delivery.cancel(slot);
    runner.stop(slot);
    memory.releaseFlash(slot.instanceId);
    slot.mapped?.remove();
    slot.mapped = undefined;
    monitoring.removeWorkload(slot.monitoringId);
    slot.monitoringId = undefined;
    slot.pkg = undefined;
    slot.error = undefined;
    slot.resumeAtBoot = false;
  }
}
