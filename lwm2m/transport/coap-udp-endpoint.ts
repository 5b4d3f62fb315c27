import { createSocket, type Socket } from 'node:dgram';
import { once } from 'node:events';
import coap from 'coap';
import type { IncomingMessage, OutgoingMessage, ObserveReadStream } from 'coap';
import { ERROR_CODES, FarsideError } from '../errors.js';
import { responseCodeFromError } from '../response-code.js';
import type {
  CoapPeer,
  CoapRequest,
  CoapResponse,
  InboundHandler,
  InboundRequest,
  NotificationMessage,
  ObservedReply,
  OutboundReply,
} from './coap-message.js';
import { traceExchange } from './coap-trace.js';
import type { LinkConditions } from './link-conditions.js';
import { applyLinkConditions } from './link-socket.js';
import { formatNumber, optionStrings, optionValue, stringOptions, uintOption } from './coap-options.js';

/** RFC 7959 §2.2: SZX 6 = 1024-byte blocks, the largest; payloads above go block-wise. */
const BLOCK_SZX_1024 = 6;
export const MAX_UNFRAGMENTED_PAYLOAD = 1024;

export interface CoapUdpEndpointOptions {
  /** UDP port to bind; 0 picks a free one. Default 0. */
  readonly port?: number;
  /** Address to bind. Default `0.0.0.0`. */
  readonly address?: string;
  /** Handles requests from peers; without one every request gets 4.04. */
  readonly onRequest?: InboundHandler;
  /**
   * Kernel receive buffer, bytes (SO_RCVBUF); default the OS's (~208 KiB on Linux).
   * A gateway raises it so that a burst from many devices is not dropped before
   * we read it; the kernel caps it at net.core.rmem_max.
   */
  readonly receiveBufferBytes?: number;
  /** Called when the handler throws; the peer then gets 5.00. */
  readonly onHandlerError?: (err: unknown, request: InboundRequest) => void;
  /** Simulated loss, delay and outages on every datagram in and out (tests, benchmarks). Default: a perfect link. */
  readonly link?: LinkConditions;
}

export interface RequestOptions {
  /** Give up after this many ms (default: RFC 7252 MAX_TRANSMIT_WAIT, 93 s). */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

export interface Observation {
  readonly response: CoapResponse;
  readonly token: string;
  /**
   * Stops the observation: `passive` forgets the token so the peer's next
   * notification is answered with RST (RFC 7641 §3.6); `active` also sends a GET
   * with Observe=1.
   */
  cancel(mode: 'passive' | 'active'): void;
}

/** RFC 7252 §4.8.2 with default parameters: MAX_TRANSMIT_WAIT = 93 s. */
export const MAX_TRANSMIT_WAIT_MS = 93_000;

type OutgoingRequest = OutgoingMessage & { _packet: { token?: Buffer } };

/**
 * One UDP socket serving CoAP in both directions: a node-coap server answers peers'
 * requests and a node-coap agent sends ours from the same socket, so a device behind
 * NAT sees requests coming from the address it registered with.
 */
export class CoapUdpEndpoint {
  #socket: Socket | undefined;
  #server: coap.Server | undefined;
  #agent: coap.Agent | undefined;
  #unlink: (() => void) | undefined;
  readonly #options: CoapUdpEndpointOptions;
  readonly #liveObserves = new Set<() => void>();

  constructor(options: CoapUdpEndpointOptions = {}) {
    this.#options = options;
  }

