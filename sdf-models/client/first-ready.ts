import type { EventEmitter } from 'node:events';
import type { MqttClient } from 'mqtt';
import { ERROR_CODES, FarsideError } from '../../errors/index.js';
import type { SdfClientEvents } from './events.js';

export interface FirstReadyContext {
  /** The SdfClient, whose first `ready` is awaited and which reports warnings. */
  readonly events: EventEmitter<SdfClientEvents>;
  readonly mqtt: MqttClient;
  readonly url: string;
  /** The caller's: aborting it gives up with FarsideError CANCELLED. */
  readonly signal?: AbortSignal;
  /** Aborted by close(): gives up with FarsideError CANCELLED. */
  readonly closing: AbortSignal;
}

/**
 * Resolves at the first `ready`. Until then a socket error (a string code such as
 * ECONNREFUSED) is a warning and MQTT.js retries; a broker's CONNACK refusal (a numeric
 * reason code) rejects with that error, as do `signal` and `closing`. From then on every
 * MQTT error is a warning: MQTT.js reconnects by itself.
 */
export function firstReady({ events, mqtt, url, signal, closing }: FirstReadyContext): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const settle = (): void => {
      events.off('ready', onReady);
      signal?.removeEventListener('abort', onAbort);
      closing.removeEventListener('abort', onClosed);
      mqtt.off('error', onError);
      mqtt.on('error', (error) => events.emit('warning', { message: 'MQTT connection error', error }));
    };
    const fail = (err: Error): void => {
      settle();
      reject(err);
    };
    const onReady = (): void => {
      settle();
      resolve();
    };
    const onAbort = (): void => fail(new FarsideError(ERROR_CODES.CANCELLED, `connecting to ${url} was cancelled`, { cause: signal?.reason }));
    const onClosed = (): void => fail(new FarsideError(ERROR_CODES.CANCELLED, 'the SDF client was closed before it was ready'));
    const onError = (error: Error & { code?: unknown }): void => {
      if (typeof error.code === 'number') fail(error);
      else events.emit('warning', { message: `connecting to ${url} failed; retrying`, error });
    };
    events.once('ready', onReady);
    mqtt.on('error', onError);
    closing.addEventListener('abort', onClosed, { once: true });
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
  });
}
