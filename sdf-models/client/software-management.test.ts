/**
 * SoftwareManagementClient against an in-memory stand-in for the gateway and a device,
 * for what the simulator never does: slow verification, failed installs and
 * activations, sleeping devices, cancellation. test/software-management.test.ts runs
 * the client against the real gateway and simulator.
 */
import { describe, expect, it, vi } from 'vitest';
import { ERROR_CODES, FarsideError } from '../../errors/index.js';
import { errorResponse } from '../contract/error-response.js';
import type { SdfInstance, SdfResponse } from '../contract/payloads.js';
import type { SdfTopic } from '../contract/topics.js';
import type { SdfRequestOptions } from './options.js';
import { SoftwareManagementClient as Client } from './software-management.js';
import type { SdfRequester } from './software-management-requests.js';

const SM = 'LWM2M_Software_Management';

interface Slot {
  state: number;
  result: number;
  active: boolean;
  error: string;
}

/** Object 9 and 35003 of one device behind a gateway, with knobs for the device's behaviour. */
class FakeGateway implements SdfRequester {
  readonly slots = new Map<number, Slot>();
  readonly log: string[] = [];
  /** How many reads after the package write still show DOWNLOAD STARTED. */
  verifyingReads = 0;
  packageResult = { state: 3, result: 3 };
  installResult = { state: 4, result: 2 };
  activate: { code: number; error: string } = { code: 68, error: '' };
  deleteCode = 66;
  onRead: () => void = () => undefined;

  request(topic: SdfTopic | 'things', operation: string, data?: unknown, options: SdfRequestOptions = {}): Promise<SdfResponse> {
    if (options.signal?.aborted) return Promise.reject(new FarsideError(ERROR_CODES.CANCELLED, 'aborted'));
    if (topic === 'things' || topic.level === 'thing') return Promise.resolve(errorResponse(133));
    if (topic.thing === 'asleep') return Promise.resolve(errorResponse(163, 'the device is asleep'));
    if (topic.thing !== 'dev') return Promise.resolve(errorResponse(132, `no thing named ${topic.thing}`));
    const name = topic.level === 'action' ? topic.action : topic.level === 'property' ? topic.property : '';
    this.log.push(`${operation} ${topic.level === 'object' ? topic.object : `${topic.instance}${name === '' ? '' : ` ${name}`}`}`);
    return Promise.resolve(this.#answer(topic, operation, data));
  }

  #answer(topic: Exclude<SdfTopic, { level: 'thing' }>, operation: string, data: unknown): SdfResponse {
    if (topic.level === 'object' && topic.object === 'Software_Package_Monitoring') return this.#content(topic.object, this.#monitoring());
    if (topic.level === 'object' && operation === 'GET') return this.#content(SM, [...this.slots.keys()].map((id) => this.#instance(id)));
    if (topic.level === 'object') {
      const id = Number((data as { label: string }).label);
      if (this.slots.has(id)) return errorResponse(128);
      this.slots.set(id, { state: 0, result: 0, active: false, error: '' });
      return { response_code: 65 };
    }
    const id = Number(topic.instance);
    const slot = this.slots.get(id);
    if (slot === undefined) return errorResponse(132);
    if (topic.level === 'instance' && operation === 'DELETE') {
      if (this.deleteCode === 66) this.slots.delete(id);
      return this.deleteCode === 66 ? { response_code: 66 } : errorResponse(this.deleteCode);
    }
    if (topic.level === 'instance') {
      this.onRead();
      if (this.verifyingReads > 0 && this.verifyingReads-- > 0) return this.#content(SM, [{ ...this.#instance(id), sdfProperty: { ...this.#instance(id).sdfProperty, Update_State: '1' } }]);
      return this.#content(SM, [this.#instance(id)]);
    }
    if (topic.level === 'property') Object.assign(slot, this.packageResult);
    else if (topic.action === 'Install') Object.assign(slot, this.installResult);
    else if (topic.action === 'Activate') {
      slot.error = this.activate.error;
      if (this.activate.code !== 68) return errorResponse(this.activate.code);
      slot.active = true;
    } else if (topic.action === 'Deactivate') slot.active = false;
    else if (topic.action === 'Uninstall') Object.assign(slot, { state: 0, result: 0, active: false });
    return { response_code: 68 };
  }

  #instance(id: number): SdfInstance {
    const slot = this.slots.get(id)!;
    const sdfProperty = { PkgName: slot.state >= 3 ? 'svc' : '', PkgVersion: '1', Update_State: String(slot.state), Update_Result: String(slot.result), Activation_State: String(slot.active) };
    return { label: String(id), sdfProperty };
  }

  #monitoring(): SdfInstance[] {
    return [...this.slots].map(([id, slot]) => ({
      label: String(id + 1),
      sdfProperty: { Sofware_Package: `${SM}/${id}`, CPU_Usage: slot.active ? '5' : '0', Memory_Usage: '0', Uptime: '0', Error: slot.error },
    }));
  }

  #content(object: string, instances: SdfInstance[]): SdfResponse {
    return { response_code: 69, sdfObject: { [object]: instances } };
  }
}

const pkg = new TextEncoder().encode('{"name":"svc"}');
const fast = { pollIntervalMs: 1 };

async function rejection(promise: Promise<unknown>): Promise<FarsideError> {
  try {
    await promise;
  } catch (err) {
    return err as FarsideError;
  }
  throw new Error('expected a rejection');
}

