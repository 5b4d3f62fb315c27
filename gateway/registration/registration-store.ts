import type { LwM2mPath } from '../../lwm2m/index.js';
import type { Registration } from './registration.js';

/** An observation the gateway holds on a device (RFC 7641 token + what it watches). */
export interface ObservationRecord {
  readonly id: string;
  readonly registrationId: string;
  readonly endpoint: string;
  readonly path: LwM2mPath;
  /** Hex CoAP token. */
  readonly token: string;
  /** Content format asked for, if any. */
  readonly accept?: number;
  readonly createdAt: number;
}

/**
 * Registrations and their observations. Mutations return what changed so the
 * caller can emit events and cancel observations; implementations never emit.
 * All methods are synchronous: the in-memory store is the hot path of every
 * registration, and a persistent store keeps an in-memory index anyway.
 */
export interface RegistrationStore {
  /** Adds a registration; an older one of the same endpoint is removed and returned. */
  add(registration: Registration): { replaced?: RemovedRegistration };
  /** Replaces a registration by id; undefined when the id is unknown. */
  update(id: string, change: (current: Registration) => Registration): { previous: Registration; current: Registration } | undefined;
  /** Removes a registration and its observations (idempotent: undefined when absent). */
  remove(id: string): RemovedRegistration | undefined;
  byId(id: string): Registration | undefined;
  byEndpoint(endpoint: string): Registration | undefined;
  all(): IterableIterator<Registration>;
  readonly size: number;

  addObservation(observation: ObservationRecord): void;
  removeObservation(id: string): ObservationRecord | undefined;
  observation(id: string): ObservationRecord | undefined;
  observationsOf(registrationId: string): readonly ObservationRecord[];
}

export interface RemovedRegistration {
  readonly registration: Registration;
  readonly observations: readonly ObservationRecord[];
}

export class InMemoryRegistrationStore implements RegistrationStore {
  readonly #byId = new Map<string, Registration>();
  readonly #idByEndpoint = new Map<string, string>();
  readonly #observations = new Map<string, ObservationRecord>();
  readonly #observationIdsByRegistration = new Map<string, Set<string>>();

  get size(): number {
    return this.#byId.size;
  }

  add(registration: Registration): { replaced?: RemovedRegistration } {
    const oldId = this.#idByEndpoint.get(registration.endpoint);
    const replaced = oldId === undefined ? undefined : this.remove(oldId);
    this.#byId.set(registration.id, registration);
    this.#idByEndpoint.set(registration.endpoint, registration.id);
    return { replaced };
  }

  update(id: string, change: (current: Registration) => Registration): { previous: Registration; current: Registration } | undefined {
    const previous = this.#byId.get(id);
    if (!previous) return undefined;
    const current = change(previous);
    this.#byId.set(id, current);
    return { previous, current };
  }

  remove(id: string): RemovedRegistration | undefined {
    const registration = this.#byId.get(id);
    if (!registration) return undefined;
    this.#byId.delete(id);
    if (this.#idByEndpoint.get(registration.endpoint) === id) this.#idByEndpoint.delete(registration.endpoint);
    const observations = this.observationsOf(id);
    for (const o of observations) this.#observations.delete(o.id);
    this.#observationIdsByRegistration.delete(id);
    return { registration, observations };
  }

  byId(id: string): Registration | undefined {
    return this.#byId.get(id);
  }

  byEndpoint(endpoint: string): Registration | undefined {
    const id = this.#idByEndpoint.get(endpoint);
    return id === undefined ? undefined : this.#byId.get(id);
  }

  all(): IterableIterator<Registration> {
    return this.#byId.values();
  }

  addObservation(observation: ObservationRecord): void {
    this.#observations.set(observation.id, observation);
    let ids = this.#observationIdsByRegistration.get(observation.registrationId);
    if (!ids) this.#observationIdsByRegistration.set(observation.registrationId, (ids = new Set()));
    ids.add(observation.id);
  }

  removeObservation(id: string): ObservationRecord | undefined {
    const observation = this.#observations.get(id);
    if (!observation) return undefined;
    this.#observations.delete(id);
    this.#observationIdsByRegistration.get(observation.registrationId)?.delete(id);
    return observation;
  }

  observation(id: string): ObservationRecord | undefined {
    return this.#observations.get(id);
  }

  observationsOf(registrationId: string): readonly ObservationRecord[] {
    const ids = this.#observationIdsByRegistration.get(registrationId);
    if (!ids) return [];
    return [...ids].map((id) => this.#observations.get(id)).filter((o): o is ObservationRecord => o !== undefined);
  }
}
