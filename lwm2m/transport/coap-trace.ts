import diagnostics_channel from 'node:diagnostics_channel';
import type { CoapPeer } from './coap-message.js';

/**
 * Hot-path tracing without logger calls: publishers pay nothing unless someone
 * subscribed (`farside --log-level trace` does).
 */
export interface CoapExchangeTrace {
  readonly direction: 'inbound' | 'outbound';
  readonly peer: CoapPeer;
  readonly method: string;
  readonly path: string;
  /** Response code, or the error code when the exchange failed. */
  readonly code: string;
  readonly durationMs: number;
}

export const COAP_EXCHANGE_CHANNEL = 'farside:coap:exchange';
export const coapExchangeChannel = diagnostics_channel.channel(COAP_EXCHANGE_CHANNEL);

export function traceExchange(trace: () => CoapExchangeTrace): void {
  if (coapExchangeChannel.hasSubscribers) coapExchangeChannel.publish(trace());
}
