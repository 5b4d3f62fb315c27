import type { SdfInstance, SdfResponse } from '../contract/payloads.js';
import { SDF_RESPONSE_CODE, isSdfSuccess } from '../contract/response-code.js';
import type { SdfTopic } from '../contract/topics.js';
import type { SdfRequestOptions } from './options.js';
import type { SdfClient } from './sdf-client.js';
import { errorFromSdfReply } from './software-management-errors.js';
import { PACKAGE_MONITORING_SDF, SOFTWARE_MANAGEMENT_SDF as S } from './software-management-status.js';

/** What Software Management needs of an SdfClient: its requests (so tests and adapters can stand in). */
export type SdfRequester = Pick<SdfClient, 'request'>;

export type SoftwareAction = typeof S.INSTALL | typeof S.UNINSTALL | typeof S.ACTIVATE | typeof S.DEACTIVATE;

/** A Software Management instance of a thing, as requests name it. */
export interface WorkloadRef {
  readonly thing: string;
  readonly instance: number;
}

/** How messages name a workload: "dev/LWM2M_Software_Management/0". */
export const workloadLabel = (ref: WorkloadRef): string => `${ref.thing}/${S.OBJECT}/${ref.instance}`;

/**
 * The single SDF requests behind Software Management (sdf-models/CONTRACT.md "Topics"),
 * each turning an error reply into a SoftwareManagementError. Values go out in compat
 * form (opaque as lowercase hex), which NextGenGW and farside's gateway both read.
 */
export class SoftwareManagementRequests {
  constructor(
    private readonly sdf: SdfRequester,
    private readonly options: SdfRequestOptions = {},
  ) {}

  /** What cancels these requests, if anything. */
  get signal(): AbortSignal | undefined {
    return this.options.signal;
  }

  /** The same requests, cancelled by `signal`. */
  withSignal(signal: AbortSignal | undefined): SoftwareManagementRequests {
    return signal === undefined ? this : new SoftwareManagementRequests(this.sdf, { ...this.options, signal });
  }

  /** Every instance of object `object` on `thing`; undefined when the gateway answers 4.04 (no such thing or object). */
  async objectInstances(thing: string, object: string): Promise<readonly SdfInstance[] | undefined> {
    const response = await this.#send({ level: 'object', thing, object }, 'GET');
    if (response.response_code === SDF_RESPONSE_CODE.NOT_FOUND) return undefined;
    this.#check(response, `reading ${thing}/${object}`);
    return response.sdfObject?.[object] ?? [];
  }

  /** Every Software Management instance of `thing`; throws NOT_FOUND when the thing or its object 9 is unknown. */
  async softwareInstances(thing: string): Promise<readonly SdfInstance[]> {
    const response = await this.#send({ level: 'object', thing, object: S.OBJECT }, 'GET');
    this.#check(response, `reading ${thing}/${S.OBJECT}`);
    return response.sdfObject?.[S.OBJECT] ?? [];
  }

  /** The monitoring instances of `thing`; empty when it has no object 35003. */
  async monitoringInstances(thing: string): Promise<readonly SdfInstance[]> {
    return (await this.objectInstances(thing, PACKAGE_MONITORING_SDF.OBJECT)) ?? [];
  }

  /** One instance; undefined when the gateway answers 4.04. */
  async softwareInstance(ref: WorkloadRef): Promise<SdfInstance | undefined> {
    const response = await this.#send({ level: 'instance', thing: ref.thing, object: S.OBJECT, instance: String(ref.instance) }, 'GET');
    if (response.response_code === SDF_RESPONSE_CODE.NOT_FOUND) return undefined;
    this.#check(response, `reading ${workloadLabel(ref)}`);
    return response.sdfObject?.[S.OBJECT]?.find((candidate) => candidate.label === String(ref.instance));
  }

  /** Creates the instance; resolves with the reply, so a caller that picked the id can tell a lost race (4.00). */
  create(ref: WorkloadRef): Promise<SdfResponse> {
    return this.#send({ level: 'object', thing: ref.thing, object: S.OBJECT }, 'POST', { label: String(ref.instance) });
  }

  async writePackage(ref: WorkloadRef, pkg: Uint8Array): Promise<void> {
    const topic: SdfTopic = { level: 'property', thing: ref.thing, object: S.OBJECT, instance: String(ref.instance), property: S.PACKAGE };
    this.#check(await this.#send(topic, 'POST', Buffer.from(pkg).toString('hex')), `writing the package to ${workloadLabel(ref)}`);
  }

  /** Executes `action`; resolves with the reply, whatever its code, for callers that explain failures themselves. */
  execute(ref: WorkloadRef, action: SoftwareAction): Promise<SdfResponse> {
    return this.#send({ level: 'action', thing: ref.thing, object: S.OBJECT, instance: String(ref.instance), action }, 'POST');
  }

  /** Executes `action`; throws on an error reply. */
  async executeOk(ref: WorkloadRef, action: SoftwareAction): Promise<void> {
    this.#check(await this.execute(ref, action), `${action} of ${workloadLabel(ref)}`);
  }

  /** Deletes the instance; false when it was already gone (4.04). */
  async delete(ref: WorkloadRef): Promise<boolean> {
    const response = await this.#send({ level: 'instance', thing: ref.thing, object: S.OBJECT, instance: String(ref.instance) }, 'DELETE');
    if (response.response_code === SDF_RESPONSE_CODE.NOT_FOUND) return false;
    this.#check(response, `deleting ${workloadLabel(ref)}`);
    return true;
  }

  #send(topic: SdfTopic, operation: 'GET' | 'POST' | 'DELETE', data?: unknown): Promise<SdfResponse> {
    return this.sdf.request(topic, operation, data, { ...this.options, values: 'compat' });
  }

  #check(response: SdfResponse, what: string): void {
    if (!isSdfSuccess(response.response_code)) throw errorFromSdfReply(response, what);
  }
}
