import type { SdfAnnounce } from '../contract/payloads.js';

/** Something an SdfClient dropped or could not do, that no caller is waiting for. */
export interface SdfClientWarning {
  readonly message: string;
  readonly topic?: string;
  readonly error?: unknown;
}

/** The events of an SdfClient. */
export interface SdfClientEvents {
  /** A gateway announced things (they registered, or the gateway reconnected). */
  announce: [things: SdfAnnounce];
  /** A thing is gone. */
  unregister: [thing: string];
  /** Connected and subscribed, on the first connection and after every reconnection; queued requests go out now. */
  ready: [info: { readonly reconnect: boolean }];
  /** The connection was lost; requests wait (within their timeout) for the next `ready`. */
  offline: [];
  /** A message was dropped (malformed, a late reply), a listener threw, or the connection failed. */
  warning: [warning: SdfClientWarning];
}
