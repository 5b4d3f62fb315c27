import coap from 'coap';

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
  coap.updateTiming({
    ackTimeout: timing.ackTimeoutS ?? 2,
    ackRandomFactor: timing.ackRandomFactor ?? 1.5,
    maxRetransmit: timing.maxRetransmit ?? 4,
  });
}
