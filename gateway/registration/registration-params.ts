import { z } from 'zod';
import type { Registration } from './registration.js';
import { invalidInput, objectsFromLinks, parseLinkFormat, parseQuery, type RegisteredObjects } from '../../lwm2m/index.js';

/** LwM2M versions this server speaks (Core §6.2.1.1 `lwm2m` parameter). */
export const SUPPORTED_LWM2M_VERSIONS = ['1.0', '1.1'] as const;

/** Core §6.2.1: a missing `lt` means 86400 s. */
export const DEFAULT_LIFETIME_S = 86_400;

const endpointName = z
  .string()
  .min(1, 'endpoint name (ep) is empty')
  .max(255, 'endpoint name (ep) is longer than 255 characters')
  // eslint-disable-next-line no-control-regex
  .regex(/^[^\x00-\x1f\x7f]+$/, 'endpoint name (ep) has control characters');

const lifetime = z.coerce
  .number({ message: 'lifetime (lt) is not a number' })
  .int('lifetime (lt) is not an integer')
  .min(1, 'lifetime (lt) must be at least 1 s')
  .max(0xffffffff, 'lifetime (lt) is out of range');

/** Binding letters of 1.0 (U, UQ, S, SQ, US, UQS) and 1.1 (U, S, N, T, with Q separate). */
const binding = z.string().regex(/^[USNTQ]{1,5}$/, 'binding (b) must be made of U, S, N, T, Q');

const registerQuery = z.object({
  ep: endpointName,
  lt: lifetime.default(DEFAULT_LIFETIME_S),
  lwm2m: z.string().default('1.0'),
  b: binding.default('U'),
  Q: z.literal('').optional(),
  sms: z.string().max(32).optional(),
});

const updateQuery = z.object({
  lt: lifetime.optional(),
  b: binding.optional(),
  sms: z.string().max(32).optional(),
});

/** What a register request says; the rest of a Registration comes from the exchange. */
export type RegisterParams = Pick<Registration, 'endpoint' | 'lifetimeS' | 'lwm2mVersion' | 'binding' | 'queueMode' | 'smsNumber'> & {
  readonly objects: RegisteredObjects;
};

export type UpdateParams = Partial<Pick<Registration, 'lifetimeS' | 'binding' | 'smsNumber'>> & {
  /** Present only when the update carried a new object list. */
  readonly objects?: RegisteredObjects;
};

export type ParseResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly code: '4.00' | '4.12'; readonly message: string };

export function registerParamsFromRequest(query: readonly string[] | undefined, payload: Uint8Array): ParseResult<RegisterParams> {
  const parsed = registerQuery.safeParse(Object.fromEntries(parseQuery(query)));
  if (!parsed.success) return { ok: false, code: '4.00', message: firstIssue(parsed.error) };
  const q = parsed.data;
  if (!(SUPPORTED_LWM2M_VERSIONS as readonly string[]).includes(q.lwm2m)) {
    // Core §6.2.1: an unsupported version is 4.12 Precondition Failed.
    return { ok: false, code: '4.12', message: `LwM2M version ${q.lwm2m} is not supported (supported: ${SUPPORTED_LWM2M_VERSIONS.join(', ')})` };
  }
  const objects = objectsFromPayload(payload);
  if (!objects.ok) return objects;
  return {
    ok: true,
    value: {
      endpoint: q.ep,
      lifetimeS: q.lt,
      lwm2mVersion: q.lwm2m,
      binding: q.b.replace('Q', ''),
      queueMode: q.Q !== undefined || q.b.includes('Q'),
      smsNumber: q.sms,
      objects: objects.value,
    },
  };
}

export function updateParamsFromRequest(query: readonly string[] | undefined, payload: Uint8Array): ParseResult<UpdateParams> {
  const parsed = updateQuery.safeParse(Object.fromEntries(parseQuery(query)));
  if (!parsed.success) return { ok: false, code: '4.00', message: firstIssue(parsed.error) };
  let objects: RegisteredObjects | undefined;
  if (payload.length > 0) {
    const result = objectsFromPayload(payload);
    if (!result.ok) return result;
    objects = result.value;
  }
  const q = parsed.data;
  return { ok: true, value: { lifetimeS: q.lt, binding: q.b?.replace('Q', ''), smsNumber: q.sms, objects } };
}

function objectsFromPayload(payload: Uint8Array): ParseResult<RegisteredObjects> {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(payload);
    if (text.trim() === '') throw invalidInput('registration payload (object list) is empty');
    return { ok: true, value: objectsFromLinks(parseLinkFormat(text)) };
  } catch (err) {
    return { ok: false, code: '4.00', message: `malformed object list: ${(err as Error).message}` };
  }
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid registration parameters';
  if (issue.code === 'invalid_type' && issue.input === undefined) return `missing parameter ${issue.path.join('.')}`;
  return issue.message;
}
