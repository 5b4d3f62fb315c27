/**
 * Registry authorization: anonymous until challenged, then Basic or Bearer as the
 * challenge says (docker "Token Authentication Specification"), remembered so that later
 * requests carry it from the start. Bearer tokens are cached per scope.
 */
import { ERROR_CODES, FarsideError, invalidInput } from '../../errors/index.js';
import { parseAuthChallenge, type AuthChallenge } from './challenge.js';
import type { Credentials, CredentialsProvider } from './credentials.js';
import type { HttpMessage, HttpResponse } from './http-message.js';
import { describeRegistryErrors, type AuthorizationSent } from './registry-errors.js';
import type { Access } from './requests.js';
import { parseTokenResponse } from './token-response.js';

/** An Authorization header to send, and what it amounts to (for error messages). */
export interface Authorization {
  readonly header?: string;
  readonly sent: AuthorizationSent;
  /** Set when the header is a token that came from the cache, not fresh from the token server. */
  readonly cachedTokenScope?: string;
}

export interface AuthorizerOptions {
  readonly registry: string;
  readonly repository: string;
  readonly credentials?: CredentialsProvider;
  /** Sends a request to the token server (with the client's retries and timeouts). */
  readonly sendTokenRequest: (message: HttpMessage, signal: AbortSignal | undefined) => Promise<HttpResponse>;
}

/** A token is renewed this long before the server said it expires, in ms, so that it does not expire in flight. */
const TOKEN_EXPIRY_MARGIN_MS = 5_000;

interface CachedToken {
  readonly token: string;
  readonly expiresAt: number;
  readonly username?: string;
}

export class RegistryAuthorizer {
  readonly #options: AuthorizerOptions;
  /** The scheme the registry asked for last; undefined until the first 401. */
  #challenge: AuthChallenge | undefined;
  #credentials: Promise<Credentials | undefined> | undefined;
  /** Tokens (or their pending fetch) by scope. */
  readonly #tokens = new Map<string, Promise<CachedToken>>();

  constructor(options: AuthorizerOptions) {
    this.#options = options;
  }

  /** What to send for a request needing `access`, from what earlier challenges taught. */
  async authorize(access: Access, signal: AbortSignal | undefined): Promise<Authorization> {
    const challenge = this.#challenge;
    if (challenge === undefined) return { sent: { scheme: 'none' } };
    if (challenge.scheme === 'basic') {
      const credentials = await this.#credentialsOnce();
      if (credentials === undefined) return { sent: { scheme: 'none' } };
      return { header: basicHeader(credentials), sent: { scheme: 'basic', username: credentials.username } };
    }
    // A pull,push token serves pulls too: use it rather than fetch a second one.
    const scopes = access === 'pull' ? [this.#scope('pull'), this.#scope('push')] : [this.#scope('push')];
    for (const scope of scopes) {
      const cached = await this.#cachedToken(scope);
      if (cached !== undefined) return { header: `Bearer ${cached.token}`, sent: bearerSent(cached), cachedTokenScope: scope };
    }
    const scope = this.#scope(access);
    const fetched = this.#fetchToken(challenge, scope, signal);
    this.#tokens.set(scope, fetched);
    fetched.catch(() => this.#tokens.delete(scope));
    const token = await fetched;
    return { header: `Bearer ${token.token}`, sent: bearerSent(token) };
  }

  /**
   * Learns from a 401 answer to a request sent with `sent`; true when sending it again
   * with what authorize() now gives may succeed (a new scheme, credentials to add, a
   * stale cached token replaced), false when it would be refused the same way.
   */
  async learn(response: HttpResponse, sent: Authorization): Promise<boolean> {
    const header = response.headers['www-authenticate'];
    if (header === undefined) return false;
    let challenge: AuthChallenge;
    try {
      challenge = parseAuthChallenge(header);
    } catch {
      return false;
    }
    if (challenge.scheme === 'basic') {
      this.#challenge = challenge;
      return sent.sent.scheme !== 'basic' && (await this.#credentialsOnce()) !== undefined;
    }
    if (challenge.scheme !== 'bearer') return false;
    if (challenge.params.realm === undefined) throw invalidInput(`${this.#options.registry} asked for a Bearer token without saying where to get one (no realm)`);
    this.#challenge = challenge;
    if (sent.cachedTokenScope !== undefined) {
      this.#tokens.delete(sent.cachedTokenScope);
      return true;
    }
    return sent.sent.scheme !== 'bearer';
  }

  #scope(access: Access): string {
    return `repository:${this.#options.repository}:${access === 'push' ? 'pull,push' : 'pull'}`;
  }

  #credentialsOnce(): Promise<Credentials | undefined> {
    this.#credentials ??= this.#options.credentials?.(this.#options.registry) ?? Promise.resolve(undefined);
    return this.#credentials;
  }

  async #cachedToken(scope: string): Promise<CachedToken | undefined> {
    const pending = this.#tokens.get(scope);
    if (pending === undefined) return undefined;
    try {
      const token = await pending;
      if (token.expiresAt > Date.now()) return token;
    } catch {
      // The fetch that failed reported it to its own caller; this one fetches again.
    }
    if (this.#tokens.get(scope) === pending) this.#tokens.delete(scope);
    return undefined;
  }

  async #fetchToken(challenge: AuthChallenge, scope: string, signal: AbortSignal | undefined): Promise<CachedToken> {
    const realm = challenge.params.realm ?? '';
    let url: URL;
    try {
      url = new URL(realm);
    } catch {
      throw invalidInput(`${this.#options.registry} names a token server that is not a URL: "${realm}"`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalidInput(`${this.#options.registry} names a token server that is not http(s): "${realm}"`);
    if (challenge.params.service !== undefined) url.searchParams.set('service', challenge.params.service);
    url.searchParams.set('scope', scope);
    const credentials = await this.#credentialsOnce();
    const headers: Record<string, string> = credentials !== undefined ? { authorization: basicHeader(credentials) } : {};
    const response = await this.#options.sendTokenRequest({ method: 'GET', url, headers }, signal);
    if (response.status === 200) {
      const { token, expiresInS } = parseTokenResponse(response.body);
      const expiresAt = Date.now() + Math.max(0, expiresInS * 1000 - TOKEN_EXPIRY_MARGIN_MS);
      return { token, expiresAt, ...(credentials !== undefined && { username: credentials.username }) };
    }
    const said = describeRegistryErrors(response.body);
    const answer = `HTTP ${response.status}${said !== undefined ? `, ${said}` : ''}`;
    const refused = `the token server ${url.origin}${url.pathname} of ${this.#options.registry} refused a token for ${scope} (${answer})`;
    if (response.status === 401 || response.status === 403) {
      const sentWhat = credentials !== undefined ? `the password of user "${credentials.username}" was sent` : `no credentials were sent (none are configured for ${this.#options.registry})`;
      throw new FarsideError(ERROR_CODES.NOT_ALLOWED, `${refused}; ${sentWhat}`);
    }
    throw new FarsideError(response.status === 429 || response.status >= 500 ? ERROR_CODES.DEVICE_UNAVAILABLE : ERROR_CODES.INVALID_INPUT, refused);
  }
}

function basicHeader(credentials: Credentials): string {
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`, 'utf8').toString('base64')}`;
}

function bearerSent(token: CachedToken): AuthorizationSent {
  return token.username !== undefined ? { scheme: 'bearer', username: token.username } : { scheme: 'bearer' };
}
