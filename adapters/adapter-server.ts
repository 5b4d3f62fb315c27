import { once } from 'node:events';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { invalidInput } from '../errors/index.js';
import { isValidName, isValidThingName } from '../sdf-models/index.js';
import { HttpError, HTTP_STATUS, httpErrorFromError } from './http-error.js';
import { readJsonBody } from './json-body.js';
import { serveStream, type OpenStream } from './property-stream.js';
import { addressText, ROUTE_METHODS, routeFromPath, type AdapterRoute, type ResourceAddress } from './routes.js';
import type { AdapterLogger, AdapterSdf } from './sdf-port.js';
import { SharedObservations } from './shared-observations.js';
import { ThingGateway } from './thing-gateway.js';

export interface AdapterServerOptions {
  /** The SDF-over-MQTT client, started by the caller (who also closes it). Required. */
  readonly sdf: AdapterSdf;
  /** The thing whose device this adapter serves. Required. */
  readonly thing: string;
  /** TCP port to listen on; 0 picks a free one. Default 8080. */
  readonly port?: number;
  /** Address to listen on. Default all interfaces. */
  readonly host?: string;
  /** The only SDF objects served; others answer 404. Default all the thing has. */
  readonly objects?: readonly string[];
  readonly logger?: AdapterLogger;
  /** How often an idle event stream gets a comment line, in ms. Default 15000. */
  readonly heartbeatMs?: number;
}

const DEFAULT_PORT = 8080;
const DEFAULT_HEARTBEAT_MS = 15_000;

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers }).end(text);
}

/**
 * The communication adapter: one thing's properties and actions as an HTTP JSON API
 * (adapters/README.md), each call translated to SDF over MQTT. Constructing it does
 * nothing; `start` listens, `close` ends streams and stops listening.
 */
export class AdapterServer {
  readonly #options: AdapterServerOptions;
  readonly #gateway: ThingGateway;
  readonly #observations: SharedObservations;
  readonly #allowed: ReadonlySet<string> | undefined;
  readonly #streams = new Set<OpenStream>();
  readonly #server = http.createServer((req, res) => void this.#serve(req, res));
  #port: number | undefined;

  constructor(options: AdapterServerOptions) {
    if (!isValidThingName(options.thing)) throw invalidInput(`the adapter's thing ${JSON.stringify(options.thing)} is not a valid SDF thing name`);
    const badObject = options.objects?.find((name) => !isValidName(name));
    if (badObject !== undefined) throw invalidInput(`the allowed object ${JSON.stringify(badObject)} is not a valid SDF name`);
    this.#options = options;
    this.#gateway = new ThingGateway(options.sdf, options.thing);
    this.#observations = new SharedObservations(options.sdf, this.#gateway, options.logger);
    this.#allowed = options.objects === undefined ? undefined : new Set(options.objects);
  }

  /** The port listened on, once started. */
  get port(): number | undefined {
    return this.#port;
  }

