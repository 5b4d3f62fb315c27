/**
 * What an ObjectTree tells the client it lives in, as a typed event map.
 */
import type { InstancePath, LwM2mPath } from '../../lwm2m/path.js';

export interface ObjectTreeEvents {
  /**
   * An instance was created or deleted, so the registration payload changed and the
   * client should send a Registration Update with the new object list (Core §6.2.2).
   */
  objectsChanged: (change: { readonly kind: 'created' | 'deleted'; readonly path: InstancePath }) => void;
  /**
   * A server Write changed these resources, e.g. Lifetime (/1/0/1) or Binding (/1/0/7),
   * which the client must act on with a Registration Update (Core §6.2.2).
   */
  written: (paths: readonly LwM2mPath[]) => void;
}

export class TreeEvents {
  readonly #listeners: { [K in keyof ObjectTreeEvents]: Set<ObjectTreeEvents[K]> } = {
    objectsChanged: new Set(),
    written: new Set(),
  };

  on<K extends keyof ObjectTreeEvents>(event: K, listener: ObjectTreeEvents[K]): () => void {
    const listeners = this.#listeners[event] as Set<ObjectTreeEvents[K]>;
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  emit<K extends keyof ObjectTreeEvents>(event: K, ...args: Parameters<ObjectTreeEvents[K]>): void {
    for (const listener of [...this.#listeners[event]]) {
      (listener as (...a: Parameters<ObjectTreeEvents[K]>) => void)(...args);
    }
  }
}
