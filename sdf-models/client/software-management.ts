import { z } from 'zod';
import { invalidInput } from '../../errors/index.js';
import { parseShape } from '../contract/payloads.js';
import { isValidThingName } from '../contract/topics.js';
import { SOFTWARE_UPDATE_STATE as STATE } from './software-management-codes.js';
import { MAX_INSTANCE_ID, createWorkloadInstance } from './software-management-create.js';
import { activateWorkload, deliverPackage, installPackage, type SettleTimings } from './software-management-deploy.js';
import { KeyedSerializer } from './software-management-lock.js';
import { readWorkload, readWorkloads, requireWorkload } from './software-management-read.js';
import { SoftwareManagementRequests, workloadLabel, type SdfRequester, type WorkloadRef } from './software-management-requests.js';
import { SOFTWARE_MANAGEMENT_SDF as S, type WorkloadStatus } from './software-management-status.js';

/** The pino methods used here; a pino Logger fits. */
export interface SoftwareManagementLogger {
  warn(details: object, message: string): void;
}

export interface SoftwareManagementClientOptions {
  /** How long a deployment waits for the device to leave a transitional state (verifying, installing, starting), ms. Default 30 000. */
  readonly settleTimeoutMs?: number;
  /** Pause between reads while waiting, ms. Default 200. */
  readonly pollIntervalMs?: number;
  /** How long each request waits for its reply, ms. Default: the SdfClient's requestTimeoutMs. */
  readonly requestTimeoutMs?: number;
  /** Told when removing a failed deployment fails as well. Default none. */
  readonly logger?: SoftwareManagementLogger;
}

export interface DeployOptions {
  /** The Software Management instance to create; it must not exist. Default: the lowest id the thing does not use. */
  readonly instance?: number;
  /** Execute Activate after Install. Default true. */
  readonly activate?: boolean;
  /** Leave the instance on the device when a step after the create fails, to inspect it. Default false: it is removed again. */
  readonly keepOnFailure?: boolean;
  /** Aborting it rejects with FarsideError CANCELLED (and removes what was created). Default none. */
  readonly signal?: AbortSignal;
  /**
   * Called with the new instance id before the package is written, so that the caller can
   * record it first (the kubelet annotates the pod): a crash after that leaves no workload
   * nobody knows of. A rejection removes the instance again and rejects the deploy with it.
   */
  readonly onCreated?: (instance: number) => Promise<void>;
}

/** The options of the calls that read or change one workload. */
export interface WorkloadCallOptions {
  readonly signal?: AbortSignal;
}

const millis = z.number().int().min(1).max(2 ** 31 - 1);
const clientOptionsSchema = z.object({
  settleTimeoutMs: millis.default(30_000),
  pollIntervalMs: millis.default(200),
  requestTimeoutMs: millis.optional(),
});
const instanceSchema = z.number().int().min(0).max(MAX_INSTANCE_ID);
const deployOptionsSchema = z.object({ instance: instanceSchema.optional(), activate: z.boolean().default(true), keepOnFailure: z.boolean().default(false) });

function workloadRef(thing: string, instance: number): WorkloadRef {
  if (!isValidThingName(thing)) throw invalidInput(`${JSON.stringify(thing)} is not a thing name`);
  return { thing, instance: parseShape(instanceSchema, instance, 'the Software Management instance id') };
}

/**
 * Workloads on devices through LwM2M Software Management (object 9) over SDF on MQTT: the
 * FITA deployment (create, Package, Install, Activate) with its failures explained, and
 * status with Software_Package_Monitoring (35003). What the kubelet and the CLI use.
 * Failed calls reject with FarsideError (SoftwareManagementError when a reply or an
 * Update Result says why); transport failures as the SdfClient reports them.
 */
export class SoftwareManagementClient {
  readonly #requests: SoftwareManagementRequests;
  readonly #timings: SettleTimings;
  readonly #logger: SoftwareManagementLogger | undefined;
  readonly #creating = new KeyedSerializer();

  constructor(sdf: SdfRequester, options: SoftwareManagementClientOptions = {}) {
    const { settleTimeoutMs, pollIntervalMs, requestTimeoutMs } = parseShape(clientOptionsSchema, options, 'SoftwareManagementClient options');
    this.#requests = new SoftwareManagementRequests(sdf, requestTimeoutMs === undefined ? {} : { timeoutMs: requestTimeoutMs });
    this.#timings = { timeoutMs: settleTimeoutMs, pollIntervalMs };
    this.#logger = options.logger;
  }