  async start(): Promise<CoapPeer> {
    const socket = createSocket({ type: 'udp4' });
    socket.bind(this.#options.port ?? 0, this.#options.address ?? '0.0.0.0');
    await once(socket, 'listening');
    if (this.#options.receiveBufferBytes !== undefined) {
      try {
        socket.setRecvBufferSize(this.#options.receiveBufferBytes);
      } catch {
        // Not allowed here: the OS default still works, only bursts suffer.
      }
    }
    if (this.#options.link) this.#unlink = applyLinkConditions(socket, this.#options.link);
    const server = coap.createServer({ piggybackReplyMs: 50 }, (req, res) => this.#serve(req, res));
    server.listen(socket);
    this.#socket = socket;
    this.#server = server;
    this.#agent = new coap.Agent({ socket });
    // A send failure to one peer (e.g. ICMP unreachable) must not take the endpoint down.
    socket.on('error', () => {});
    server.on('error', () => {});
    this.#agent.on('error', () => {});
    return this.address();
  }

  address(): CoapPeer {
    if (!this.#socket) throw new Error('endpoint not started');
    const a = this.#socket.address();
    return { address: a.address, port: a.port };
  }

  async close(): Promise<void> {
    for (const cancel of [...this.#liveObserves]) cancel();
    const socket = this.#socket;
    this.#socket = undefined;
    if (!socket) return;
    this.#unlink?.();
    this.#unlink = undefined;
    await new Promise<void>((resolve) => this.#server?.close(() => resolve()) ?? resolve());
    await new Promise<void>((resolve) => {
      try {
        socket.close(() => resolve());
      } catch {
        resolve();
      }
    });
  }

  request(peer: CoapPeer, message: CoapRequest, options: RequestOptions = {}): Promise<CoapResponse> {
    const started = performance.now();
    const trace = (code: string) => traceExchange(() => ({ direction: 'outbound', peer, method: message.method, path: '/' + message.path.join('/'), code, durationMs: performance.now() - started }));
    return new Promise<CoapResponse>((resolve, reject) => {
      const failed = (err: Error): void => {
        trace((err as FarsideError).code ?? 'error');
        reject(err);
      };
      const { req, done } = this.#send(peer, message, undefined, options, failed);
      req.on('response', (res: IncomingMessage) => {
        done();
        const response = responseFromMessage(res);
        trace(response.code);
        resolve(response);
      });
      req.end(message.payload ? Buffer.from(message.payload) : undefined);
    });
  }

  /**
   * Registers an observation (RFC 7641). Resolves with the first response; if that
   * is not a success, the observation is already over and `cancel` is a no-op.
   */
  observe(peer: CoapPeer, message: CoapRequest, onNotification: (n: CoapResponse) => void, options: RequestOptions = {}): Promise<Observation> {
    return new Promise<Observation>((resolve, reject) => {
      const { req, done } = this.#send(peer, message, 0, options, reject);
      req.on('response', (res: ObserveReadStream | IncomingMessage) => {
        done();
        const token = (req as OutgoingRequest)._packet.token?.toString('hex') ?? '';
        const first = responseFromMessage(res);
        let active = true;
        const cancel = (mode: 'passive' | 'active'): void => {
          if (!active) return;
          active = false;
          this.#agent?.abort(req);
          if ('close' in res) res.close(false);
          if (mode === 'active' && this.#agent) {
            const tokenBuf = (req as OutgoingRequest)._packet.token;
            const again = this.#agent.request({
              ...this.#params(peer, message),
              observe: 1,
              token: tokenBuf,
            });
            again.on('error', () => {});
            again.on('timeout', () => {});
            again.end();
          }
        };
        if (!first.code.startsWith('2.') || !('close' in res)) {
          active = false;
          this.#agent?.abort(req);
          resolve({ response: first, token, cancel: () => {} });
          return;
        }
        let initial = true;
        res.on('data', () => {
          if (initial) {
            initial = false;
            return;
          }
          if (!active) return;
          const n = responseFromMessage(res);
          // A non-2.xx notification ends the observation (RFC 7641 §3.2).
          if (!n.code.startsWith('2.')) cancel('passive');
          onNotification(n);
        });
        res.on('error', () => {});
        resolve({ response: first, token, cancel });
      });
      req.end(message.payload ? Buffer.from(message.payload) : undefined);
    });
  }

  #params(peer: CoapPeer, message: CoapRequest): coap.CoapRequestParams {
    const options: Record<string, Buffer | Buffer[]> = {};
    if (message.path.length > 0) options['Uri-Path'] = stringOptions(message.path);
    if (message.query && message.query.length > 0) options['Uri-Query'] = stringOptions(message.query);
    if (message.contentFormat !== undefined) options['Content-Format'] = uintOption(message.contentFormat);
    if (message.accept !== undefined) options['Accept'] = uintOption(message.accept);
    if (message.payload && message.payload.length > MAX_UNFRAGMENTED_PAYLOAD) options['Block1'] = Buffer.of(BLOCK_SZX_1024);
    return {
      host: peer.address,
      port: peer.port,
      method: message.method,
      confirmable: message.confirmable !== false,
      options,
    } as coap.CoapRequestParams;
  }

  #send(peer: CoapPeer, message: CoapRequest, observe: 0 | undefined, options: RequestOptions, reject: (err: Error) => void): { req: OutgoingMessage; done: () => void } {
    const agent = this.#agent;
    if (!agent) throw new FarsideError(ERROR_CODES.DEVICE_UNAVAILABLE, 'CoAP endpoint is not started');
    const params = this.#params(peer, message);
    const req = agent.request(observe === undefined ? params : { ...params, observe });
    const timeoutMs = options.timeoutMs ?? MAX_TRANSMIT_WAIT_MS;
    const fail = (err: Error): void => {
      done();
      agent.abort(req);
      reject(err);
    };
    const timer = setTimeout(
      () => fail(new FarsideError(ERROR_CODES.TIMEOUT, `no response from ${peer.address}:${peer.port} within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const onAbort = (): void => fail(new FarsideError(ERROR_CODES.CANCELLED, 'request cancelled'));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const done = (): void => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    };
    req.on('timeout', () => fail(new FarsideError(ERROR_CODES.TIMEOUT, `no response from ${peer.address}:${peer.port}`)));
    req.on('error', (err: Error) => fail(new FarsideError(ERROR_CODES.DEVICE_UNAVAILABLE, `sending to ${peer.address}:${peer.port} failed: ${err.message}`, { cause: err })));
    return { req, done };
  }

  /**
   * Answers synchronously when the handler does: node-coap snapshots the response
   * options for later Block2 blocks right after the request event returns.
   */
  #serve(req: IncomingMessage, res: OutgoingMessage): void {
    const handler = this.#options.onRequest;
    const request = requestFromMessage(req);
    const failed = (err: unknown): OutboundReply => {
      this.#options.onHandlerError?.(err, request);
      return { code: responseCodeFromError(err) };
    };
    let reply: OutboundReply | ObservedReply | Promise<OutboundReply | ObservedReply>;
    try {
      reply = handler ? handler(request) : { code: '4.04' };
    } catch (err) {
      reply = failed(err);
    }
    if (reply instanceof Promise) {
      reply.catch(failed).then((r) => this.#answer(request, r, res));
      return;
    }
    this.#answer(request, reply, res);
  }

  #answer(request: InboundRequest, reply: OutboundReply | ObservedReply, res: OutgoingMessage): void {
    traceExchange(() => ({ direction: 'inbound', peer: request.peer, method: request.method, path: '/' + request.path.join('/'), code: reply.code, durationMs: 0 }));
    if (request.observe === 0 && isObservedReply(reply) && reply.code.startsWith('2.')) {
      this.#serveObservation(reply, res);
      return;
    }
    writeReply(res, reply);
    res.end(reply.payload ? Buffer.from(reply.payload) : undefined);
  }

  #serveObservation(reply: ObservedReply, res: OutgoingMessage): void {
    let unsubscribe: (() => void) | undefined;
    const stop = (): void => {
      this.#liveObserves.delete(stop);
      unsubscribe?.();
      unsubscribe = undefined;
    };
    this.#liveObserves.add(stop);
    res.on('finish', stop);
    res.on('error', stop);
    const push = (message: NotificationMessage): void => {
      if (!this.#liveObserves.has(stop)) return;
      writeReply(res, message);
      res.write(Buffer.from(message.payload ?? new Uint8Array()));
      // RFC 7641 §3.2: a notification with an error code is the last one.
      if (!message.code.startsWith('2.')) {
        stop();
        res.end();
      }
    };
    push(reply);
    unsubscribe = reply.subscribe(push);
  }
}

type RawOptions = { name: string | number; value: unknown }[];

function isObservedReply(reply: OutboundReply | ObservedReply): reply is ObservedReply {
  return 'subscribe' in reply && typeof reply.subscribe === 'function';
}

function writeReply(res: OutgoingMessage, reply: OutboundReply): void {
  // node-coap's observe stream reads statusCode, a plain response reads code.
  res.code = reply.code;
  res.statusCode = reply.code;
  if (reply.contentFormat !== undefined) res.setOption('Content-Format', uintOption(reply.contentFormat));
  if (reply.locationPath && reply.locationPath.length > 0) res.setOption('Location-Path', stringOptions(reply.locationPath));
}

function requestFromMessage(req: IncomingMessage): InboundRequest {
  const options = (req as unknown as { options?: RawOptions }).options;
  const observe = req.headers['Observe'];
  return {
    method: (req.method ?? 'GET') as InboundRequest['method'],
    path: optionStrings(options, 'Uri-Path'),
    query: optionStrings(options, 'Uri-Query'),
    contentFormat: formatNumber(optionValue(options, 'Content-Format')),
    accept: formatNumber(optionValue(options, 'Accept')),
    payload: req.payload ?? Buffer.alloc(0),
    peer: { address: req.rsinfo.address, port: req.rsinfo.port },
    observe: typeof observe === 'number' ? observe : undefined,
  };
}

function responseFromMessage(res: IncomingMessage): CoapResponse {
  const options = (res as unknown as { options?: RawOptions }).options;
  return {
    code: String(res.code),
    contentFormat: formatNumber(optionValue(options, 'Content-Format')),
    payload: res.payload ?? Buffer.alloc(0),
    locationPath: optionStrings(options, 'Location-Path'),
  };
}
