/**
 * The kubelet's /exec upgrade: completes the HTTP upgrade of an exec request and speaks the
 * Kubernetes remotecommand protocol over WebSocket or SPDY/3.1, whichever the caller (the
 * kube-apiserver or kubectl) asked for. The device shell runs one command line and reads no
 * input, so stdin is accepted and dropped; the output goes to stdout and the exit code to
 * the error stream, from which kubectl takes its own exit code.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ExecStreamOptions } from './exec-options.js';
import { rejectUpgrade } from './exec-reject.js';
import { serveExecSpdy } from './exec-spdy.js';
import { serveExecWebSocket } from './exec-websocket.js';

export type { ExecLogger, ExecStreamOptions } from './exec-options.js';

/** Call from an HTTP(S) server's 'upgrade' handler; takes over `socket` whatever happens. */
export function serveExecStream(request: IncomingMessage, socket: Duplex, head: Buffer, options: ExecStreamOptions): void {
  socket.on('error', (err) => options.logger?.debug({ err }, 'exec connection failed'));
  const upgrade = (request.headers.upgrade ?? '').trim().toLowerCase();
  if (upgrade === 'websocket') return serveExecWebSocket(request, socket, head, options);
  if (upgrade === 'spdy/3.1') return serveExecSpdy(request, socket, head, options);
  rejectUpgrade(socket, 400, `unable to upgrade: expected Upgrade: websocket or SPDY/3.1, got ${JSON.stringify(request.headers.upgrade ?? '')}`);
}
