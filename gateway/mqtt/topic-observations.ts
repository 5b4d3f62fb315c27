import { isSuccess, responseCodeToNumber, type LwM2mPath } from '../../lwm2m/index.js';
import { SDF_RESPONSE_CODE, formatSdfTopic } from '../../sdf-models/index.js';
import type { NotificationEvent } from '../events.js';
import type { LwM2mServer } from '../lwm2m-server.js';
import type { Registration } from '../registration/registration.js';
import type { SdfNames } from '../sdf/sdf-names.js';
import { sdfObjectsFromNode, type SdfObjectsData } from '../sdf/sdf-objects.js';
import type { ObservationRouter, SdfCall, SdfReply } from '../sdf/sdf-request-handler.js';
import type { ValueMode } from '../sdf/value-modes.js';

/** A notification ready to publish on the observed topic. */
export interface TopicNotification {
  readonly topic: string;
  readonly thing: string;
  readonly sdfObject: SdfObjectsData;
  readonly seq: number;
  /** Epoch ms when the gateway received it. */
  readonly ts: number;
  readonly mode: ValueMode;
}

interface Watched {
  readonly registrationId: string;
  readonly observationId: string;
  readonly path: LwM2mPath;
  readonly mode: ValueMode;
  /** How many START_OBSERVE without STOP_OBSERVE: MQTT subscribers share one LwM2M observation. */
  refs: number;
  seq: number;
}

/**
 * One LwM2M observation per observed SDF topic, shared by every MQTT client that
 * asked for it; device notifications become publications on that topic.
 */
export class TopicObservations implements ObservationRouter {
  readonly #byTopic = new Map<string, Watched>();
  readonly #topicByObservation = new Map<string, string>();

  constructor(
    private readonly server: LwM2mServer,
    private readonly names: SdfNames,
    private readonly publish: (n: TopicNotification) => void,
    private readonly prefix = '',
  ) {
    server.on('notification', (event) => this.#onNotification(event));
    const drop = ({ registration }: { registration: Registration }) => this.#dropRegistration(registration.id);
    server.on('deregistered', drop);
    server.on('expired', drop);
    server.on('registered', ({ replaced }) => replaced && this.#dropRegistration(replaced.id));
  }

  async start(registration: Registration, path: LwM2mPath, call: SdfCall): Promise<SdfReply> {
    const topic = formatSdfTopic(call.topic, this.prefix);
    const watched = this.#byTopic.get(topic);
    if (watched && watched.registrationId === registration.id) {
      // Already observed for someone else: join it, and answer with the current value.
      const read = await this.server.send(registration.endpoint, { kind: 'read', path });
      if (!isSuccess(read.code) || !read.node) return { response_code: responseCodeToNumber(read.code) };
      watched.refs++;
      return { response_code: SDF_RESPONSE_CODE.CONTENT, sdfObject: sdfObjectsFromNode(read.node, path[0]!, path[1], this.names, call.mode) };
    }
    if (watched) this.#forget(topic, watched);
    const { response, observation } = await this.server.observe(registration.endpoint, path);
    if (!observation || !response.node) return { response_code: responseCodeToNumber(response.code) };
    this.#byTopic.set(topic, { registrationId: registration.id, observationId: observation.id, path, mode: call.mode === 'cbor' ? 'cbor' : call.mode, refs: 1, seq: 0 });
    this.#topicByObservation.set(observation.id, topic);
    return { response_code: SDF_RESPONSE_CODE.CONTENT, sdfObject: sdfObjectsFromNode(response.node, path[0]!, path[1], this.names, call.mode) };
  }

  async stop(_registration: Registration, call: SdfCall): Promise<SdfReply> {
    const topic = formatSdfTopic(call.topic, this.prefix);
    const watched = this.#byTopic.get(topic);
    if (watched && --watched.refs <= 0) this.#forget(topic, watched, 'active');
    // Idempotent: stopping what is not observed is not an error.
    return { response_code: SDF_RESPONSE_CODE.CHANGED };
  }

  /** Topics observed right now (for diagnostics and tests). */
  topics(): string[] {
    return [...this.#byTopic.keys()];
  }

  #onNotification(event: NotificationEvent): void {
    const topic = this.#topicByObservation.get(event.observation.id);
    if (!topic) return;
    const watched = this.#byTopic.get(topic);
    if (!watched) return;
    if (!isSuccess(event.code) || !event.node) {
      // The device ended the observation (e.g. the instance was deleted).
      this.#forget(topic, watched);
      return;
    }
    const path = event.observation.path;
    this.publish({
      topic,
      thing: event.registration.endpoint,
      sdfObject: sdfObjectsFromNode(event.node, path[0]!, path[1], this.names, watched.mode),
      seq: ++watched.seq,
      ts: event.receivedAt,
      mode: watched.mode,
    });
  }

  #forget(topic: string, watched: Watched, cancel?: 'active'): void {
    this.#byTopic.delete(topic);
    this.#topicByObservation.delete(watched.observationId);
    if (cancel) this.server.cancelObservation(watched.observationId, 'active');
  }

  #dropRegistration(registrationId: string): void {
    for (const [topic, watched] of this.#byTopic) if (watched.registrationId === registrationId) this.#forget(topic, watched);
  }
}

