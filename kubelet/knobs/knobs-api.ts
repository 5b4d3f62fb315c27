import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ERROR_CODES, FarsideError, invalidInput, isFarsideError } from '../../errors/index.js';
import type { KnobClient } from './knob-client.js';
import { applyKnobEvent, MAX_KNOB_EVENT_BYTES, parseKnobEvent } from './knob-event.js';
import { httpStatusOfError } from './http-status.js';
import type { KnobsLogger } from './knobs-logger.js';

export interface KnobsApiOptions {
  readonly knobs: KnobClient;
  /** TCP port; 0 picks a free one. Default 8090. */
  readonly port?: number;
  /** Address to listen on. Default 127.0.0.1. */
  readonly host?: string;
  readonly logger?: KnobsLogger;
}

type Route =
  | { readonly kind: 'health' }
  | { readonly kind: 'list'; readonly thing: string }
  | { readonly kind: 'get'; readonly thing: string; readonly knob: string }
  | { readonly kind: 'set'; readonly thing: string; readonly knob: string }
  | { readonly kind: 'event'; readonly thing: string };

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function segment(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw invalidInput(`"${text}" is not a valid path segment`);
  }
}

/** The route of a request, or an HttpError 404/405 saying what exists. */
function routeOf(method: string, pathname: string): Route {
  if (pathname === '/healthz') {
    if (method !== 'GET') throw new HttpError(405, 'only GET is allowed on /healthz');
    return { kind: 'health' };
  }
  const parts = pathname.split('/').slice(1);
  if (parts[0] !== 'v1' || parts[1] !== 'things' || parts[2] === undefined || parts[2] === '') {
    throw new HttpError(404, `no such path ${pathname}; try /v1/things/<thing>/knobs`);
  }
  const thing = segment(parts[2]);
  const rest = parts.slice(3);
  if (rest.length === 1 && rest[0] === 'knobs') {
    if (method === 'GET') return { kind: 'list', thing };
    throw new HttpError(405, `only GET is allowed on ${pathname}`);
  }
  if (rest.length === 2 && rest[0] === 'knobs' && rest[1] !== '') {
    const knob = segment(rest[1] ?? '');
    if (method === 'GET') return { kind: 'get', thing, knob };
    if (method === 'PUT') return { kind: 'set', thing, knob };
    throw new HttpError(405, `only GET and PUT are allowed on ${pathname}`);
  }
  if (rest.length === 1 && rest[0] === 'knob-events') {
    if (method === 'POST') return { kind: 'event', thing };
    throw new HttpError(405, `only POST is allowed on ${pathname}`);
  }
  throw new HttpError(404, `no such path ${pathname}; try /v1/things/<thing>/knobs`);
}

async function bodyOf(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_KNOB_EVENT_BYTES) throw new HttpError(413, `the request body is over the ${MAX_KNOB_EVENT_BYTES}-byte limit`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function jsonBody(bytes: Buffer): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (err) {
    throw invalidInput(`the request body is not JSON: ${(err as Error).message}`, err);
  }
}

function valueFromBody(body: unknown): string {
  const value = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as { value?: unknown }).value : undefined;
  if (typeof value !== 'string') throw invalidInput('the request body must be {"value": "<VALUE>"}, e.g. {"value": "LOW"}');
  return value;
}

/**
 * The knobs HTTP API (JSON): `GET /v1/things/{thing}/knobs`, `GET|PUT /v1/things/{thing}/knobs/{knob}`
 * (`{"value":"LOW"}`), `POST /v1/things/{thing}/knob-events` (an MLSysOps CONTROL_KNOB_EVENT),
 * `GET /healthz`. Errors are `{"error":{"code","message"}}` with a 4xx for bad requests, 503/504
 * when the device cannot be reached in time.
 */
export class KnobsApi {
  readonly #options: KnobsApiOptions;
  #server: Server | undefined;

  constructor(options: KnobsApiOptions) {
    this.#options = options;
  }

  /** Listens; resolves with the bound address. */
  async start(): Promise<AddressInfo> {
    if (this.#server !== undefined) throw new FarsideError(ERROR_CODES.INTERNAL, 'the knobs API is already started');
    const server = createServer((request, response) => void this.#handle(request, response));
    this.#server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.#options.port ?? 8090, this.#options.host ?? '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    return server.address() as AddressInfo;
  }

  /** Stops listening and drops open connections; idempotent. */
  async close(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    if (server === undefined) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = request.method ?? 'GET';
    const pathname = new URL(request.url ?? '/', 'http://knobs').pathname;
    try {
      const result = await this.#answer(routeOf(method, pathname), request);
      send(response, 200, result);
    } catch (err) {
      const status = err instanceof HttpError ? err.status : httpStatusOfError(err);
      const code = isFarsideError(err) ? err.code : status >= 500 ? ERROR_CODES.INTERNAL : ERROR_CODES.INVALID_INPUT;
      const message = err instanceof Error ? err.message : String(err);
      if (status >= 500) this.#options.logger?.warn({ err, method, path: pathname }, 'knobs API request failed');
      else this.#options.logger?.debug({ method, path: pathname, status, message }, 'knobs API refused a request');
      send(response, status, { error: { code, message } });
    }
  }

  async #answer(route: Route, request: IncomingMessage): Promise<unknown> {
    const knobs = this.#options.knobs;
    switch (route.kind) {
      case 'health':
        return { status: 'ok' };
      case 'list':
        return { thing: route.thing, knobs: await knobs.list(route.thing) };
      case 'get':
        return { thing: route.thing, ...(await knobs.get(route.thing, route.knob)) };
      case 'set': {
        const value = valueFromBody(jsonBody(await bodyOf(request)));
        const confirmed = await knobs.set(route.thing, route.knob, value);
        this.#options.logger?.info({ thing: route.thing, knob: confirmed.name, value: confirmed.value }, 'knob set');
        return { thing: route.thing, ...confirmed };
      }
      case 'event': {
        const event = parseKnobEvent(jsonBody(await bodyOf(request)));
        const result = await applyKnobEvent(knobs, route.thing, event);
        this.#options.logger?.info({ thing: route.thing, action: event.action, knob: result.name, value: result.value }, 'knob event applied');
        return { ok: true, thing: route.thing, knob: result.name, value: result.value };
      }
      default: {
        const never: never = route;
        throw new FarsideError(ERROR_CODES.INTERNAL, `unhandled route ${JSON.stringify(never)}`);
      }
    }
  }
}

function send(response: ServerResponse, status: number, body: unknown): void {
  const bytes = Buffer.from(JSON.stringify(body));
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': bytes.length });
  response.end(bytes);
}
