import type { Link, LwM2mNode, LwM2mPath, ObjectInstance } from '../../lwm2m/index.js';

/** Write-Attributes values (Core §5.1.2); `null` removes an attribute. */
export interface NotificationAttributes {
  /** Minimum period between notifications, seconds. */
  readonly pmin?: number | null;
  /** Maximum period between notifications, seconds. */
  readonly pmax?: number | null;
  /** Notify when the value rises above this. */
  readonly gt?: number | null;
  /** Notify when the value falls below this. */
  readonly lt?: number | null;
  /** Notify when the value moved by at least this step. */
  readonly st?: number | null;
}

/**
 * Device-management requests the gateway sends (Core §6.3). Each kind has its own
 * response type, see `ResponseFor`.
 */
export type DownlinkRequest =
  | { readonly kind: 'read'; readonly path: LwM2mPath; readonly accept?: number }
  | { readonly kind: 'discover'; readonly path: LwM2mPath }
  | { readonly kind: 'write'; readonly path: LwM2mPath; readonly node: LwM2mNode; readonly mode: 'replace' | 'update'; readonly format?: number }
  | { readonly kind: 'execute'; readonly path: LwM2mPath; readonly args?: string }
  | { readonly kind: 'create'; readonly path: readonly [number]; readonly instance: ObjectInstance | Omit<ObjectInstance, 'id'>; readonly format?: number }
  | { readonly kind: 'delete'; readonly path: LwM2mPath }
  | { readonly kind: 'writeAttributes'; readonly path: LwM2mPath; readonly attributes: NotificationAttributes };

export interface DownlinkResponse {
  /** CoAP response code from the device, e.g. `2.05`, `4.04`. */
  readonly code: string;
  /** Diagnostic payload of an error response, if the device sent text. */
  readonly diagnostic?: string;
}

export interface ReadResponse extends DownlinkResponse {
  readonly format?: number;
  readonly node?: LwM2mNode;
}

export interface DiscoverResponse extends DownlinkResponse {
  readonly links?: readonly Link[];
}

export interface CreateResponse extends DownlinkResponse {
  /** Path of the new instance, from Location-Path or the request. */
  readonly path?: readonly [number, number];
}

export type ResponseFor<R extends DownlinkRequest> = R extends { kind: 'read' }
  ? ReadResponse
  : R extends { kind: 'discover' }
    ? DiscoverResponse
    : R extends { kind: 'create' }
      ? CreateResponse
      : DownlinkResponse;
