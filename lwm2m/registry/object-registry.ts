/**
 * A mutable set of object models keyed by object id: the OMA objects, farside's custom
 * ones, and whatever a deployment adds for its devices.
 */
import type { ModelLookup, ObjectModel, ResourceModel } from '../model.js';

/** Produces a model on first use; lets a registry hold hundreds of objects it may never decode. */
export type ModelLoader = () => ObjectModel;

interface Entry {
  readonly name: string;
  model: ObjectModel | undefined;
  readonly load: ModelLoader | undefined;
}

export class ObjectRegistry implements ModelLookup {
  readonly #entries = new Map<number, Entry>();
  #byName: Map<string, number> | undefined;
  #sortedIds: number[] | undefined;

  constructor(models: Iterable<ObjectModel> = []) {
    for (const model of models) this.add(model);
  }

  /** Adds `model`, replacing any model with the same id (device-specific or custom models). */
  add(model: ObjectModel): void {
    this.#put(model.id, { name: model.name, model, load: undefined });
  }

  /**
   * Like `add`, but the model is built by `load` on first lookup. `name` must be the
   * name the loaded model will have, so `objectByName` works without loading.
   */
  addLazy(id: number, name: string, load: ModelLoader): void {
    this.#put(id, { name, model: undefined, load });
  }

  object(objectId: number): ObjectModel | undefined {
    const entry = this.#entries.get(objectId);
    if (entry === undefined) return undefined;
    entry.model ??= entry.load?.();
    return entry.model;
  }

  resource(objectId: number, resourceId: number): ResourceModel | undefined {
    return this.object(objectId)?.resources.get(resourceId);
  }

  /** The object whose name is exactly `name`; when several share it, the lowest id. */
  objectByName(name: string): ObjectModel | undefined {
    this.#byName ??= this.#indexNames();
    const id = this.#byName.get(name);
    return id === undefined ? undefined : this.object(id);
  }

  /** All models in ascending id order (loads lazy ones). */
  *objects(): Iterable<ObjectModel> {
    this.#sortedIds ??= [...this.#entries.keys()].sort((a, b) => a - b);
    for (const id of this.#sortedIds) {
      const model = this.object(id);
      if (model !== undefined) yield model;
    }
  }

  has(objectId: number): boolean {
    return this.#entries.has(objectId);
  }

  get size(): number {
    return this.#entries.size;
  }

  #put(id: number, entry: Entry): void {
    const existed = this.#entries.has(id);
    this.#entries.set(id, entry);
    this.#byName = undefined;
    if (!existed) this.#sortedIds = undefined;
  }

  #indexNames(): Map<string, number> {
    const index = new Map<string, number>();
    for (const [id, { name }] of this.#entries) {
      const held = index.get(name);
      if (held === undefined || id < held) index.set(name, id);
    }
    return index;
  }
}
