/**
 * The answer of a registry token server (docker "Token Authentication Specification",
 * the `token`/`access_token` JSON of a GET to the challenge's realm).
 */
import { z } from 'zod';
import { invalidInput } from '../../errors/index.js';

export interface BearerToken {
  readonly token: string;
  /** Lifetime the server gave, in seconds; the spec's default when it gave none. */
  readonly expiresInS: number;
}

/** The spec's lifetime of a token that does not say (60 s). */
export const DEFAULT_TOKEN_LIFETIME_S = 60;
/** A token is an Authorization header value: printable ASCII, and not an essay. */
const TOKEN_PATTERN = /^[\x21-\x7e]{1,16384}$/;

const tokenResponseSchema = z.object({
  token: z.string().optional(),
  access_token: z.string().optional(),
  expires_in: z.number().int().positive().optional(),
});

/** FARSIDE_ERR_INVALID_INPUT when the body is not JSON with a usable token. */
export function parseTokenResponse(body: Uint8Array): BearerToken {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch (err) {
    throw invalidInput(`token server answer is not JSON: ${(err as Error).message}`);
  }
  const parsed = tokenResponseSchema.safeParse(json);
  if (!parsed.success) throw invalidInput(`token server answer is not a token: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`);
  // The spec names it `token`; OAuth2 clients know it as `access_token`, and both may come.
  const token = parsed.data.token ?? parsed.data.access_token;
  if (token === undefined || !TOKEN_PATTERN.test(token)) throw invalidInput('token server answer has no usable token');
  return { token, expiresInS: parsed.data.expires_in ?? DEFAULT_TOKEN_LIFETIME_S };
}
