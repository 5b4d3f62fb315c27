import http from 'node:http';
import net from 'node:net';
import tls from 'node:tls';
import { z } from 'zod';
import { ERROR_CODES, FarsideError, invalidInput } from '../../errors/index.js';
import { serveExecStream } from './exec-stream.js';
import type { KubeletApiLogger } from './http-replies.js';
import { handleKubeletRequest } from './kubelet-requests.js';
import { listenOnFreePort } from './node-ports.js';
import type { KubeletApiProvider } from './provider.js';
import { selfSignedKubeletTls, type TlsPem } from './self-signed-tls.js';
import { routeUpgrade, type ExecStreamHandler } from './upgrade-routing.js';
import { UsageHistory } from './usage-history.js';

/** The kubelet's own port (--port), where the first node goes when it is free. */
export const KUBELET_API_PORT = 10250;
/** A client that has not finished its TLS handshake by then is dropped, ms. */
const HANDSHAKE_TIMEOUT_MS = 10_000;

export interface KubeletApiServerOptions {
  readonly provider: KubeletApiProvider;
  /** Serving certificate and key (PEM). Default: a self-signed one made by `start`, in memory only. */
  readonly tls?: TlsPem;
  /** Address every node's port listens on. Default '0.0.0.0'. */
  readonly host?: string;
  /** The lowest port handed to a node. Default 10250. */
  readonly firstPort?: number;
  /** The highest port handed to a node. Default 12249 (room for 2000 nodes). */
  readonly lastPort?: number;
  /** Pause between reads of a device log while a client follows it, ms. Default 1000. */
  readonly logPollMs?: number;
  /** What completes an exec upgrade. Default serveExecStream (remotecommand over SPDY or WebSocket). */
  readonly execStream?: ExecStreamHandler;
  readonly logger?: KubeletApiLogger;
  /** Wall clock, ms since the epoch. Default Date.now. */
  readonly now?: () => number;
}

const port = z.number().int().min(1).max(65_535);
const optionsSchema = z
  .object({
    host: z.string().min(1).default('0.0.0.0'),
    firstPort: port.default(KUBELET_API_PORT),
    lastPort: port.default(12_249),
    logPollMs: z.number().int().min(1).max(600_000).default(1_000),
  })
  .refine((o) => o.firstPort <= o.lastPort, { message: 'firstPort must not be above lastPort', path: ['firstPort'] });
const nodeNameSchema = z.string().min(1).max(253);

interface NodeListener {
  readonly port: number;
  readonly server: net.Server;
  readonly sockets: Set<net.Socket>;
}

type State = { readonly kind: 'new' } | { readonly kind: 'started'; readonly http: http.Server; readonly context: tls.SecureContext; readonly cert: string } | { readonly kind: 'closed' };

/**
 * The kubelet HTTP API (what the API server proxies `kubectl logs/exec/top` to and
 * metrics-server scrapes) for many virtual nodes in one process. Node-scoped paths
 * (/pods, /stats/summary, /metrics/resource) cannot tell nodes apart by address, so each
 * node listens on its own port; all ports share one TLS context and one HTTP server, which
 * never listens itself but is handed each node's connections, remembered by socket.
 *
 * No authentication or authorization: the kubelet's webhook authn/authz is not done yet, so
 * anyone who can reach a port can read logs and run shell commands. Listen on an address
 * only the API server can reach.
 */
export class KubeletApiServer {
  readonly #options: KubeletApiServerOptions;
  readonly #resolved: z.output<typeof optionsSchema>;
  readonly #nodes = new Map<string, NodeListener>();
  readonly #adding = new Map<string, Promise<number>>();
  readonly #nodeOfSocket = new WeakMap<net.Socket, string>();
  readonly #history = new UsageHistory();
  readonly #closing = new AbortController();
  #state: State = { kind: 'new' };