  /** Listens; resolves with the port. */
  async start(): Promise<number> {
    this.#server.listen(this.#options.port ?? DEFAULT_PORT, this.#options.host);
    await once(this.#server, 'listening');
    this.#port = (this.#server.address() as AddressInfo).port;
    this.#options.logger?.info({ port: this.#port, thing: this.#options.thing, objects: this.#options.objects }, `serving ${this.#options.thing} over HTTP`);
    return this.#port;
  }

  /** Ends every event stream, stops their observations and stops listening. Idempotent. */
  async close(): Promise<void> {
    for (const stream of [...this.#streams]) stream.end();
    await this.#observations.close();
    if (!this.#server.listening) return;
    const closed = once(this.#server, 'close');
    this.#server.close();
    this.#server.closeAllConnections();
    await closed;
  }

  async #serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const path = new URL(req.url ?? '/', 'http://adapter').pathname;
      const route = routeFromPath(path);
      const method = req.method ?? 'GET';
      const allowed = ROUTE_METHODS[route.kind];
      if (!allowed.includes(method)) throw new HttpError(HTTP_STATUS.METHOD_NOT_ALLOWED, `${method} is not allowed on ${path}; use ${allowed.join(' or ')}`, { allow: allowed.join(', ') });
      await this.#route(route, method, req, res);
    } catch (err) {
      this.#fail(req, res, err);
    }
  }

  async #route(route: AdapterRoute, method: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    switch (route.kind) {
      case 'health':
        return sendJson(res, HTTP_STATUS.OK, { status: 'ok' });
      case 'ready':
        return this.#ready(res);
      case 'description':
        return this.#describe(res);
      case 'property':
        this.#requireAllowed(route.address);
        if (method === 'PUT') {
          const body = await readJsonBody(req);
          if (typeof body !== 'object' || body === null || Array.isArray(body) || !('value' in body)) throw new HttpError(HTTP_STATUS.BAD_REQUEST, 'the body must be a JSON object {"value": ...}');
          await this.#gateway.write(route.address, (body as { value: unknown }).value);
          res.writeHead(HTTP_STATUS.NO_CONTENT).end();
          return;
        }
        return sendJson(res, HTTP_STATUS.OK, { value: await this.#gateway.read(route.address) });
      case 'action': {
        this.#requireAllowed(route.address);
        await this.#gateway.execute(route.address, argumentOf(await readJsonBody(req)));
        res.writeHead(HTTP_STATUS.NO_CONTENT).end();
        return;
      }
      case 'stream': {
        this.#requireAllowed(route.address);
        this.#gateway.requireConnected();
        const stream = await serveStream(req, res, route.address, this.#observations, this.#options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS, (ended) => this.#streams.delete(ended));
        if (stream !== undefined) this.#streams.add(stream);
        return;
      }
      default: {
        const unknownRoute: never = route;
        throw new HttpError(HTTP_STATUS.NOT_FOUND, `no route ${JSON.stringify(unknownRoute)}`);
      }
    }
  }

  async #ready(res: ServerResponse): Promise<void> {
    let reason: string | undefined;
    try {
      if ((await this.#gateway.objects()) === undefined) reason = `${this.#options.thing} is not registered with the gateway`;
    } catch (err) {
      reason = httpErrorFromError(err).message;
    }
    if (reason === undefined) sendJson(res, HTTP_STATUS.OK, { status: 'ready', thing: this.#options.thing });
    else sendJson(res, HTTP_STATUS.SERVICE_UNAVAILABLE, { status: 'not ready', error: reason });
  }

  async #describe(res: ServerResponse): Promise<void> {
    const objects = await this.#gateway.objects();
    if (objects === undefined) throw new HttpError(HTTP_STATUS.SERVICE_UNAVAILABLE, `${this.#options.thing} is not registered with the gateway now`);
    const served = Object.fromEntries(Object.entries(objects).filter(([object]) => this.#allowed === undefined || this.#allowed.has(object)));
    sendJson(res, HTTP_STATUS.OK, { thing: this.#options.thing, objects: served });
  }

  #requireAllowed(address: ResourceAddress): void {
    if (this.#allowed === undefined || this.#allowed.has(address.object)) return;
    throw new HttpError(HTTP_STATUS.NOT_FOUND, `${addressText(address)}: this adapter does not serve the object ${address.object} (it serves ${[...this.#allowed].join(', ')})`);
  }

  #fail(req: IncomingMessage, res: ServerResponse, err: unknown): void {
    const error = httpErrorFromError(err);
    const log = { method: req.method, url: req.url, status: error.status, err };
    if (error.status >= HTTP_STATUS.INTERNAL_SERVER_ERROR) this.#options.logger?.warn(log, error.message);
    else this.#options.logger?.debug(log, error.message);
    if (res.headersSent) {
      res.destroy();
      return;
    }
    sendJson(res, error.status, { error: error.message }, error.headers);
  }
}

/** The optional `{"argument": ...}` of an action call. */
function argumentOf(body: unknown): string | undefined {
  if (body === undefined) return undefined;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new HttpError(HTTP_STATUS.BAD_REQUEST, 'the body of an action must be a JSON object {"argument": "..."} or empty');
  const argument = (body as { argument?: unknown }).argument;
  if (argument === undefined || argument === null) return undefined;
  if (typeof argument === 'string' || typeof argument === 'number' || typeof argument === 'boolean') return String(argument);
  throw new HttpError(HTTP_STATUS.BAD_REQUEST, 'the action argument must be a string');
}
