import coap from 'coap';
import { invalidInput } from '../errors.js';

export interface CoapTiming {
  /** RFC 7252 §4.8 ACK_TIMEOUT in seconds (default 2). */
  readonly ackTimeoutS?: number;
  /** ACK_RANDOM_FACTOR (default 1.5). */
  readonly ackRandomFactor?: number;
  /** MAX_RETRANSMIT (default 4). */
  readonly maxRetransmit?: number;
}

/**
 * node-coap keeps its transmission parameters process-wide; this is the one place
 * that changes them (tests shorten them to exercise retransmission quickly).
 */
export function configureCoapTiming(timing: CoapTiming): void {
  const ackTimeout = timing.ackTimeoutS ?? 2;
  const ackRandomFactor = timing.ackRandomFactor ?? 1.5;
  const maxRetransmit = timing.maxRetransmit ?? 4;
  // node-coap derives EXCHANGE_LIFETIME (§4.8.2) and uses it in ms as a cache TTL,
  // which must be a whole number; refuse values that would break it later.
  const maxTransmitSpan = ackTimeout * (2 ** maxRetransmit - 1) * ackRandomFactor;
  const exchangeLifetimeMs = (maxTransmitSpan + 2 * 100 + ackTimeout) * 1000;
  if (Math.abs(exchangeLifetimeMs - Math.round(exchangeLifetimeMs)) > 1e-6) {
    throw invalidInput(`CoAP timing ${ackTimeout}/${ackRandomFactor}/${maxRetransmit} gives a fractional EXCHANGE_LIFETIME; pick an ACK_TIMEOUT in quarter seconds`);
  }
  coap.updateTiming({ ackTimeout, ackRandomFactor, maxRetransmit });
}