  constructor(options: KubeletApiServerOptions) {
    const parsed = optionsSchema.safeParse(options);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw invalidInput(`KubeletApiServer options: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
    }
    this.#options = options;
    this.#resolved = parsed.data;
  }

  /** Prepares TLS (making a self-signed certificate when none was given). Idempotent. */
  async start(): Promise<void> {
    if (this.#state.kind === 'closed') throw new FarsideError(ERROR_CODES.NOT_ALLOWED, 'the kubelet API server is closed');
    if (this.#state.kind === 'started') return;
    const pem = this.#options.tls ?? (await selfSignedKubeletTls(this.#resolved.host));
    const context = tls.createSecureContext({ cert: pem.cert, key: pem.key });
    const server = http.createServer();
    server.on('request', (request: http.IncomingMessage, response: http.ServerResponse) => this.#request(request, response));
    server.on('upgrade', (request: http.IncomingMessage, socket: net.Socket, head: Buffer) => this.#upgrade(request, socket, head));
    server.on('clientError', (err: Error, socket: net.Socket) => {
      this.#options.logger?.debug({ err }, 'bad request to the kubelet API');
      socket.destroy();
    });
    if (this.#state.kind !== 'new') return;
    this.#state = { kind: 'started', http: server, context, cert: pem.cert };
  }

  /** The serving certificate (PEM), e.g. for a client that pins it. */
  get certificate(): string {
    if (this.#state.kind !== 'started') throw new FarsideError(ERROR_CODES.NOT_ALLOWED, 'the kubelet API server is not started');
    return this.#state.cert;
  }

  /**
   * Serves the API of `nodeName` on its own port: `preferredPort` when free, else the lowest
   * free one in the range. Resolves with the port; the same one again for a node already added.
   */
  addNode(nodeName: string, preferredPort?: number): Promise<number> {
    if (!nodeNameSchema.safeParse(nodeName).success) return Promise.reject(invalidInput(`${JSON.stringify(nodeName)} is not a node name`));
    if (preferredPort !== undefined && !port.safeParse(preferredPort).success) return Promise.reject(invalidInput(`${preferredPort} is not a port`));
    const listening = this.#nodes.get(nodeName);
    if (listening !== undefined) return Promise.resolve(listening.port);
    const pending = this.#adding.get(nodeName) ?? this.#listen(nodeName, preferredPort).finally(() => this.#adding.delete(nodeName));
    this.#adding.set(nodeName, pending);
    return pending;
  }

  /** The port of `nodeName`, undefined when it has none. */
  portOf(nodeName: string): number | undefined {
    return this.#nodes.get(nodeName)?.port;
  }

  /** Stops serving `nodeName`, dropping its connections (open log streams and exec sessions). Idempotent. */
  async removeNode(nodeName: string): Promise<void> {
    await this.#adding.get(nodeName)?.catch(() => undefined);
    const listener = this.#nodes.get(nodeName);
    if (listener === undefined) return;
    this.#nodes.delete(nodeName);
    this.#history.forget(nodeName);
    await closeListener(listener);
  }

  /** Stops every node's port and every stream. Idempotent. */
  async close(): Promise<void> {
    const state = this.#state;
    this.#state = { kind: 'closed' };
    this.#closing.abort();
    await Promise.allSettled([...this.#adding.values()]);
    const listeners = [...this.#nodes.values()];
    this.#nodes.clear();
    await Promise.all(listeners.map(closeListener));
    if (state.kind === 'started') state.http.closeAllConnections();
  }

  async #listen(nodeName: string, preferredPort: number | undefined): Promise<number> {
    const state = this.#state;
    if (state.kind !== 'started') throw new FarsideError(ERROR_CODES.NOT_ALLOWED, `the kubelet API server is ${state.kind === 'new' ? 'not started' : 'closed'}`);
    const sockets = new Set<net.Socket>();
    const server = net.createServer((raw) => this.#accept(nodeName, raw, sockets, state));
    const ours = new Set([...this.#nodes.values()].map((n) => n.port));
    const { host, firstPort, lastPort } = this.#resolved;
    const chosen = await listenOnFreePort(server, host, { first: firstPort, last: lastPort }, ours, preferredPort);
    if (this.#state.kind !== 'started') {
      await closeListener({ port: chosen, server, sockets });
      throw new FarsideError(ERROR_CODES.NOT_ALLOWED, 'the kubelet API server closed while a node was being added');
    }
    this.#nodes.set(nodeName, { port: chosen, server, sockets });
    this.#options.logger?.debug({ node: nodeName, port: chosen }, 'kubelet API listening for node');
    return chosen;
  }

  #accept(nodeName: string, raw: net.Socket, sockets: Set<net.Socket>, state: Extract<State, { kind: 'started' }>): void {
    const secure = new tls.TLSSocket(raw, { isServer: true, secureContext: state.context, ALPNProtocols: ['http/1.1'] });
    sockets.add(secure);
    this.#nodeOfSocket.set(secure, nodeName);
    const handshake = setTimeout(() => secure.destroy(), HANDSHAKE_TIMEOUT_MS);
    secure.once('secure', () => clearTimeout(handshake));
    secure.once('close', () => {
      clearTimeout(handshake);
      sockets.delete(secure);
      raw.destroy();
    });
    secure.on('error', (err) => this.#options.logger?.debug({ err, node: nodeName }, 'kubelet API connection failed'));
    raw.on('error', () => secure.destroy());
    state.http.emit('connection', secure);
  }

  #request(request: http.IncomingMessage, response: http.ServerResponse): void {
    const nodeName = this.#nodeOfSocket.get(request.socket);
    if (nodeName === undefined || !this.#nodes.has(nodeName)) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('this node is no longer served here\n');
      return;
    }
    void handleKubeletRequest(request, response, {
      provider: this.#options.provider,
      nodeName,
      history: this.#history,
      closing: this.#closing.signal,
      logPollMs: this.#resolved.logPollMs,
      logger: this.#options.logger,
      now: this.#options.now ?? Date.now,
    });
  }

  #upgrade(request: http.IncomingMessage, socket: net.Socket, head: Buffer): void {
    const nodeName = this.#nodeOfSocket.get(socket);
    if (nodeName === undefined || !this.#nodes.has(nodeName)) {
      socket.destroy();
      return;
    }
    routeUpgrade(request, socket, head, { provider: this.#options.provider, nodeName, execStream: this.#options.execStream ?? serveExecStream, logger: this.#options.logger });
  }
}

async function closeListener(listener: NodeListener): Promise<void> {
  const closed = new Promise<void>((resolve) => listener.server.close(() => resolve()));
  for (const socket of listener.sockets) socket.destroy();
  await closed;
}
