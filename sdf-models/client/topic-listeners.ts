/**
 * Listeners by MQTT topic, so that one subscription serves every local observer of a
 * topic: the first listener of a topic means subscribe, the last one gone means unsubscribe.
 */
export class TopicListeners<Listener> {
  readonly #byTopic = new Map<string, Set<Listener>>();

  /** Adds `listener`; true when it is the first for `topic`. */
  add(topic: string, listener: Listener): boolean {
    const listeners = this.#byTopic.get(topic);
    if (listeners) {
      listeners.add(listener);
      return false;
    }
    this.#byTopic.set(topic, new Set([listener]));
    return true;
  }

  /** Removes `listener`; true when it was the last for `topic`. */
  remove(topic: string, listener: Listener): boolean {
    const listeners = this.#byTopic.get(topic);
    if (!listeners?.delete(listener)) return false;
    if (listeners.size > 0) return false;
    this.#byTopic.delete(topic);
    return true;
  }

  /** The listeners of `topic`, copied so that one may remove itself while they are called. */
  get(topic: string): Listener[] {
    return [...(this.#byTopic.get(topic) ?? [])];
  }

  topics(): string[] {
    return [...this.#byTopic.keys()];
  }
}
