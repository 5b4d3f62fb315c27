import { z } from 'zod';
import { invalidInput, type FarsideError } from '../../errors/index.js';
import { isPlainData, MAX_DATA_DEPTH } from './plain-data.js';
import { isValidThingName, isValidTopicName } from './topics.js';

/**
 * The shapes of SDF-over-MQTT bodies (sdf-models/CONTRACT.md) as types and zod schemas.
 * Schemas accept what JSON and CBOR decoding produce; unknown fields are dropped.
 */

/** One property value: text (compat), a JSON scalar or null (typed), or a native CBOR value. */
export type SdfScalar = string | number | boolean | bigint | Uint8Array | null;

/** A property's value; a multiple-instance resource is a map from resource-instance id to value. */
export type SdfValue = SdfScalar | { readonly [id: string]: SdfValue };

/** How deep maps may nest in a value: a multiple-instance resource needs one level. */
export const MAX_VALUE_DEPTH = 4;

export interface SdfInstance {
  /** The instance id as decimal text ("0"). */
  readonly label: string;
  readonly sdfProperty?: Readonly<Record<string, SdfValue>>;
}

/** Instances by SDF object name, each list sorted by numeric label. */
export type SdfObjects = Readonly<Record<string, readonly SdfInstance[]>>;

export interface SdfThing {
  readonly sdfObject: SdfObjects;
}

/** Things by name: the body of `announce` and the `things` of a list reply. */
export type SdfThings = Readonly<Record<string, SdfThing>>;

/** An announce body: `{"<thing>":{"sdfObject":{...}}}`. */
export type SdfAnnounce = SdfThings;

export const SDF_OPERATIONS = ['GET', 'POST', 'PUT', 'DELETE', 'START_OBSERVE', 'STOP_OBSERVE'] as const;
export type SdfOperation = (typeof SDF_OPERATIONS)[number];

/** How values are written in a reply: strings (compat, the default) or JSON types (typed). */
export type SdfValuesMode = 'compat' | 'typed';

export interface SdfRequest {
  readonly operation: SdfOperation;
  /** Already unwrapped when it arrived as a JSON-encoded string. */
  readonly data?: unknown;
  /** MQTT 3.1.1 only: where to reply (MQTT 5 uses the Response Topic property). */
  readonly responseTopic?: string;
  /** MQTT 3.1.1 only: echoed in the reply (MQTT 5 uses Correlation Data). */
  readonly correlationId?: string;
  /** MQTT 3.1.1 only: the values mode (MQTT 5 uses the `sdf-values` user property). */
  readonly values?: SdfValuesMode;
}

export interface SdfResponse {
  /** The CoAP code as class * 32 + detail (see SDF_RESPONSE_CODE). */
  readonly response_code: number;
  readonly sdfObject?: SdfObjects;
  /** Only in the reply to a `things` request. */
  readonly things?: SdfThings;
  readonly error?: { readonly title: string; readonly detail?: string };
  readonly correlationId?: string;
}

/**
 * An observe notification as it is on the wire: the announce shape of the observed thing
 * plus `seq` (one more per notification of an observation) and `ts` (when the value was
 * read, in milliseconds since the Unix epoch). `notificationThings()` lists the things.
 */
export interface SdfNotification {
  readonly seq: number;
  readonly ts: number;
  readonly [thing: string]: SdfThing | number;
}

// Not a recursive zod schema: its depth is bounded so that no payload can exhaust the stack.
const valueSchema = z.custom<SdfValue>((value) => isPlainData(value, MAX_VALUE_DEPTH, { arrays: false }), {
  message: `expected a value: text, a number, a boolean, null, bytes or a map of values (maps nested at most ${MAX_VALUE_DEPTH} deep)`,
});

export const sdfInstanceSchema = z.object({
  label: z.string(),
  sdfProperty: z.record(z.string(), valueSchema).optional(),
});

export const sdfObjectsSchema = z.record(z.string().min(1), z.array(sdfInstanceSchema));

export const sdfThingSchema = z.object({ sdfObject: sdfObjectsSchema });

export const sdfThingsSchema = z.record(z.string().refine(isValidThingName, 'expected a valid thing name'), sdfThingSchema);

const topicName = z.string().refine(isValidTopicName, 'expected a topic name without wildcards');

export const sdfRequestSchema = z.object({
  operation: z.enum(SDF_OPERATIONS),
  data: z
    .custom<unknown>((value) => isPlainData(value), {
      message: `expected plain data (null, booleans, numbers, strings, byte strings, arrays and maps, nested at most ${MAX_DATA_DEPTH} deep)`,
    })
    .optional(),
  responseTopic: topicName.optional(),
  correlationId: z.string().optional(),
  values: z.enum(['compat', 'typed']).optional(),
});

export const sdfResponseSchema = z.object({
  response_code: z.number().int().min(0).max(255),
  sdfObject: sdfObjectsSchema.optional(),
  things: sdfThingsSchema.optional(),
  error: z.object({ title: z.string(), detail: z.string().optional() }).optional(),
  correlationId: z.string().optional(),
});

/** The first problem zod found, as FarsideError INVALID_INPUT naming the body and the field. */
export function shapeError(what: string, error: z.ZodError): FarsideError {
  const issue = error.issues[0];
  if (issue === undefined) return invalidInput(`${what} has the wrong shape`, error);
  const where = issue.path.length === 0 ? '' : ` at ${issue.path.map(String).join('.')}`;
  // zod reports a bad record key as "Invalid key in record"; the reason is one level down.
  const message = issue.code === 'invalid_key' ? `invalid key: ${issue.issues[0]?.message ?? 'not allowed'}` : issue.message;
  return invalidInput(`${what} has the wrong shape${where}: ${message}`, error);
}

/** `value` checked against `schema`; throws shapeError otherwise. */
export function parseShape<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw shapeError(what, result.error);
  return result.data;
}