  /**
   * Deploys `serviceJson` (embServe's service.json) as a new workload and resolves with its
   * status. A package the device refuses rejects with INVALID_INPUT naming its Update
   * Result; after any failure past the create, the instance is removed again unless
   * `keepOnFailure`, so no half-installed workload stays on the device.
   */
  async deploy(thing: string, serviceJson: Uint8Array, options: DeployOptions = {}): Promise<WorkloadStatus> {
    if (!isValidThingName(thing)) throw invalidInput(`${JSON.stringify(thing)} is not a thing name`);
    if (!(serviceJson instanceof Uint8Array) || serviceJson.length === 0) throw invalidInput('the package is empty');
    const { instance, activate, keepOnFailure } = parseShape(deployOptionsSchema, options, 'deploy options');
    const requests = this.#requests.withSignal(options.signal);
    const ref = await this.#creating.run(thing, () => createWorkloadInstance(requests, thing, instance));
    try {
      await options.onCreated?.(ref.instance);
      await deliverPackage(requests, ref, serviceJson, this.#timings);
      await installPackage(requests, ref, this.#timings);
      if (activate) return await activateWorkload(requests, ref, this.#timings);
      return await requireWorkload(requests, ref, 'with-monitoring');
    } catch (err) {
      if (!keepOnFailure) await this.#rollBack(ref, err);
      throw err;
    }
  }

  /** The workload in `instance`; NOT_FOUND when there is none. */
  async status(thing: string, instance: number, options: WorkloadCallOptions = {}): Promise<WorkloadStatus> {
    return requireWorkload(this.#requests.withSignal(options.signal), workloadRef(thing, instance), 'with-monitoring');
  }

  /** Every Software Management instance of `thing` by id, including ones that hold no package. */
  async list(thing: string, options: WorkloadCallOptions = {}): Promise<WorkloadStatus[]> {
    if (!isValidThingName(thing)) throw invalidInput(`${JSON.stringify(thing)} is not a thing name`);
    return readWorkloads(this.#requests.withSignal(options.signal), thing);
  }

  /** Starts an installed workload (nothing happens when it runs); NOT_ALLOWED when it is not installed. */
  async activate(thing: string, instance: number, options: WorkloadCallOptions = {}): Promise<WorkloadStatus> {
    const ref = workloadRef(thing, instance);
    const requests = this.#requests.withSignal(options.signal);
    await requests.executeOk(ref, S.ACTIVATE);
    return requireWorkload(requests, ref, 'with-monitoring');
  }

  /** Stops a running workload; it stays installed. */
  async deactivate(thing: string, instance: number, options: WorkloadCallOptions = {}): Promise<WorkloadStatus> {
    const ref = workloadRef(thing, instance);
    const requests = this.#requests.withSignal(options.signal);
    await requests.executeOk(ref, S.DEACTIVATE);
    return requireWorkload(requests, ref, 'with-monitoring');
  }

  /**
   * Deactivates, uninstalls and deletes the workload in `instance`. Idempotent: resolves
   * false when the instance does not exist; NOT_FOUND only when the thing (or its object 9) does not.
   */
  async remove(thing: string, instance: number, options: WorkloadCallOptions = {}): Promise<boolean> {
    return this.#remove(this.#requests.withSignal(options.signal), workloadRef(thing, instance));
  }

  async #remove(requests: SoftwareManagementRequests, ref: WorkloadRef): Promise<boolean> {
    const status = await readWorkload(requests, ref, 'state-only');
    if (status === undefined) {
      // Throws NOT_FOUND when the thing itself is unknown: that is not "already removed".
      await requests.softwareInstances(ref.thing);
      return false;
    }
    // The delete alone frees everything on embServe; stopping first is kinder to devices that do not.
    if (status.active) await requests.execute(ref, S.DEACTIVATE);
    if (status.updateState === STATE.DELIVERED || status.updateState === STATE.INSTALLED) await requests.execute(ref, S.UNINSTALL);
    return requests.delete(ref);
  }

  async #rollBack(ref: WorkloadRef, failure: unknown): Promise<void> {
    try {
      // Without the caller's signal: a cancelled deployment must still be cleaned up.
      await this.#remove(this.#requests, ref);
    } catch (err) {
      this.#logger?.warn({ err, failure, thing: ref.thing, instance: ref.instance }, `could not remove ${workloadLabel(ref)} after a failed deployment`);
    }
  }
}
