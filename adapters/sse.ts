import type { ServerResponse } from 'node:http';

/** Headers of a server-sent event stream (HTML Living Standard §9.2); `no` buffering for nginx-style proxies. */
export const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  connection: 'keep-alive',
  'x-accel-buffering': 'no',
} as const;

/** Writes one event whose data is `data` as JSON (one line: JSON.stringify never emits a newline). */
export function writeSseEvent(res: ServerResponse, data: unknown, id?: number): void {
  res.write(`${id === undefined ? '' : `id: ${id}\n`}data: ${JSON.stringify(data)}\n\n`);
}

/** A comment line: ignored by clients, it keeps idle connections from being cut by proxies. */
export function writeSseHeartbeat(res: ServerResponse): void {
  res.write(': keep-alive\n\n');
}
