/**
 * The registry client's only HTTP code: one exchange of an HttpMessage for an
 * HttpResponse over node:http/https, with redirects, an idle timeout, a body size limit
 * and byte progress. Every status is a response; only a failure to talk is an error
 * (FarsideError DEVICE_UNAVAILABLE, TIMEOUT, CANCELLED or, for an oversized body, INVALID_INPUT).
 */
import { channel } from 'node:diagnostics_channel';
import http from 'node:http';
import https from 'node:https';
import { ERROR_CODES, FarsideError, invalidInput } from '../../errors/index.js';
import { HTTP_CHANNEL, type ExchangeOptions, type HttpMessage, type HttpResponse, type HttpTrace, type HttpTransport } from './http-message.js';

const trace = channel(HTTP_CHANNEL);

/** Of an error response, only this much body is kept: enough for the registry's error message. */
export const ERROR_BODY_MAX_BYTES = 64 * 1024;
const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);
/** Bodies are written in pieces of this size so that progress moves and backpressure is honoured. */
const WRITE_CHUNK_BYTES = 64 * 1024;

/** `insecure` skips TLS certificate verification (a registry with a self-signed certificate). */
export function createHttpTransport(options: { readonly insecure: boolean }): HttpTransport {
  let agents: { http: http.Agent; https: https.Agent } | undefined;
  const agentFor = (url: URL): http.Agent => {
    agents ??= { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true, rejectUnauthorized: !options.insecure }) };
    return url.protocol === 'https:' ? agents.https : agents.http;
  };
  return {
    async exchange(message, exchangeOptions) {
      let current = message;
      for (let hop = 0; ; hop++) {
        const outcome = await exchangeOnce(current, exchangeOptions, agentFor(current.url));
        if (outcome.kind === 'response') return outcome.response;
        if (hop === MAX_REDIRECTS) throw invalidInput(`${message.method} ${redact(message.url)}: more than ${MAX_REDIRECTS} redirects`);
        current = redirected(current, outcome.location);
      }
    },
    close() {
      agents?.http.destroy();
      agents?.https.destroy();
      agents = undefined;
    },
  };
}

/** The message to send to `location`: storage behind a redirect must not see the registry's credentials. */
function redirected(message: HttpMessage, location: URL): HttpMessage {
  if (location.origin === message.url.origin) return { ...message, url: location };
  const headers = Object.fromEntries(Object.entries(message.headers).filter(([name]) => name.toLowerCase() !== 'authorization'));
  return { ...message, url: location, headers };
}

type Outcome = { readonly kind: 'response'; readonly response: HttpResponse } | { readonly kind: 'redirect'; readonly location: URL };

function exchangeOnce(message: HttpMessage, options: ExchangeOptions, agent: http.Agent): Promise<Outcome> {
  const { url, method } = message;
  const started = performance.now();
  return new Promise<Outcome>((resolve, reject) => {
    let settled = false;
    const settle = (outcome: Outcome | FarsideError, status = 0): void => {
      if (settled) return;
      settled = true;
      if (trace.hasSubscribers) trace.publish({ method, url: redact(url), status, durationMs: performance.now() - started } satisfies HttpTrace);
      if (outcome instanceof FarsideError) reject(outcome);
      else resolve(outcome);
    };
    if (options.signal?.aborted) {
      settle(cancelled(message));
      return;
    }
    const headers: Record<string, string> = { ...message.headers };
    if (message.body !== undefined || method === 'POST' || method === 'PUT' || method === 'PATCH') headers['content-length'] = String(message.body?.length ?? 0);
    const request = (url.protocol === 'https:' ? https : http).request(url, { method, headers, agent, ...(options.signal && { signal: options.signal }) });
    request.setTimeout(options.timeoutMs, () => {
      settle(new FarsideError(ERROR_CODES.TIMEOUT, `${method} ${redact(url)}: no answer for ${options.timeoutMs} ms`));
      request.destroy();
    });
    request.on('error', (err: NodeJS.ErrnoException) => {
      settle(err.name === 'AbortError' ? cancelled(message) : unreachable(message, err));
    });
    request.on('response', (response) => {
      const status = response.statusCode ?? 0;
      const responseHeaders = flattenHeaders(response.headers);
      const location = responseHeaders.location;
      if (options.followRedirects && REDIRECT_STATUSES.has(status) && location !== undefined) {
        response.resume();
        let target: URL;
        try {
          target = new URL(location, url);
        } catch {
          settle(invalidInput(`${method} ${redact(url)}: redirect to a bad URL "${location}"`), status);
          return;
        }
        settle({ kind: 'redirect', location: target }, status);
        return;
      }
      const success = status >= 200 && status < 300;
      const limit = success ? options.maxBodyBytes : ERROR_BODY_MAX_BYTES;
      const declared = Number(responseHeaders['content-length']);
      if (success && method !== 'HEAD' && declared > limit) {
        settle(invalidInput(`${method} ${redact(url)}: the answer has ${declared} bytes, more than the ${limit} expected`), status);
        request.destroy();
        return;
      }
      const chunks: Buffer[] = [];
      let received = 0;
      response.on('data', (chunk: Buffer) => {
        if (received + chunk.length > limit) {
          if (success) {
            settle(invalidInput(`${method} ${redact(url)}: the answer has more than the ${limit} bytes expected`), status);
            request.destroy();
            return;
          }
          chunk = chunk.subarray(0, Math.max(0, limit - received));
        }
        chunks.push(chunk);
        received += chunk.length;
        if (success) options.onBytesReceived?.(received);
      });
      response.on('end', () => {
        settle({ kind: 'response', response: { status, headers: responseHeaders, body: new Uint8Array(Buffer.concat(chunks)), url } }, status);
      });
      response.on('error', (err: NodeJS.ErrnoException) => settle(err.name === 'AbortError' ? cancelled(message) : unreachable(message, err), status));
    });
    writeBody(request, message.body, options.onBytesSent);
  });
}

function writeBody(request: http.ClientRequest, body: Uint8Array | undefined, onBytesSent: ((done: number) => void) | undefined): void {
  if (body === undefined) {
    request.end();
    return;
  }
  let offset = 0;
  const writeMore = (): void => {
    while (offset < body.length) {
      const chunk = body.subarray(offset, offset + WRITE_CHUNK_BYTES);
      offset += chunk.length;
      const more = request.write(chunk);
      onBytesSent?.(offset);
      if (!more) {
        request.once('drain', writeMore);
        return;
      }
    }
    request.end();
  };
  writeMore();
}

function flattenHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

function cancelled(message: HttpMessage): FarsideError {
  return new FarsideError(ERROR_CODES.CANCELLED, `${message.method} ${redact(message.url)} was cancelled`);
}

function unreachable(message: HttpMessage, err: NodeJS.ErrnoException): FarsideError {
  const tls = err.code !== undefined && /CERT|SELF_SIGNED|TLS|SSL/.test(err.code);
  const hint = tls ? ' (a registry with a self-signed certificate needs the insecure option)' : '';
  return new FarsideError(ERROR_CODES.DEVICE_UNAVAILABLE, `${message.method} ${redact(message.url)} failed: ${err.code ?? err.message}${hint}`, { cause: err });
}

/** A URL fit for messages and traces: upload session state and signed storage URLs live in the query. */
function redact(url: URL): string {
  return `${url.origin}${url.pathname}`;
}
