import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

/** Answers an upgrade we will not do with a plain HTTP error and drops the connection. */
export function rejectUpgrade(socket: Duplex, code: number, message: string): void {
  const body = `${message}\n`;
  socket.end(`HTTP/1.1 ${code} ${STATUS_CODES[code] ?? ''}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  socket.once('finish', () => socket.destroy());
}