describe('SoftwareManagementClient', () => {
  it('waits while the device is still verifying the package, then installs and activates it', async () => {
    const gateway = Object.assign(new FakeGateway(), { verifyingReads: 2 });
    const status = await new Client(gateway, fast).deploy('dev', pkg);
    expect(status).toMatchObject({ instance: 0, updateStateName: 'INSTALLED', active: true, monitoring: { cpuPercent: 5 } });
    expect(gateway.log.filter((line) => line === 'GET 0')).toHaveLength(5);
  });

  it('removes the instance again when Install fails, and says why with the Update Result', async () => {
    const gateway = Object.assign(new FakeGateway(), { installResult: { state: 3, result: 58 } });
    const err = await rejection(new Client(gateway, fast).deploy('dev', pkg));
    expect(err).toMatchObject({ code: ERROR_CODES.INTERNAL, updateResult: 58, message: 'the device could not install the package: 58 installation failure (the device could not install the delivered package)' });
    expect(gateway.slots.size).toBe(0);
    expect(gateway.log.slice(-2)).toEqual(['POST 0 Uninstall', 'DELETE 0']);
  });

  it("explains a refused Activate with the workload's monitoring error, and removes it", async () => {
    const gateway = Object.assign(new FakeGateway(), { activate: { code: 160, error: 'out of memory (need 300 KB, 120 KB free)' } });
    const err = await rejection(new Client(gateway, fast).deploy('dev', pkg));
    expect(err).toMatchObject({ code: ERROR_CODES.INTERNAL, responseCode: 160, message: 'the device could not activate the workload: out of memory (need 300 KB, 120 KB free)' });
    expect(gateway.slots.size).toBe(0);
  });

  it('tells the caller the new instance before writing the package, and removes the instance when the caller refuses it', async () => {
    const gateway = new FakeGateway();
    const seen: number[] = [];
    await new Client(gateway, fast).deploy('dev', pkg, { onCreated: async (instance) => void seen.push(instance) });
    expect(seen).toEqual([0]);
    const refusing = new FakeGateway();
    const err = await rejection(new Client(refusing, fast).deploy('dev', pkg, { onCreated: () => Promise.reject(new FarsideError(ERROR_CODES.CANCELLED, 'pod deleted')) }));
    expect(err).toMatchObject({ code: ERROR_CODES.CANCELLED, message: 'pod deleted' });
    expect(refusing.slots.size).toBe(0);
    expect(refusing.log.some((line) => line.includes('Package'))).toBe(false);
  });

  it('keeps a refused package on the device when asked to', async () => {
    const gateway = Object.assign(new FakeGateway(), { packageResult: { state: 0, result: 53 } });
    const err = await rejection(new Client(gateway, fast).deploy('dev', pkg, { keepOnFailure: true }));
    expect(err).toMatchObject({ code: ERROR_CODES.INVALID_INPUT, updateResult: 53, message: expect.stringContaining('53 integrity check failure') as unknown });
    expect([...gateway.slots.keys()]).toEqual([0]);
  });

  it('reports a sleeping device as DEVICE_UNAVAILABLE, with the reply code', async () => {
    const err = await rejection(new Client(new FakeGateway(), fast).list('asleep'));
    expect(err).toMatchObject({ code: ERROR_CODES.DEVICE_UNAVAILABLE, responseCode: 163 });
  });

  it('gives up with TIMEOUT when the device never finishes verifying, and removes what it created', async () => {
    const gateway = Object.assign(new FakeGateway(), { verifyingReads: Number.MAX_SAFE_INTEGER });
    const err = await rejection(new Client(gateway, { settleTimeoutMs: 20, pollIntervalMs: 5 }).deploy('dev', pkg));
    expect(err).toMatchObject({ code: ERROR_CODES.TIMEOUT, message: `dev/${SM}/0 stayed in Update State 1 DOWNLOAD STARTED for 20 ms` });
    expect(gateway.slots.size).toBe(0);
  });

  it('stops a deployment when its signal aborts, and still removes what it created', async () => {
    const controller = new AbortController();
    const gateway = Object.assign(new FakeGateway(), { verifyingReads: Number.MAX_SAFE_INTEGER, onRead: () => controller.abort() });
    const err = await rejection(new Client(gateway, fast).deploy('dev', pkg, { signal: controller.signal }));
    expect(err).toMatchObject({ code: ERROR_CODES.CANCELLED });
    expect(gateway.slots.size).toBe(0);
  });

  it('reports the deployment failure, and logs a warning, when removing the instance fails too', async () => {
    const gateway = Object.assign(new FakeGateway(), { packageResult: { state: 0, result: 54 }, deleteCode: 160 });
    const warn = vi.fn();
    const err = await rejection(new Client(gateway, { ...fast, logger: { warn } }).deploy('dev', pkg));
    expect(err).toMatchObject({ updateResult: 54 });
    expect(warn).toHaveBeenCalledWith(expect.objectContaining({ instance: 0 }), `could not remove dev/${SM}/0 after a failed deployment`);
  });

  it('deactivates and uninstalls a running workload before deleting it', async () => {
    const gateway = new FakeGateway();
    const client = new Client(gateway, fast);
    await client.deploy('dev', pkg, { instance: 4 });
    gateway.log.length = 0;
    expect(await client.remove('dev', 4)).toBe(true);
    expect(gateway.log).toEqual(['GET 4', 'POST 4 Deactivate', 'POST 4 Uninstall', 'DELETE 4']);
  });

  it('refuses options that make no sense before sending anything', async () => {
    const gateway = new FakeGateway();
    expect(() => new Client(gateway, { pollIntervalMs: -1 })).toThrow(/pollIntervalMs/);
    expect(await rejection(new Client(gateway).deploy('dev', pkg, { instance: 1.5 }))).toMatchObject({ code: ERROR_CODES.INVALID_INPUT });
    expect(await rejection(new Client(gateway).remove('dev', -1))).toMatchObject({ code: ERROR_CODES.INVALID_INPUT });
    expect(gateway.log).toEqual([]);
  });
});
