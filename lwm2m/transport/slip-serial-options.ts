import { z } from 'zod';
import { invalidInput } from '../errors.js';
import type { CoapPeer } from './coap-message.js';

export interface SlipSerialBridgeOptions {
  /** Serial device, e.g. `/dev/ttyACM0` or a pty link. Required. */
  readonly path: string;
  /** Line speed, bit/s. Default 115200. */
  readonly baudRate?: number;
  /**
   * Where frames from the serial line go as datagrams. Gateway side: the LwM2M
   * server's address (an IP literal, the one it answers from); only datagrams from
   * it go back to the line. Device side: leave out, and frames go to whoever last
   * sent the bridge a datagram (the device speaks first: it registers).
   */
  readonly peer?: CoapPeer;
  /** Address the bridge's UDP socket binds. Default `127.0.0.1`. */
  readonly address?: string;
  /** UDP port of the bridge; 0 picks a free one. Default 0. */
  readonly port?: number;
  /** Largest frame, and datagram, relayed, bytes; larger ones are dropped. Default 2048. */
  readonly maxFrameBytes?: number;
  /** Bytes waiting to go out on the serial line beyond which further frames are dropped. Default 16 384. */
  readonly maxQueuedBytes?: number;
  /** Wait before the first attempt to reopen a lost serial port, ms; doubled after each failure. Default 100. */
  readonly reopenDelayMs?: number;
  /** Longest wait between reopen attempts, ms. Default 5000. */
  readonly maxReopenDelayMs?: number;
  /** How often an idle line is probed with an END byte to notice a hang-up, ms. Default 1000. */
  readonly lineProbeMs?: number;
  /** Reopen attempts per outage before the bridge gives up (event `gaveUp`). Default: no limit. */
  readonly maxReopenAttempts?: number;
}

/** RFC 1055 names no limit; a 1024-byte CoAP block (RFC 7959 SZX 6) plus header and options fits twice over. */
export const DEFAULT_SLIP_MAX_FRAME_BYTES = 2048;
export const DEFAULT_SERIAL_BAUD_RATE = 115_200;
/** The largest UDP payload over IPv4 (65 535 - 8 UDP - 20 IP header bytes). */
const UDP_MAX_PAYLOAD_BYTES = 65_507;

const millis = z.number().int().min(0).max(2 ** 31 - 1);
const specified = (address: string): boolean => address !== '0.0.0.0' && address !== '::';

const schema = z.strictObject({
  path: z.string().min(1),
  baudRate: z.number().int().positive().max(10_000_000).default(DEFAULT_SERIAL_BAUD_RATE),
  peer: z
    .strictObject({
      address: z.union([z.ipv4(), z.ipv6()]).refine(specified, 'must be the address the peer sends from, not a wildcard'),
      port: z.number().int().min(1).max(65_535),
    })
    .optional(),
  address: z.union([z.ipv4(), z.ipv6()]).default('127.0.0.1'),
  port: z.number().int().min(0).max(65_535).default(0),
  maxFrameBytes: z.number().int().min(1).max(UDP_MAX_PAYLOAD_BYTES).default(DEFAULT_SLIP_MAX_FRAME_BYTES),
  maxQueuedBytes: z.number().int().min(1).default(16_384),
  reopenDelayMs: millis.min(1).default(100),
  maxReopenDelayMs: millis.min(1).default(5_000),
  lineProbeMs: millis.min(10).default(1_000),
  maxReopenAttempts: z.number().int().min(0).optional(),
});

export type ResolvedSlipSerialBridgeOptions = z.output<typeof schema>;

/** `options` with defaults filled in; throws FarsideError INVALID_INPUT naming the first bad option. */
export function resolveSlipSerialBridgeOptions(options: SlipSerialBridgeOptions): ResolvedSlipSerialBridgeOptions {
  const parsed = schema.safeParse(options);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw invalidInput(`invalid SlipSerialBridge option ${issue?.path.map(String).join('.') ?? ''}: ${issue?.message ?? 'invalid'}`, parsed.error);
}
