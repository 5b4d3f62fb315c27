import mqtt, { type MqttClient } from 'mqtt';
import { ERROR_CODES, FarsideError, isFarsideError } from '../../errors/index.js';
import { isValidThingName, withPrefix } from '../../sdf-models/index.js';
import type { KnobClient } from './knob-client.js';
import { applyKnobEvent, parseKnobEvent } from './knob-event.js';
import type { KnobsLogger } from './knobs-logger.js';

export interface KnobEventsMqttOptions {
  readonly knobs: KnobClient;
  /** The broker, e.g. mqtt://127.0.0.1:1883: the gateway's. */
  readonly url: string;
  /** MQTT protocol version: 4 (3.1.1) or 5. Default 4. */
  readonly protocolVersion?: 4 | 5;
  /** The gateway's SDF topic prefix, if any; the knob topics live under it too. Default none. */
  readonly prefix?: string;
  readonly logger?: KnobsLogger;
}

/** `mlsysops/<thing>/knobs`: where MLSysOps agents publish CONTROL_KNOB_EVENTs for a thing. */
export function knobEventTopic(thing: string, prefix?: string): string {
  return withPrefix(`mlsysops/${thing}/knobs`, prefix);
}

/** Where the outcome of an event on `knobEventTopic` goes: `{ok, knob, value}` or `{ok:false, knob?, error:{code,message}}`. */
export function knobResultTopic(thing: string, prefix?: string): string {
  return `${knobEventTopic(thing, prefix)}/result`;
}

/**
 * Accepts MLSysOps knob events over MQTT for every thing and answers each on its result topic.
 * Events for one thing are carried out in order (the shell client serialises per thing); a bad
 * event gets an error result and changes nothing.
 */
export class KnobEventsMqtt {
  readonly #options: KnobEventsMqttOptions;
  readonly #filter: string;
  #client: MqttClient | undefined;

  constructor(options: KnobEventsMqttOptions) {
    this.#options = options;
    this.#filter = knobEventTopic('+', options.prefix);
  }

  /** Connects and subscribes; resolves once the subscription is granted. */
  async start(): Promise<void> {
    if (this.#client !== undefined) throw new FarsideError(ERROR_CODES.INTERNAL, 'the knob event listener is already started');
    const client = mqtt.connect(this.#options.url, { protocolVersion: this.#options.protocolVersion ?? 4, reconnectPeriod: 1_000 });
    this.#client = client;
    client.on('message', (topic, payload) => void this.#onEvent(topic, payload));
    client.on('error', (err) => this.#options.logger?.warn({ err }, 'knob event MQTT connection error'));
    try {
      await new Promise<void>((resolve, reject) => {
        client.once('connect', () => resolve());
        client.once('error', reject);
      });
      const granted = await client.subscribeAsync(this.#filter, { qos: 1 });
      if (granted.some((g) => g.qos === 128)) throw new FarsideError(ERROR_CODES.NOT_ALLOWED, `the broker refused the subscription to ${this.#filter}`);
    } catch (err) {
      await this.close();
      throw err;
    }
    this.#options.logger?.info({ topic: this.#filter }, 'accepting MLSysOps knob events');
  }

  async close(): Promise<void> {
    const client = this.#client;
    this.#client = undefined;
    await client?.endAsync(true);
  }

  #thingOf(topic: string): string | undefined {
    const levels = topic.split('/');
    const thing = levels.at(-2);
    return thing !== undefined && isValidThingName(thing) ? thing : undefined;
  }

  async #onEvent(topic: string, payload: Buffer): Promise<void> {
    const thing = this.#thingOf(topic);
    if (thing === undefined) return;
    let knob: string | undefined;
    let result: object;
    try {
      const event = parseKnobEvent(new Uint8Array(payload));
      knob = event.knob;
      const value = await applyKnobEvent(this.#options.knobs, thing, event);
      result = { ok: true, knob: value.name, value: value.value };
      this.#options.logger?.info({ thing, action: event.action, knob: value.name, value: value.value }, 'knob event applied');
    } catch (err) {
      const code = isFarsideError(err) ? err.code : ERROR_CODES.INTERNAL;
      const message = err instanceof Error ? err.message : String(err);
      result = { ok: false, ...(knob === undefined ? {} : { knob }), error: { code, message } };
      this.#options.logger?.warn({ thing, topic, code, message }, 'knob event failed');
    }
    this.#client?.publish(knobResultTopic(thing, this.#options.prefix), JSON.stringify(result), { qos: 1 });
  }
}
