import type { SdfClient } from '../sdf-models/index.js';

/**
 * What the adapter needs of an SDF-over-MQTT client: an `SdfClient` or a stand-in with the
 * same contract (replies with error codes resolve; timeouts and cancellations reject).
 */
export type AdapterSdf = Pick<SdfClient, 'request' | 'observe' | 'things' | 'state'>;

/** Structured logging, pino-compatible. */
export interface AdapterLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  debug(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}
