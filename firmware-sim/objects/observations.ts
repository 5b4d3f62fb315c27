/**
 * All live observations of one tree, so changes, attribute writes and close() reach them.
 */
import { isPathWithin, type LwM2mPath } from '../../lwm2m/path.js';
import type { Observation } from './observation.js';

function overlaps(a: LwM2mPath, b: LwM2mPath): boolean {
  return isPathWithin(a, b) || isPathWithin(b, a);
}

export class Observations {
  readonly #live = new Set<Observation>();

  add(observation: Observation): () => void {
    this.#live.add(observation);
    return () => {
      observation.close();
      this.#live.delete(observation);
    };
  }

  get size(): number {
    return this.#live.size;
  }

  /** Values changed at these paths: observations above, at or below any of them re-evaluate. */
  changed(paths: readonly LwM2mPath[]): void {
    for (const observation of [...this.#live]) {
      if (observation.closed) this.#live.delete(observation);
      else if (paths.some((path) => overlaps(observation.path, path))) observation.changed();
      if (observation.closed) this.#live.delete(observation);
    }
  }

  /** Attributes were written at `path`, which affects observations at or below it. */
  attributesChanged(path: LwM2mPath): void {
    for (const observation of this.#live) {
      if (isPathWithin(observation.path, path)) observation.attributesChanged();
    }
  }

  /** Server default periods changed (Server object resources 2 and 3): every observation may care. */
  allAttributesChanged(): void {
    for (const observation of this.#live) observation.attributesChanged();
  }

  close(): void {
    for (const observation of this.#live) observation.close();
    this.#live.clear();
  }
}
