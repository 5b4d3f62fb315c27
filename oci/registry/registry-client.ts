/**
 * One repository's conversation with its registry: each RegistryRequest becomes a message,
 * goes through authorization and (when safe) retries, and comes back as an Answer. The
 * wrappers are thin, around one transport exchange.
 */
import { FarsideError } from '../../errors/index.js';
import { registryApiHost } from '../reference.js';
import { RegistryAuthorizer, type Authorization } from './auth.js';
import type { HttpMessage, HttpResponse, HttpTransport } from './http-message.js';
import { createHttpTransport } from './http-transport.js';
import type { ResolvedOptions } from './options.js';
import { errorFromResponse, type AuthorizationSent } from './registry-errors.js';
import { messageFromRequest, type Access, type RegistryMessage, type RegistryRequest } from './requests.js';
import { isRetryableStatus, retryAfterMs, retrying, type RetryPolicy } from './retry.js';

/** A registry's response and the credentials that went with the request. */
export interface Answer extends HttpResponse {
  readonly sent: AuthorizationSent;
}

export interface SendOptions {
  readonly signal?: AbortSignal;
  /** Longest 2xx body accepted, in bytes. Default SMALL_BODY_MAX_BYTES. */
  readonly maxBodyBytes?: number;
  readonly onBytesSent?: (done: number) => void;
  readonly onBytesReceived?: (done: number) => void;
  /**
   * Authorize the request for this access even when it needs less: the HEAD that starts
   * a push asks for the push token the next requests need, instead of a pull token first.
   */
  readonly access?: Access;
}

/** Answers that carry no content we keep (ping, upload steps, token) are at most this long, in bytes. */
export const SMALL_BODY_MAX_BYTES = 64 * 1024;

export class RegistryClient {
  readonly registry: string;
  readonly repository: string;
  readonly policy: RetryPolicy;
  readonly #options: ResolvedOptions;
  readonly #base: URL;
  readonly #transport: HttpTransport;
  readonly #authorizer: RegistryAuthorizer;

  constructor(options: ResolvedOptions) {
    this.#options = options;
    this.registry = options.registry;
    this.repository = options.repository;
    this.policy = { retries: options.retries, baseDelayMs: options.retryDelayMs, maxDelayMs: options.maxRetryDelayMs };
    this.#base = new URL(`${options.plainHttp ? 'http' : 'https'}://${registryApiHost(options.registry)}`);
    this.#transport = createHttpTransport({ insecure: options.insecure });
    this.#authorizer = new RegistryAuthorizer({
      registry: options.registry,
      repository: options.repository,
      ...(options.credentials && { credentials: options.credentials }),
      sendTokenRequest: (message, signal) => this.#retried(signal, () => this.#exchange(message, { ...(signal && { signal }) }, false)),
    });
  }

  async send(request: RegistryRequest, options: SendOptions = {}): Promise<Answer> {
    const message = messageFromRequest(this.#base, this.repository, request);
    const once = (): Promise<Answer> => this.#sendAuthorized(message, options);
    return message.retryable ? this.#retried(options.signal, once) : once();
  }

  /** The answer when its status is one of `ok`, else its error (see errorFromResponse). */
  expect(answer: Answer, ok: readonly number[], subject: string): Answer {
    if (ok.includes(answer.status)) return answer;
    throw this.fail(answer, subject);
  }

  fail(answer: Answer, subject: string): FarsideError {
    // A retryable status reaching here was retried as far as the policy allows.
    const retries = isRetryableStatus(answer.status) ? this.policy.retries : 0;
    return errorFromResponse(answer, { registry: this.registry, repository: this.repository, subject, authorization: answer.sent, retries });
  }

  close(): void {
    this.#transport.close();
  }

  /** Sends with what authorization is known; a 401 teaches the authorizer, and the request goes once more if that may help. */
  async #sendAuthorized(message: RegistryMessage, options: SendOptions): Promise<Answer> {
    const access = options.access === 'push' ? 'push' : message.access;
    let authorization = await this.#authorizer.authorize(access, options.signal);
    let response = await this.#exchange(withAuthorization(message, authorization), options, message.followRedirects);
    if (response.status === 401 && (await this.#authorizer.learn(response, authorization))) {
      authorization = await this.#authorizer.authorize(access, options.signal);
      response = await this.#exchange(withAuthorization(message, authorization), options, message.followRedirects);
    }
    return { ...response, sent: authorization.sent };
  }

  #exchange(message: HttpMessage, options: SendOptions, followRedirects: boolean): Promise<HttpResponse> {
    return this.#transport.exchange(message, {
      timeoutMs: this.#options.timeoutMs,
      maxBodyBytes: options.maxBodyBytes ?? SMALL_BODY_MAX_BYTES,
      followRedirects,
      ...(options.signal && { signal: options.signal }),
      ...(options.onBytesSent && { onBytesSent: options.onBytesSent }),
      ...(options.onBytesReceived && { onBytesReceived: options.onBytesReceived }),
    });
  }

  #retried<T extends HttpResponse>(signal: AbortSignal | undefined, attempt: () => Promise<T>): Promise<T> {
    return retrying(this.policy, signal, attempt, (response) => (isRetryableStatus(response.status) ? retryAfterMs(response.headers['retry-after']) : undefined));
  }
}

function withAuthorization(message: RegistryMessage, authorization: Authorization): HttpMessage {
  const { method, url, headers, body } = message;
  const withHeader = authorization.header !== undefined ? { ...headers, authorization: authorization.header } : headers;
  return { method, url, headers: withHeader, ...(body !== undefined && { body }) };
}
