/**
 * remotecommand over SPDY/3.1, as kubectl (KUBECTL_REMOTE_COMMAND_WEBSOCKETS=false) and the
 * kube-apiserver speak it to a kubelet: after the 101 the client opens one SPDY stream per
 * `streamType` (error, stdin, stdout, stderr, resize); we answer each, wait for the set the
 * request asked for, run the command, then write stdout and the error-stream report.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import spdyTransport from 'spdy-transport';
import { bestProtocol, errorStreamPayload, offeredProtocols, runToOutcome, SPDY_STREAM_PROTOCOLS, stdoutPayload, type StreamProtocol } from './exec-protocol.js';
import type { ExecStreamOptions } from './exec-options.js';
import { rejectUpgrade } from './exec-reject.js';

/** How long the kubelet waits for the client's streams (its streamCreationTimeout), ms. */
export const STREAM_CREATION_TIMEOUT_MS = 15_000;
/** How long the client gets to close the connection after our GOAWAY before we drop it, ms. */
const CLOSE_GRACE_MS = 5_000;
const PROTOCOL_HEADER = 'x-stream-protocol-version';

type StreamType = 'error' | 'stdin' | 'stdout' | 'stderr' | 'resize';
const STREAM_TYPES: readonly StreamType[] = ['error', 'stdin', 'stdout', 'stderr', 'resize'];

export function serveExecSpdy(request: IncomingMessage, socket: Duplex, head: Buffer, options: ExecStreamOptions): void {
  const offered = offeredProtocols(request.headers[PROTOCOL_HEADER]);
  // No header at all is the original, unversioned protocol.
  const protocol = offered.length === 0 ? 'channel.k8s.io' : bestProtocol(offered, SPDY_STREAM_PROTOCOLS);
  if (protocol === undefined) {
    rejectUpgrade(socket, 403, `unable to upgrade: unable to negotiate protocol: client supports [${offered.join(' ')}], server supports [${SPDY_STREAM_PROTOCOLS.join(' ')}]`);
    return;
  }
  const versionHeader = offered.length === 0 ? '' : `X-Stream-Protocol-Version: ${protocol}\r\n`;
  socket.write(`HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\n${versionHeader}\r\n`);
  if (head.length > 0) socket.unshift(head);
  void session(socket, protocol, options);
}

async function session(socket: Duplex, protocol: StreamProtocol, options: ExecStreamOptions): Promise<void> {
  const { logger } = options;
  const abort = new AbortController();
  socket.once('close', () => abort.abort());
  const connection = spdyTransport.connection.create(socket, { protocol: 'spdy', isServer: true });
  allowStreamsWithoutRequestLine(connection);
  connection.on('error', (err) => {
    logger?.debug({ err }, 'exec spdy connection failed');
    socket.destroy();
  });
  const streams = new Map<StreamType, spdyTransport.Stream>();
  const expected = expectedStreams(protocol, options);
  let arrived = (): void => undefined;
  const allArrived = new Promise<void>((resolve) => (arrived = resolve));
  connection.on('stream', (stream) => {
    stream.on('error', (err) => logger?.debug({ err }, 'exec spdy stream failed'));
    // Everything the client sends (stdin, resize) is read and dropped: the device shell takes the command line only.
    stream.resume();
    const type = STREAM_TYPES.find((t) => t === headerValue(stream.headers['streamtype']));
    if (type === undefined) logger?.warn({ headers: stream.headers }, 'exec spdy stream of unknown type');
    // Header compression is asynchronous: data written before the reply is out would reach the client first.
    stream.respond(200, {}, () => {
      if (type === undefined) return;
      streams.set(type, stream);
      if (expected.every((t) => streams.has(t))) arrived();
    });
  });
  connection.start(3.1);

  const timeoutMs = options.streamCreationTimeoutMs ?? STREAM_CREATION_TIMEOUT_MS;
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<'expired'>((resolve) => (timer = setTimeout(() => resolve('expired'), timeoutMs)));
  const closed = new Promise<'closed'>((resolve) => abort.signal.addEventListener('abort', () => resolve('closed'), { once: true }));
  const waited = await Promise.race([allArrived.then(() => 'arrived' as const), expired, closed]);
  clearTimeout(timer);
  if (waited === 'closed') return;
  if (waited === 'expired') {
    logger?.warn({ expected, received: [...streams.keys()] }, 'timed out waiting for client to create streams');
    streams.get('error')?.end('timed out waiting for client to create streams');
    return finish(connection, socket, streams);
  }
  logger?.debug({ protocol, command: options.command }, 'exec over spdy');
  const outcome = await runToOutcome(options.run, abort.signal);
  if (abort.signal.aborted) return;
  const stdout = stdoutPayload(outcome);
  if (stdout !== undefined) streams.get('stdout')?.write(stdout);
  const report = errorStreamPayload(protocol, outcome, options.command);
  if (report !== undefined) streams.get('error')?.write(report);
  finish(connection, socket, streams);
}

/**
 * Ends our side of every stream; the client closes the connection once it has read them
 * (a GOAWAY now could overtake the data still being framed), else we drop it.
 */
function finish(connection: spdyTransport.Connection, socket: Duplex, streams: ReadonlyMap<StreamType, spdyTransport.Stream>): void {
  for (const stream of streams.values()) stream.end();
  const timer = setTimeout(() => {
    connection.destroyStreams();
    socket.destroy();
  }, CLOSE_GRACE_MS);
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
}

/** The streams the kubelet waits for before it runs the command (error first, then what the request asked for). */
export function expectedStreams(protocol: StreamProtocol, options: Pick<ExecStreamOptions, 'stdin' | 'stdout' | 'stderr' | 'tty'>): StreamType[] {
  const resizable = options.tty && (protocol === 'v3.channel.k8s.io' || protocol === 'v4.channel.k8s.io');
  const wanted: [StreamType, boolean][] = [['error', protocol !== 'channel.k8s.io'], ['stdin', options.stdin], ['stdout', options.stdout], ['stderr', options.stderr], ['resize', resizable]];
  return wanted.filter(([, wants]) => wants).map(([type]) => type);
}

function headerValue(value: string | readonly string[] | undefined): string | undefined {
  return typeof value === 'string' ? value : value?.[0];
}

/**
 * client-go's SPDY streams carry only `streamType` (no `:method`/`:path`), which
 * spdy-transport, written for HTTP over SPDY, rejects as a protocol error; so its header
 * parser gets neutral defaults for those two.
 */
function allowStreamsWithoutRequestLine(connection: spdyTransport.Connection): void {
  interface HeaderParser {
    parseKVs(buffer: unknown, callback: (err: Error | null, headers?: Record<string, unknown>) => void): void;
  }
  const parser = (connection as unknown as { _spdyState: { parser: HeaderParser } })._spdyState.parser;
  const parseKVs = parser.parseKVs.bind(parser);
  parser.parseKVs = (buffer, callback) => parseKVs(buffer, (err, headers) => callback(err, headers && { ':method': 'POST', ':path': '/', ...headers }));
}
