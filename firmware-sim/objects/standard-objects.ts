/**
 * A ready object tree for a simulated embServe node: Security, Server, Device and
 * Connectivity Monitoring with plausible values; each tick moves the radio link's RSSI
 * and drains the battery. Free memory (/3/0/10) is left to the part that accounts it.
 * Nothing runs until `start()`.
 */
import { z } from 'zod';
import { invalidInput } from '../../lwm2m/errors.js';
import type { ModelLookup } from '../../lwm2m/model.js';
import { defaultRegistry } from '../../lwm2m/registry/index.js';
import { OBJECT_ID } from './access.js';
import { SYSTEM_CLOCK, type Clock, type TimerHandle } from './clock.js';
import { NRF52840_PROFILE, type DeviceProfile } from './device-profile.js';
import { instanceFromValues } from './instance-values.js';
import { ObjectTree } from './object-tree.js';
import { rssiDbm, TxPowerSetting, type RadioControl } from './radio.js';
import { initialSensorState, nextSensorState } from './sensor-model.js';
import {
  connectivitySensorValues,
  connectivityValues,
  deviceSensorValues,
  deviceValues,
  securityValues,
  serverValues,
  type SensorState,
} from './standard-instances.js';
import { DEVICE_RESOURCE } from './standard-resources.js';

export interface StandardObjectsOptions {
  /** LwM2M endpoint client name; the serial number and IPv6 address derive from it. */
  readonly endpoint: string;
  /** Registration lifetime, s (Server /1/0/1). */
  readonly lifetimeS: number;
  /** LwM2M server URI, e.g. `coap://gateway:5683` (Security /0/0/0). */
  readonly serverUri: string;
  /** Board description; fields left out come from NRF52840_PROFILE. */
  readonly profile?: Partial<DeviceProfile>;
  /** Uniform random numbers in [0, 1); pass a seeded one (seededRandom) to replay a run. Default: Math.random. */
  readonly random?: () => number;
  /** Wall clock, ms since the epoch (Current Time, battery drain). Default: `clock.now`. */
  readonly now?: () => number;
  /** Timers for ticks and notifications. Default: the global timers. */
  readonly clock?: Clock;
  /** Object models. Default: defaultRegistry(). */
  readonly models?: ModelLookup;
  /** Time between ticks once started, ms. Default: 5000. */
  readonly tickIntervalMs?: number;
  /**
   * Objects the device implements with no instance at first, so a server may create them.
   * Default: Data_Route (35001), which embServe uses for workload routes, when the models know it.
   */
  readonly emptyObjects?: readonly number[];
}

/** Called on each tick with the time since the previous one, ms (0 or more). */
export type TickListener = (elapsedMs: number) => void;

export interface StandardObjects {
  readonly tree: ObjectTree;
  /** The radio's TX power (the TX_PWR knob); a change shows in /4/0/2 and /4/0/3 at once. */
  readonly radio: RadioControl;
  /** Moves the simulated quantities one step, notifies observers of what changed, then calls the tick listeners. */
  tick(): void;
  /** Lets other simulated parts (e.g. a sensor bank) move on the same ticks; returns a function that removes the listener. */
  onTick(listener: TickListener): () => void;
  /** Ticks every `tickIntervalMs` until `stop()`. Idempotent. */
  start(): void;
  /** Stops ticking. Idempotent. */
  stop(): void;
  /** Stops ticking and closes the tree (ends observations and their timers). */
  close(): void;
}

const DEFAULT_TICK_INTERVAL_MS = 5000;
const DATA_ROUTE_OBJECT_ID = 35001;

const scalarOptions = z.object({
  endpoint: z.string().min(1),
  lifetimeS: z.number().int().positive(),
  serverUri: z.string().min(1),
  tickIntervalMs: z.number().positive().optional(),
});

function validated(options: StandardObjectsOptions): void {
  const result = scalarOptions.safeParse(options);
  if (!result.success) throw invalidInput(`standard objects: ${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
}

export function createStandardObjects(options: StandardObjectsOptions): StandardObjects {
  validated(options);
  const profile: DeviceProfile = { ...NRF52840_PROFILE, ...options.profile };
  const models = options.models ?? defaultRegistry();
  const clock = options.clock ?? SYSTEM_CLOCK;
  const random = options.random ?? Math.random;
  const now = options.now ?? (() => clock.now());
  const tickIntervalMs = options.tickIntervalMs ?? DEFAULT_TICK_INTERVAL_MS;
  const tree = new ObjectTree({ models, clock });

  let state: SensorState = initialSensorState(profile);
  const radio = new TxPowerSetting(profile.txPowerAtBoot, () => publishRssi());
  tree.addInstance(OBJECT_ID.SECURITY, instanceFromValues(models, OBJECT_ID.SECURITY, 0, securityValues(options.serverUri)));
  tree.addInstance(OBJECT_ID.SERVER, instanceFromValues(models, OBJECT_ID.SERVER, 0, serverValues(options.lifetimeS)));
  tree.addInstance(OBJECT_ID.DEVICE, instanceFromValues(models, OBJECT_ID.DEVICE, 0, deviceValues(profile, options.endpoint, state)));
  tree.addInstance(
    OBJECT_ID.CONNECTIVITY_MONITORING,
    instanceFromValues(models, OBJECT_ID.CONNECTIVITY_MONITORING, 0, connectivityValues(profile, options.endpoint, rssiDbm(profile, state.linkDbm, radio.txPower()))),
  );
  const publishRssi = (): void => {
    const rssi = rssiDbm(profile, state.linkDbm, radio.txPower());
    for (const [id, value] of connectivitySensorValues(rssi)) tree.setValue([OBJECT_ID.CONNECTIVITY_MONITORING, 0, id], value);
  };

  const emptyObjects = options.emptyObjects ?? [DATA_ROUTE_OBJECT_ID].filter((id) => models.object(id) !== undefined);
  for (const objectId of emptyObjects) tree.supportObject(objectId);

  // Current Time follows the wall clock; a server write shifts the device's idea of it.
  let timeOffsetMs = 0;
  tree.bindValue([OBJECT_ID.DEVICE, 0, DEVICE_RESOURCE.CURRENT_TIME], {
    read: () => new Date(Math.floor((now() + timeOffsetMs) / 1000) * 1000),
    write: (value) => {
      if (value instanceof Date) timeOffsetMs = value.getTime() - now();
    },
  });

  const tickListeners = new Set<TickListener>();
  let lastTickAt = now();
  const tick = (): void => {
    const at = now();
    const elapsedMs = Math.max(0, at - lastTickAt);
    state = nextSensorState(profile, state, elapsedMs, random);
    lastTickAt = at;
    for (const [id, value] of deviceSensorValues(state)) tree.setValue([OBJECT_ID.DEVICE, 0, id], value);
    publishRssi();
    for (const listener of [...tickListeners]) listener(elapsedMs);
  };

  let timer: TimerHandle | undefined;
  const schedule = (): void => {
    timer = clock.setTimeout(() => {
      tick();
      schedule();
    }, tickIntervalMs);
  };
  const stop = (): void => {
    if (timer !== undefined) clock.clearTimeout(timer);
    timer = undefined;
  };

  return {
    tree,
    radio,
    tick,
    onTick: (listener) => {
      // A wrapper, so that the same function added twice is removed once per call.
      const entry: TickListener = (elapsedMs) => listener(elapsedMs);
      tickListeners.add(entry);
      return () => void tickListeners.delete(entry);
    },
    start: () => {
      if (timer === undefined) schedule();
    },
    stop,
    close: () => {
      stop();
      tree.close();
    },
  };
}
