/**
 * remotecommand over WebSocket (channel.k8s.io family): every binary message starts with
 * its channel byte (0 stdin, 1 stdout, 2 stderr, 3 error, 4 resize; v5: 255 close).
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { bestProtocol, errorStreamPayload, runToOutcome, STREAM_PROTOCOLS, stdoutPayload, type StreamProtocol } from './exec-protocol.js';
import type { ExecStreamOptions } from './exec-options.js';

export const CHANNEL = { stdin: 0, stdout: 1, stderr: 2, error: 3, resize: 4, close: 255 } as const;

export function serveExecWebSocket(request: IncomingMessage, socket: Duplex, head: Buffer, options: ExecStreamOptions): void {
  const wss = new WebSocketServer({ noServer: true, handleProtocols: (offered) => bestProtocol([...offered], STREAM_PROTOCOLS) ?? false });
  wss.handleUpgrade(request, socket, head, (ws) => {
    const protocol = bestProtocol([ws.protocol], STREAM_PROTOCOLS);
    if (protocol === undefined) {
      // Without a channel protocol the peer cannot tell the streams apart.
      ws.close(1002, `none of the offered subprotocols is supported; use one of ${STREAM_PROTOCOLS.join(', ')}`);
      return;
    }
    void session(ws, protocol, options);
  });
}

async function session(ws: WebSocket, protocol: StreamProtocol, options: ExecStreamOptions): Promise<void> {
  const { logger } = options;
  const abort = new AbortController();
  ws.on('close', () => abort.abort());
  ws.on('error', (err) => logger?.debug({ err }, 'exec websocket failed'));
  // stdin and resize are read and dropped: the device shell takes the command line only.
  ws.on('message', () => undefined);
  logger?.debug({ protocol, command: options.command }, 'exec over websocket');
  const outcome = await runToOutcome(options.run, abort.signal);
  if (abort.signal.aborted) return;
  const stdout = stdoutPayload(outcome);
  if (stdout !== undefined && options.stdout) ws.send(framed(CHANNEL.stdout, stdout));
  const report = errorStreamPayload(protocol, outcome, options.command);
  if (report !== undefined) ws.send(framed(CHANNEL.error, report));
  ws.close(1000);
}

function framed(channel: number, payload: Buffer): Buffer {
  return Buffer.concat([Buffer.of(channel), payload]);
}
