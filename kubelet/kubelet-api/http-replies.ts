import type { ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { STATUS_CODES } from 'node:http';
import { ERROR_CODES, isFarsideError } from '../../errors/index.js';

/** The pino methods used here; a pino Logger fits. */
export interface KubeletApiLogger {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/** An HTTP status with the message kubectl prints (it shows the body of a failed proxy request as is). */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'HttpProblem';
  }
}

/** The one place provider errors become HTTP statuses: unknown → 404, device unreachable or slow → 503, anything else → 500. */
export function httpStatusOfError(err: unknown): number {
  if (err instanceof HttpProblem) return err.status;
  if (isFarsideError(err, ERROR_CODES.NOT_FOUND)) return 404;
  if (isFarsideError(err, ERROR_CODES.INVALID_INPUT)) return 400;
  if (isFarsideError(err, ERROR_CODES.TIMEOUT) || isFarsideError(err, ERROR_CODES.DEVICE_UNAVAILABLE)) return 503;
  return 500;
}

/** What a client may see of an error: our own messages, never a stranger's internals. */
export function httpMessageOfError(err: unknown): string {
  if (err instanceof HttpProblem || isFarsideError(err)) return err.message;
  return 'internal error';
}

export function sendText(response: ServerResponse, status: number, text: string): void {
  if (response.headersSent) {
    response.end();
    return;
  }
  const body = text.endsWith('\n') || text === '' ? text : `${text}\n`;
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

export function sendJson(response: ServerResponse, value: unknown): void {
  const body = JSON.stringify(value);
  response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

/** A plain HTTP/1.1 reply written on a socket taken over for an upgrade, then the socket is closed. */
export function refuseUpgrade(socket: Duplex, status: number, text: string): void {
  const body = `${text}\n`;
  const head = [`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}`, 'Content-Type: text/plain; charset=utf-8', `Content-Length: ${Buffer.byteLength(body)}`, 'Connection: close', '', ''];
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  socket.end(head.join('\r\n') + body);
}
