import type { SdfObjects } from '../sdf-models/index.js';

/**
 * Where a ThingWatcher puts the things it sees (the kubelet: Node objects). Calls come one
 * at a time, never overlapping. `upsert` is called again for a thing it already holds when
 * the device announces anew or a reconciliation runs: it must update, not duplicate.
 * `remove` of a thing it does not hold must do nothing. `known` lists the things it holds,
 * including ones left over from before a restart, so that reconciling can remove them.
 */
export interface ThingSink {
  upsert(thing: string, description: SdfObjects): void | Promise<void>;
  remove(thing: string): void | Promise<void>;
  known(): Iterable<string> | Promise<Iterable<string>>;
}

/** A ThingSink in a Map, for tests and tools. */
export class InMemoryThingSink implements ThingSink {
  readonly things = new Map<string, SdfObjects>();

  constructor(initial: Iterable<[string, SdfObjects]> = []) {
    for (const [thing, description] of initial) this.things.set(thing, description);
  }

  upsert(thing: string, description: SdfObjects): void {
    this.things.set(thing, description);
  }

  remove(thing: string): void {
    this.things.delete(thing);
  }

  known(): Iterable<string> {
    return [...this.things.keys()];
  }
}
