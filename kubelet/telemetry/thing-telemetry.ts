import { ERROR_CODES, isFarsideError } from '../../errors/index.js';
import { isSdfSuccess, type SdfClient, type SdfInstance, type SdfNotification, type SdfObjects, type SdfObservableTopic, type SdfObservation, type SdfResponse, type SdfThing } from '../../sdf-models/index.js';
import { CONNECTIVITY_SDF, isSensorInstance, radioFromSdf, sensorsFromSdf, WORKLOAD_OBJECTS, workloadsFromSdf } from './readings.js';
import type { TelemetryStore } from './telemetry-store.js';

/** What a thing's telemetry needs of an SdfClient. */
export type ThingTelemetrySource = Pick<SdfClient, 'request' | 'observe'>;

/** Why a device request failed, as the `reason` label of farside_telemetry_errors_total. */
export type TelemetryFailure = 'timeout' | 'unreachable' | 'error_reply' | 'invalid_reply' | 'internal';

export interface ThingTelemetryOptions {
  readonly thing: string;
  readonly source: ThingTelemetrySource;
  readonly store: TelemetryStore;
  /** Per request, ms. Default: the client's. */
  readonly requestTimeoutMs?: number;
  /** Told about every failed request; counting is done here. */
  readonly onFailure: (thing: string, reason: TelemetryFailure, detail: object, message: string) => void;
}

/** `observing` until the gateway refuses the observation; then `polling` reads it every interval instead. */
interface Watched {
  readonly topic: SdfObservableTopic;
  state: 'wanted' | 'observing' | 'polling';
  observation?: SdfObservation;
}

/**
 * The telemetry of one thing: observes its radio (Connectivity_Monitoring/0) and its IPSO
 * sensor instances, falls back to reading them every interval where observing is refused,
 * and reads its workloads' monitoring every interval. Every device request runs in one
 * queue, so requests to a thing never overlap, and a tick that finds the previous one still
 * busy is skipped. Failures are counted and reported, never thrown.
 */
export class ThingTelemetry {
  readonly #options: ThingTelemetryOptions;
  readonly #watched = new Map<string, Watched>();
  #queue: Promise<void> = Promise.resolve();
  #objects = new Set<string>();
  #ticking = false;
  #closed = false;

  constructor(options: ThingTelemetryOptions) {
    this.#options = options;
  }

  get thing(): string {
    return this.#options.thing;
  }

