import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { invalidInput } from '../../lwm2m/index.js';
import type { Registration } from './registration.js';
import { registrationFileSchema, registrationFromJson, registrationToJson } from './registration-codec.js';
import { InMemoryRegistrationStore, type ObservationRecord, type RegistrationStore, type RemovedRegistration } from './registration-store.js';

export interface FileRegistrationStoreOptions {
  /** Coalesce writes for this long after a change, ms. Default 250. */
  readonly writeDelayMs?: number;
  /** Called when a background write fails; the next change tries again. */
  readonly onWriteError?: (err: unknown) => void;
}

/**
 * Registrations kept in memory and written to a JSON file, so that a gateway
 * restart loses no registration: devices keep updating at their old location.
 * Observations are not kept: their CoAP tokens die with the process, and a device
 * answers a notification for a forgotten token with RST anyway.
 *
 * Writes are coalesced (one file write per `writeDelayMs` however many changes)
 * and atomic (temporary file, then rename).
 */
export class FileRegistrationStore implements RegistrationStore {
  readonly #memory = new InMemoryRegistrationStore();
  readonly #path: string;
  readonly #options: FileRegistrationStoreOptions;
  #timer: NodeJS.Timeout | undefined;
  #writing: Promise<void> = Promise.resolve();

  private constructor(path: string, options: FileRegistrationStoreOptions) {
    this.#path = path;
    this.#options = options;
  }

  /**
   * Opens the file (a missing file is an empty store). A file that is not a valid
   * registration file is refused with FARSIDE_ERR_INVALID_INPUT rather than
   * overwritten, so nothing is lost by a typo in a path.
   */
  static async open(path: string, options: FileRegistrationStoreOptions = {}): Promise<FileRegistrationStore> {
    const store = new FileRegistrationStore(path, options);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return store;
      throw err;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      throw invalidInput(`${path} is not JSON: ${(err as Error).message}`);
    }
    const parsed = registrationFileSchema.safeParse(json);
    if (!parsed.success) throw invalidInput(`${path} is not a farside registration file: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    for (const r of parsed.data.registrations) store.#memory.add(registrationFromJson(r));
    return store;
  }

  get size(): number {
    return this.#memory.size;
  }

  add(registration: Registration): { replaced?: RemovedRegistration } {
    const result = this.#memory.add(registration);
    this.#changed();
    return result;
  }

  update(id: string, change: (current: Registration) => Registration): { previous: Registration; current: Registration } | undefined {
    const result = this.#memory.update(id, change);
    if (result) this.#changed();
    return result;
  }

  remove(id: string): RemovedRegistration | undefined {
    const result = this.#memory.remove(id);
    if (result) this.#changed();
    return result;
  }

  byId(id: string): Registration | undefined {
    return this.#memory.byId(id);
  }

  byEndpoint(endpoint: string): Registration | undefined {
    return this.#memory.byEndpoint(endpoint);
  }

  all(): IterableIterator<Registration> {
    return this.#memory.all();
  }

  addObservation(observation: ObservationRecord): void {
    this.#memory.addObservation(observation);
  }

  removeObservation(id: string): ObservationRecord | undefined {
    return this.#memory.removeObservation(id);
  }

  observation(id: string): ObservationRecord | undefined {
    return this.#memory.observation(id);
  }

  observationsOf(registrationId: string): readonly ObservationRecord[] {
    return this.#memory.observationsOf(registrationId);
  }

  /** Writes pending changes now; resolves when they are on disk. */
  async flush(): Promise<void> {
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
      this.#write();
    }
    await this.#writing;
  }

  #changed(): void {
    if (this.#timer) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#write();
    }, this.#options.writeDelayMs ?? 250);
    this.#timer.unref();
  }

  #write(): void {
    const snapshot = JSON.stringify({ version: 1, registrations: [...this.#memory.all()].map(registrationToJson) });
    const temp = `${this.#path}.${process.pid}.tmp`;
    this.#writing = this.#writing
      .then(async () => {
        await mkdir(dirname(this.#path), { recursive: true });
        await writeFile(temp, snapshot);
        await rename(temp, this.#path);
      })
      .catch((err: unknown) => this.#options.onWriteError?.(err));
  }
}
