/**
 * The one mapping from a registry's failed answer to a FarsideError, with the registry's
 * own error code and message (distribution-spec §"Error Codes") in the text.
 */
import { z } from 'zod';
import { ERROR_CODES, FarsideError, invalidInput } from '../../errors/index.js';
import type { HttpResponse } from './http-message.js';

/** Which credentials went with a request, so that a 401/403 can say whether any were sent. */
export type AuthorizationSent = { readonly scheme: 'none' } | { readonly scheme: 'basic' | 'bearer'; readonly username?: string };

export interface ResponseContext {
  /** The registry as the user named it, e.g. `docker.io` or `127.0.0.1:5000`. */
  readonly registry: string;
  readonly repository: string;
  /** What was asked for, for the message: `tag "v1"`, `blob sha256:...`, `the upload of sha256:...`. */
  readonly subject: string;
  readonly authorization: AuthorizationSent;
  /** Retries spent before this answer, said in the message of a status that was retried. */
  readonly retries: number;
}

const errorBodySchema = z.object({
  errors: z.array(z.object({ code: z.string().optional(), message: z.string().optional() }).passthrough()).min(1),
});

/** The registry's errors as `CODE: message; ...`, or undefined when the body is not a distribution-spec error body. */
export function describeRegistryErrors(body: Uint8Array): string | undefined {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(body).toString('utf8'));
  } catch {
    return undefined;
  }
  const parsed = errorBodySchema.safeParse(json);
  if (!parsed.success) return undefined;
  return parsed.data.errors.map((e) => [e.code, e.message].filter((part) => part !== undefined && part !== '').join(': ') || 'unknown error').join('; ');
}

export function errorFromResponse(response: HttpResponse, context: ResponseContext): FarsideError {
  const { status } = response;
  const where = `${context.registry}/${context.repository}`;
  const said = describeRegistryErrors(response.body);
  const answer = `HTTP ${status}${said !== undefined ? `, ${said}` : ''}`;
  if (status === 401 || status === 403) {
    return new FarsideError(ERROR_CODES.NOT_ALLOWED, `${context.registry} refused access to ${context.subject} in ${context.repository} (${answer}); ${describeSent(context)}`);
  }
  if (status === 404) return new FarsideError(ERROR_CODES.NOT_FOUND, `${context.subject} not found in ${where}${said !== undefined ? ` (${said})` : ''}`);
  if (status === 405) return new FarsideError(ERROR_CODES.NOT_ALLOWED, `${context.registry} does not allow this operation on ${context.subject} in ${context.repository} (${answer})`);
  if (status === 429 || status >= 500) {
    const retried = context.retries > 0 ? ` after ${context.retries} ${context.retries === 1 ? 'retry' : 'retries'}` : '';
    return new FarsideError(ERROR_CODES.DEVICE_UNAVAILABLE, `${context.registry} could not serve ${context.subject} in ${context.repository}${retried} (${answer})`);
  }
  // Other 4xx: the registry refused what we sent (MANIFEST_INVALID, DIGEST_INVALID, SIZE_INVALID, ...); any other status breaks the protocol.
  return invalidInput(`${context.registry} refused ${context.subject} in ${context.repository} (${answer})`);
}

function describeSent(context: ResponseContext): string {
  const sent = context.authorization;
  switch (sent.scheme) {
    case 'none':
      return `no credentials were sent (none are configured for ${context.registry})`;
    case 'basic':
      return `the password of user "${sent.username ?? ''}" was sent`;
    case 'bearer':
      return sent.username !== undefined ? `a token issued to user "${sent.username}" was sent` : 'an anonymous token was sent (no credentials are configured for this registry)';
    default: {
      const unknown: never = sent;
      return `unknown credentials ${JSON.stringify(unknown)}`;
    }
  }
}
