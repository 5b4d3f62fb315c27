import type { LwM2mNode, TimestampedNode } from '../lwm2m/index.js';
import type { Registration } from './registration/registration.js';
import type { ObservationRecord } from './registration/registration-store.js';

/** Events of the LwM2M server, in the order a device lifecycle produces them. */
export interface GatewayEvents {
  registered: [event: { registration: Registration; replaced?: Registration }];
  updated: [event: { registration: Registration; previous: Registration; objectsChanged: boolean }];
  deregistered: [event: { registration: Registration }];
  /** The lifetime ran out without an update (Core §6.2.2). */
  expired: [event: { registration: Registration }];
  notification: [event: NotificationEvent];
  /** Data the device pushed with the Send operation (Core §6.4.1, `/dp`). */
  send: [event: { registration: Registration; nodes: readonly TimestampedNode[] }];
  /** A problem worth a log line that concerns no caller (bad datagram, bad notification). */
  warning: [event: { message: string; endpoint?: string; error?: unknown }];
}

export interface NotificationEvent {
  readonly registration: Registration;
  readonly observation: ObservationRecord;
  readonly code: string;
  readonly format?: number;
  readonly node?: LwM2mNode;
  /** Epoch ms when the gateway received it. */
  readonly receivedAt: number;
}