  /**
   * The thing's description (announce, or GET of the thing when the watcher reconciles):
   * takes its values and follows its instances. Observations already in place are set up
   * again too: an announce also follows a device's re-registration and a gateway's
   * reconnection, after which the old observations may be gone without notice.
   */
  describe(objects: SdfObjects): void {
    if (this.#closed) return;
    const { store, thing } = this.#options;
    this.#objects = new Set(Object.keys(objects));
    this.#apply(objects);
    const sensorKeys = new Set<string>();
    const wanted = new Map<string, SdfObservableTopic>();
    if (objects[CONNECTIVITY_SDF.OBJECT]?.some((i) => i.label === CONNECTIVITY_SDF.INSTANCE)) {
      wanted.set(`${CONNECTIVITY_SDF.OBJECT}/${CONNECTIVITY_SDF.INSTANCE}`, { level: 'instance', thing, object: CONNECTIVITY_SDF.OBJECT, instance: CONNECTIVITY_SDF.INSTANCE });
    }
    for (const [object, instances] of Object.entries(objects)) {
      for (const instance of instances.filter(isSensorInstance)) {
        sensorKeys.add(`${object}/${instance.label}`);
        wanted.set(`${object}/${instance.label}`, { level: 'instance', thing, object, instance: instance.label });
      }
    }
    store.retainSensors(thing, sensorKeys);
    for (const [key, topic] of wanted) if (!this.#watched.has(key)) this.#watched.set(key, { topic, state: 'wanted' });
    for (const [key, watched] of this.#watched) {
      if (wanted.has(key)) continue;
      this.#watched.delete(key);
      this.#enqueue(() => this.#unobserve(watched));
    }
    this.reobserve();
  }

  /** One interval: observations not yet in place, reads of what cannot be observed, monitoring. Skipped while the last one runs. */
  tick(): void {
    if (this.#closed || this.#ticking) return;
    this.#ticking = true;
    this.#enqueue(async () => {
      try {
        await this.#observeWanted();
        for (const watched of this.#watched.values()) if (watched.state === 'polling') await this.#poll(watched);
        await this.#readWorkloads();
      } finally {
        this.#ticking = false;
      }
    });
  }

  /**
   * Stops each observation (a no-op at a gateway that lost it) and starts it again: after
   * the MQTT connection came back, the gateway may have restarted meanwhile.
   */
  reobserve(): void {
    if (this.#closed) return;
    this.#enqueue(async () => {
      for (const watched of this.#watched.values()) {
        if (watched.state === 'observing') await this.#unobserve(watched);
        watched.state = 'wanted';
      }
      await this.#observeWanted();
    });
  }

  /** Stops its observations; resolves once its queue is idle. Idempotent. */
  close(): Promise<void> {
    if (!this.#closed) {
      this.#closed = true;
      const watched = [...this.#watched.values()];
      this.#watched.clear();
      // Not through #enqueue: that skips work once closed.
      this.#queue = this.#queue.then(async () => {
        for (const w of watched) await this.#unobserve(w);
      });
    }
    return this.#queue;
  }

