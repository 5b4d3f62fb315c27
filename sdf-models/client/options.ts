import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { invalidInput } from '../../errors/index.js';
import type { SdfEncoding } from '../contract/encoding.js';
import type { SdfValuesMode } from '../contract/payloads.js';
import { isValidName, isValidTopicPrefix } from '../contract/topics.js';

/** How an SdfClient connects and what it assumes of the gateway; validated once, in the constructor. */
export interface SdfClientOptions {
  /** Broker URL, e.g. `mqtt://127.0.0.1:1883` (any scheme MQTT.js knows). Required. */
  readonly url: string;
  /** MQTT protocol level: 5 (MQTT 5.0) or 4 (MQTT 3.1.1, e.g. the embedded aedes broker). Default 5. */
  readonly protocolVersion?: 4 | 5;
  /** MQTT client identifier; it also names the reply topic, so it may not hold `+ # /`. Default `farside-sdf-<12 hex digits>`. */
  readonly clientId?: string;
  /** The gateway's topic prefix (one or more levels). Default none. */
  readonly prefix?: string;
  /** How long a request waits for its reply, in milliseconds, unless the call says otherwise. Default 5000. */
  readonly requestTimeoutMs?: number;
  /** Pause between reconnect attempts, in milliseconds; 0 turns reconnecting off. Default 1000. */
  readonly reconnectPeriodMs?: number;
  /** How long one connection attempt may take before it is abandoned, in milliseconds. Default 5000. */
  readonly connectTimeoutMs?: number;
  /** QoS of requests and of the client's subscriptions. Default 1. */
  readonly qos?: 0 | 1;
}

/** The options of one request. */
export interface SdfRequestOptions {
  /** How long to wait for the reply, in milliseconds. Default: the client's `requestTimeoutMs`. */
  readonly timeoutMs?: number;
  /** Body encoding of the request and reply; `cbor` needs MQTT 5, whose Content Type announces it. Default `json`. */
  readonly encoding?: SdfEncoding;
  /** How the gateway should write values (CONTRACT.md "Values"); CBOR replies are always native. Default `compat`. */
  readonly values?: SdfValuesMode;
  /** Aborting it rejects the request with FarsideError CANCELLED. Default none. */
  readonly signal?: AbortSignal;
}

const millis = z.number().int().min(0).max(2 ** 31 - 1);

const schema = z.object({
  url: z.string().min(1),
  protocolVersion: z.union([z.literal(4), z.literal(5)]).default(5),
  clientId: z
    .string()
    .refine(isValidName, 'must be non-empty and hold no + # /')
    .default(() => `farside-sdf-${randomBytes(6).toString('hex')}`),
  prefix: z.string().refine((prefix) => prefix === '' || isValidTopicPrefix(prefix), 'must be levels without + # and empty levels').default(''),
  requestTimeoutMs: millis.min(1).default(5_000),
  reconnectPeriodMs: millis.default(1_000),
  connectTimeoutMs: millis.min(1).default(5_000),
  qos: z.union([z.literal(0), z.literal(1)]).default(1),
});

export type ResolvedSdfClientOptions = z.output<typeof schema>;

/** `options` with defaults filled in; throws FarsideError INVALID_INPUT naming the first bad option. */
export function resolveSdfClientOptions(options: SdfClientOptions): ResolvedSdfClientOptions {
  const result = schema.safeParse(options);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw invalidInput(`invalid SdfClient option ${issue?.path.map(String).join('.') ?? ''}: ${issue?.message ?? 'unknown problem'}`, result.error);
}
