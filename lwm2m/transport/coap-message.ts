/**
 * Transport-neutral CoAP messages as the LwM2M layers see them. The UDP endpoint
 * (and later the serial one) turns these into packets and back.
 */

export type CoapMethod = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'FETCH' | 'iPATCH';

export interface CoapPeer {
  readonly address: string;
  readonly port: number;
}

export interface CoapRequest {
  readonly method: CoapMethod;
  /** Uri-Path segments, e.g. `['rd', 'a1b2']`. */
  readonly path: readonly string[];
  /** Uri-Query segments, e.g. `['ep=dev1', 'lt=300']`. */
  readonly query?: readonly string[];
  readonly contentFormat?: number;
  readonly accept?: number;
  readonly payload?: Uint8Array;
  /** Confirmable unless false (RFC 7252 §4.2). */
  readonly confirmable?: boolean;
}

export interface CoapResponse {
  /** Dotted response code, e.g. `2.05`. */
  readonly code: string;
  readonly contentFormat?: number;
  readonly payload: Uint8Array;
  readonly locationPath: readonly string[];
}

export interface InboundRequest extends CoapRequest {
  readonly peer: CoapPeer;
  /** 0 to register an observation, 1 to cancel one (RFC 7641 §2). */
  readonly observe?: number;
}

export interface OutboundReply {
  readonly code: string;
  readonly contentFormat?: number;
  readonly payload?: Uint8Array;
  readonly locationPath?: readonly string[];
}

/** A later notification of an observation the endpoint served. */
export type NotificationMessage = OutboundReply;

/**
 * The reply to an Observe=0 request that the handler accepted: the first answer
 * plus a subscription that pushes further notifications until `cancel` runs (the
 * observer sent RST, re-registered, or the endpoint closed).
 */
export interface ObservedReply extends OutboundReply {
  readonly subscribe: (notify: (message: NotificationMessage) => void) => () => void;
}

export type InboundHandler = (request: InboundRequest) => OutboundReply | ObservedReply | Promise<OutboundReply | ObservedReply>;

export function parseQuery(query: readonly string[] | undefined): Map<string, string> {
  const params = new Map<string, string>();
  for (const part of query ?? []) {
    const eq = part.indexOf('=');
    if (eq < 0) params.set(part, '');
    else params.set(part.slice(0, eq), part.slice(eq + 1));
  }
  return params;
}