  async #observeWanted(): Promise<void> {
    for (const watched of this.#watched.values()) {
      if (watched.state !== 'wanted' || this.#closed) continue;
      const observation = await this.#attempt(`observing ${topicLabel(watched.topic)}`, () =>
        this.#options.source.observe(watched.topic, (notification) => this.#onNotification(notification), this.#requestOptions()),
      );
      if (observation === undefined) continue;
      // Removed or closed meanwhile: stop what just started.
      if (this.#watched.get(topicLabel(watched.topic)) !== watched) {
        await this.#unobserve({ ...watched, state: 'observing', observation });
        continue;
      }
      if (isSdfSuccess(observation.response.response_code)) {
        watched.state = 'observing';
        watched.observation = observation;
        this.#applyReply(observation.response);
      } else {
        watched.state = 'polling';
        this.#failed('error_reply', { topic: topicLabel(watched.topic), responseCode: observation.response.response_code }, `observing ${topicLabel(watched.topic)} was refused (${observation.response.response_code}); reading it every interval instead`);
      }
    }
  }

  async #poll(watched: Watched): Promise<void> {
    const reply = await this.#attempt(`reading ${topicLabel(watched.topic)}`, () => this.#options.source.request(watched.topic, 'GET', undefined, this.#requestOptions()));
    if (reply !== undefined && this.#replyOk(reply, `reading ${topicLabel(watched.topic)}`)) this.#applyReply(reply);
  }

  async #unobserve(watched: Watched): Promise<void> {
    const observation = watched.observation;
    watched.observation = undefined;
    if (watched.state !== 'observing' || observation === undefined) return;
    // The thing may be gone and the reply an error: nothing to count, nobody is watching.
    await observation.stop(this.#requestOptions()).catch(() => undefined);
  }

  async #readWorkloads(): Promise<void> {
    if (!this.#objects.has(WORKLOAD_OBJECTS.SOFTWARE) && !this.#objects.has(WORKLOAD_OBJECTS.MONITORING)) return;
    const software = this.#objects.has(WORKLOAD_OBJECTS.SOFTWARE) ? await this.#readObject(WORKLOAD_OBJECTS.SOFTWARE) : [];
    const monitoring = this.#objects.has(WORKLOAD_OBJECTS.MONITORING) ? await this.#readObject(WORKLOAD_OBJECTS.MONITORING) : [];
    if (software === undefined || monitoring === undefined || this.#closed) return;
    const { store, thing } = this.#options;
    const readings = store.get(thing);
    if (readings === undefined) return;
    try {
      const { workloads, device } = workloadsFromSdf(software, monitoring);
      readings.workloads = workloads;
      readings.device = device;
    } catch (error) {
      this.#failed('invalid_reply', { error }, `the workloads of ${thing} could not be read: ${(error as Error).message}`);
    }
  }

  /** The instances of `object`; undefined when the read failed (already counted). */
  async #readObject(object: string): Promise<readonly SdfInstance[] | undefined> {
    const what = `reading ${this.#options.thing}/${object}`;
    const reply = await this.#attempt(what, () => this.#options.source.request({ level: 'object', thing: this.#options.thing, object }, 'GET', undefined, this.#requestOptions()));
    if (reply === undefined || !this.#replyOk(reply, what)) return undefined;
    return reply.sdfObject?.[object] ?? [];
  }

  #onNotification(notification: SdfNotification): void {
    const body = notification[this.#options.thing];
    if (!this.#closed && typeof body === 'object') this.#apply((body as SdfThing).sdfObject);
  }

  #applyReply(reply: SdfResponse): void {
    if (reply.sdfObject !== undefined) this.#apply(reply.sdfObject);
  }

  #apply(objects: SdfObjects): void {
    const { store, thing } = this.#options;
    const radio = objects[CONNECTIVITY_SDF.OBJECT]?.find((i) => i.label === CONNECTIVITY_SDF.INSTANCE);
    if (radio !== undefined) store.mergeRadio(thing, radioFromSdf(radio));
    store.mergeSensors(thing, sensorsFromSdf(objects));
  }

  #replyOk(reply: SdfResponse, what: string): boolean {
    if (isSdfSuccess(reply.response_code)) return true;
    this.#failed('error_reply', { responseCode: reply.response_code, error: reply.error }, `${what} failed with response code ${reply.response_code}`);
    return false;
  }

  /** Runs one request; a rejection is counted and becomes undefined. */
  async #attempt<T>(what: string, call: () => Promise<T>): Promise<T | undefined> {
    try {
      return await call();
    } catch (error) {
      this.#failed(failureOf(error), { error }, `${what} failed: ${(error as Error).message}`);
      return undefined;
    }
  }

  #failed(reason: TelemetryFailure, detail: object, message: string): void {
    if (this.#closed) return;
    this.#options.store.countError(this.#options.thing, reason);
    this.#options.onFailure(this.#options.thing, reason, detail, message);
  }

  #enqueue(job: () => Promise<void>): void {
    // Jobs never reject (#attempt catches); the catch only keeps a bug from breaking the queue.
    this.#queue = this.#queue
      .then(() => (this.#closed ? undefined : job()))
      .catch((error: unknown) => this.#failed('internal', { error }, `telemetry of ${this.#options.thing} failed: ${(error as Error).message}`));
  }

  #requestOptions(): { timeoutMs?: number } {
    const { requestTimeoutMs } = this.#options;
    return requestTimeoutMs === undefined ? {} : { timeoutMs: requestTimeoutMs };
  }
}

function topicLabel(topic: SdfObservableTopic): string {
  return topic.level === 'instance' ? `${topic.object}/${topic.instance}` : `${topic.object}/${topic.instance}/${topic.property}`;
}

function failureOf(error: unknown): TelemetryFailure {
  if (isFarsideError(error, ERROR_CODES.TIMEOUT)) return 'timeout';
  if (isFarsideError(error, ERROR_CODES.CANCELLED) || isFarsideError(error, ERROR_CODES.DEVICE_UNAVAILABLE)) return 'unreachable';
  if (isFarsideError(error, ERROR_CODES.INVALID_INPUT)) return 'invalid_reply';
  return 'internal';
}
