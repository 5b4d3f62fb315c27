import { z } from 'zod';
import { invalidInput } from '../../errors/index.js';

/** Value types of a service input/output in FITA's service.json. */
export const SERVICE_VALUE_TYPE = { INT: 0, FLOAT: 1 } as const;

/** Larger service.json files are refused; an MCU module base64-encoded stays far below this. */
export const MAX_SERVICE_JSON_BYTES = 8 * 1024 * 1024;

/** Standard base64 with padding, what FITA puts in `service`. */
const base64 = z.string().regex(/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/, 'not base64');

const serviceValueSchema = z.looseObject({
  key: z.string().min(1),
  type: z.union([z.literal(SERVICE_VALUE_TYPE.INT), z.literal(SERVICE_VALUE_TYPE.FLOAT)]),
  /** e.g. `["lwm2m:3303/x/5700"]`: the LwM2M resources the value comes from or goes to. */
  data_model_mapping: z.array(z.string().min(1)).optional(),
});

/**
 * embServe's service.json in FITA's format, `{name, version, data_model, service,
 * dependencies, inputs, outputs}`, plus farside's optional extensions (FITA ignores
 * them): `wasm`, a base64 WebAssembly module used instead of `service`, and `model`,
 * the TinyML model the workload runs. Unknown fields are kept, not refused.
 */
export const serviceJsonSchema = z
  .looseObject({
    name: z.string().min(1),
    version: z.union([z.string().min(1), z.number()]),
    data_model: z.array(z.string().min(1)).optional(),
    service: base64.optional(),
    wasm: base64.optional(),
    dependencies: z.record(z.string(), z.union([z.number(), z.string()])).optional(),
    inputs: z.array(serviceValueSchema).optional(),
    outputs: z.array(serviceValueSchema).optional(),
    model: z
      .looseObject({
        file: z.string().min(1).optional(),
        tensor_arena_size: z.number().int().positive().optional(),
      })
      .optional(),
  })
  .refine((service) => service.service !== undefined || service.wasm !== undefined, {
    message: 'needs a module: "service" (base64) or "wasm" (base64 WebAssembly)',
  });

export type ServiceJson = z.infer<typeof serviceJsonSchema>;
export type ServiceValue = z.infer<typeof serviceValueSchema>;

/** Validates service.json bytes; anything else is FARSIDE_ERR_INVALID_INPUT naming the first problem. */
export function parseServiceJson(bytes: Uint8Array): ServiceJson {
  if (!(bytes instanceof Uint8Array)) throw invalidInput('service.json must be bytes');
  if (bytes.length > MAX_SERVICE_JSON_BYTES) throw invalidInput(`service.json of ${bytes.length} bytes is over the ${MAX_SERVICE_JSON_BYTES}-byte limit`);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (err) {
    throw invalidInput(`service.json is not JSON: ${(err as Error).message}`, err);
  }
  const parsed = serviceJsonSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    throw invalidInput(`invalid service.json: ${where}${issue?.message ?? 'wrong shape'}`);
  }
  return parsed.data;
}
