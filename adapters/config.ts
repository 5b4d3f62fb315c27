import { z } from 'zod';
import { invalidInput } from '../errors/index.js';
import { isValidName, isValidThingName, isValidTopicPrefix } from '../sdf-models/index.js';

/** What `farside adapter` needs, read once from the environment the kubelet sets (kubelet/adapter-resources.ts). */
export interface AdapterConfig {
  /** The SDF thing (LwM2M endpoint) whose device this adapter serves. `FARSIDE_THING`, required. */
  readonly thing: string;
  /** The gateway's MQTT broker. `FARSIDE_MQTT_URL`, default `mqtt://127.0.0.1:1883`. */
  readonly mqttUrl: string;
  /** The gateway's SDF topic prefix. `FARSIDE_SDF_PREFIX`, default none. */
  readonly sdfPrefix?: string;
  /** MQTT protocol level: 4 (3.1.1, what the embedded broker speaks) or 5. `FARSIDE_MQTT_PROTOCOL`, default 4. */
  readonly protocolVersion: 4 | 5;
  /** TCP port of the HTTP API. `FARSIDE_ADAPTER_PORT`, default 8080. */
  readonly port: number;
  /** The only SDF objects served, when set. `FARSIDE_ADAPTER_OBJECTS`, a comma-separated list; default all. */
  readonly objects?: readonly string[];
}

export const DEFAULT_ADAPTER_PORT = 8080;
export const DEFAULT_MQTT_URL = 'mqtt://127.0.0.1:1883';

// Kubernetes sets an unset optional variable to "" as often as it leaves it out: both mean "not set".
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

const envSchema = z.object({
  FARSIDE_THING: z
    .string({ error: 'is required: the SDF thing (LwM2M endpoint name) to serve' })
    .refine(isValidThingName, 'must be a thing name: non-empty, without + # /, not starting with $, not announce/unregister/things'),
  FARSIDE_MQTT_URL: optional(z.string().regex(/^[a-z][a-z0-9+.-]*:\/\/\S+$/i, 'must be a URL like mqtt://host:1883')),
  FARSIDE_SDF_PREFIX: optional(z.string().refine(isValidTopicPrefix, 'must be topic levels without + # or empty levels')),
  FARSIDE_MQTT_PROTOCOL: optional(z.enum(['4', '5'], { error: 'must be 4 (MQTT 3.1.1) or 5' })),
  FARSIDE_ADAPTER_PORT: optional(z.string().regex(/^\d{1,5}$/, 'must be a port number').refine((port) => Number(port) <= 65535, 'must be a port number up to 65535')),
  FARSIDE_ADAPTER_OBJECTS: optional(
    z
      .string()
      .transform((list) => list.split(',').map((name) => name.trim()).filter((name) => name !== ''))
      .refine((names) => names.length > 0, 'must list at least one SDF object name')
      .refine((names) => names.every(isValidName), 'must be SDF object names separated by commas, without + # /'),
  ),
});

/**
 * The adapter's configuration from environment variables; throws FarsideError
 * INVALID_INPUT naming the first bad variable and what it must be.
 */
export function adapterConfigFromEnv(env: Readonly<Record<string, string | undefined>>): AdapterConfig {
  const result = envSchema.safeParse(env);
  if (!result.success) {
    const issue = result.error.issues[0];
    const variable = issue?.path.map(String).join('.') ?? 'environment';
    const given = typeof env[variable] === 'string' ? ` (got ${JSON.stringify(env[variable])})` : '';
    throw invalidInput(`${variable} ${issue?.message ?? 'is invalid'}${given}`, result.error);
  }
  const e = result.data;
  return {
    thing: e.FARSIDE_THING,
    mqttUrl: e.FARSIDE_MQTT_URL ?? DEFAULT_MQTT_URL,
    ...(e.FARSIDE_SDF_PREFIX === undefined ? {} : { sdfPrefix: e.FARSIDE_SDF_PREFIX }),
    protocolVersion: e.FARSIDE_MQTT_PROTOCOL === '5' ? 5 : 4,
    port: e.FARSIDE_ADAPTER_PORT === undefined ? DEFAULT_ADAPTER_PORT : Number(e.FARSIDE_ADAPTER_PORT),
    ...(e.FARSIDE_ADAPTER_OBJECTS === undefined ? {} : { objects: e.FARSIDE_ADAPTER_OBJECTS }),
  };
}
