/**
 * What the embServe tests share: a clock they drive by hand, a board whose sensors they
 * set, FITA-style packages, and a full object tree with the runtime on it. Test-only; not
 * exported from the folder's index.
 */
import { defaultRegistry, singleResource, type LwM2mNode, type ResponseCode } from '../../lwm2m/index.js';
import { createStandardObjects, NRF52840_PROFILE, seededRandom, type Clock, type DeviceProfile, type ObjectTree, type ObjectTreeEvents, type TimerHandle } from '../objects/index.js';
import type { SensorSource } from './contracts.js';
import { EmbServeRuntime, type EmbServeRuntimeOptions } from './embserve-runtime.js';

export const models = defaultRegistry();

/** Timers fire only when the test advances time. */
export class ManualClock implements Clock {
  #now = Date.UTC(2025, 0, 1);
  #next = 0;
  readonly #timers = new Map<number, { at: number; callback: () => void }>();

  now(): number {
    return this.#now;
  }

  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    const id = ++this.#next;
    this.#timers.set(id, { at: this.#now + Math.max(0, delayMs), callback });
    return id;
  }

  clearTimeout(handle: TimerHandle): void {
    this.#timers.delete(handle as number);
  }

  /** Moves time forward, firing due timers in order. */
  advance(ms: number): void {
    const end = this.#now + ms;
    for (;;) {
      const due = [...this.#timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
      if (due === undefined) break;
      this.#timers.delete(due[0]);
      this.#now = due[1].at;
      due[1].callback();
    }
    this.#now = end;
  }

  pendingTimers(): number {
    return this.#timers.size;
  }
}

/** A board whose sensor readings the test sets, keyed `object/resource`. */
export class FakeSensors implements SensorSource {
  readonly values = new Map<string, number>();

  set(objectId: number, resourceId: number, value: number): void {
    this.values.set(`${objectId}/${resourceId}`, value);
  }

  sample(objectId: number, resourceId = 5700): number | undefined {
    return this.values.get(`${objectId}/${resourceId}`);
  }
}

/** A 1 KB stand-in for a native module, base64. */
export const MODULE_BASE64 = Buffer.alloc(1024, 7).toString('base64');

/** FITA's temperature service.json, with `changes` merged in. */
export function temperatureService(changes: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'temperature',
    version: '1.0.0',
    data_model: ['lwm2m:urn:oma:lwm2m:ext:3303'],
    service: MODULE_BASE64,
    dependencies: { sdk_api: 1 },
    inputs: [],
    outputs: [{ key: 'temp', type: 1, data_model_mapping: ['lwm2m:3303/x/5700'] }],
    ...changes,
  };
}

export function bytesOf(value: unknown): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(value));
}

export interface Board {
  readonly tree: ObjectTree;
  readonly runtime: EmbServeRuntime;
  readonly clock: ManualClock;
  readonly sensors: FakeSensors;
}

/** Standard objects plus the runtime, on a hand-driven clock with seeded randomness. */
export function board(options: Partial<EmbServeRuntimeOptions> & { profile?: DeviceProfile } = {}): Board {
  const clock = new ManualClock();
  const sensors = new FakeSensors();
  const profile = options.profile ?? NRF52840_PROFILE;
  const { tree } = createStandardObjects({ endpoint: 'node-1', lifetimeS: 300, serverUri: 'coap://127.0.0.1:5683', profile, clock, random: seededRandom(7), models });
  const runtime = new EmbServeRuntime({ tree, models, profile, clock, sensors, random: seededRandom(11), ...options });
  return { tree, runtime, clock, sensors };
}

/** What a LwM2M server does, step by step. */
export const server = {
  create(tree: ObjectTree): number {
    const { code, instanceId } = tree.create([9], { resources: new Map() });
    if (code !== '2.01' || instanceId === undefined) throw new Error(`create answered ${code}`);
    return instanceId;
  },
  writePackage(tree: ObjectTree, id: number, bytes: Uint8Array): ResponseCode {
    return tree.write([9, id, 2], singleResource(2, 'opaque', bytes), 'replace').code;
  },
  writeUri(tree: ObjectTree, id: number, uri: string): ResponseCode {
    return tree.write([9, id, 3], singleResource(3, 'string', uri), 'replace').code;
  },
  execute(tree: ObjectTree, id: number, resourceId: number, args?: string): ResponseCode {
    return tree.execute([9, id, resourceId], args).code;
  },
  /** Create, Write Package, Install, Activate: FITA's four steps; returns the instance id. */
  deploy(tree: ObjectTree, service: Record<string, unknown> = temperatureService()): number {
    const id = server.create(tree);
    for (const [step, code] of [
      ['write', server.writePackage(tree, id, bytesOf(service))],
      ['install', server.execute(tree, id, 4)],
      ['activate', server.execute(tree, id, 10)],
    ] as const) {
      if (code !== '2.04') throw new Error(`${step} answered ${code}`);
    }
    return id;
  },
};

export function value(tree: ObjectTree, path: readonly [number, number, number]): unknown {
  return tree.read(path).node?.kind === 'single' ? (tree.read(path).node as { value: unknown }).value : undefined;
}

/** Everything a server could read, as text, for before/after comparisons. */
export function snapshot(tree: ObjectTree, except: readonly string[] = []): string {
  const objects: Record<string, LwM2mNode | undefined> = {};
  for (const objectId of tree.registeredObjects().objects.keys()) objects[objectId] = tree.read([objectId]).node;
  const text = JSON.stringify(objects, (_key, v: unknown) => {
    if (v instanceof Map) return Object.fromEntries(v);
    if (v instanceof Uint8Array) return Buffer.from(v).toString('hex');
    if (typeof v === 'bigint') return v.toString();
    return v;
  });
  const parsed = JSON.parse(text) as Record<string, { instances: Record<string, { resources: Record<string, unknown> }> }>;
  for (const path of except) {
    const [o, i, r] = path.split('/').filter(Boolean);
    if (o && i && r) delete parsed[o]?.instances[i]?.resources[r];
  }
  return JSON.stringify(parsed);
}

/**
 * Counts the observations and event listeners taken on `tree` from now on and not yet
 * given back, so a test can prove nothing is left behind.
 */
export function trackSubscriptions(tree: ObjectTree): () => number {
  let live = 0;
  const counted = (release: () => void): (() => void) => {
    live += 1;
    let released = false;
    return () => {
      if (!released) live -= 1;
      released = true;
      release();
    };
  };
  const observe = tree.observe.bind(tree);
  const on = tree.on.bind(tree);
  tree.observe = (path, listener, onEnd) => {
    const result = observe(path, listener, onEnd);
    return result.cancel === undefined ? result : { ...result, cancel: counted(result.cancel) };
  };
  tree.on = ((event: 'objectsChanged', listener: ObjectTreeEvents['objectsChanged']) => counted(on(event, listener))) as ObjectTree['on'];
  return () => live;
}
