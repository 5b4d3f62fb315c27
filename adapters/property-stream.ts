import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ResourceAddress } from './routes.js';
import type { SharedObservations } from './shared-observations.js';
import { SSE_HEADERS, writeSseEvent, writeSseHeartbeat } from './sse.js';

/** A stream being served; `end` closes it from our side (the server is closing). */
export interface OpenStream {
  end(): void;
}

/**
 * Serves `address` as server-sent events until the client goes: the current value first,
 * then one event per notification. Rejects, before any header is written, when the
 * observation cannot start; resolves with the open stream once the first event is out.
 */
export async function serveStream(
  req: IncomingMessage,
  res: ServerResponse,
  address: ResourceAddress,
  observations: SharedObservations,
  heartbeatMs: number,
  onEnd: (stream: OpenStream) => void,
): Promise<OpenStream | undefined> {
  let seq = 0;
  const leave = await observations.join(address, (event) => {
    if (!res.headersSent) res.writeHead(200, SSE_HEADERS);
    writeSseEvent(res, event, ++seq);
  });
  // A stream with no current value yet still starts, so the client knows it is connected.
  if (!res.headersSent) res.writeHead(200, SSE_HEADERS).flushHeaders();
  const heartbeat = setInterval(() => writeSseHeartbeat(res), heartbeatMs).unref();
  const stream: OpenStream = {
    end: () => {
      clearInterval(heartbeat);
      leave();
      if (!res.writableEnded) res.end();
      onEnd(stream);
    },
  };
  // The client went away while the observation was starting: leave at once.
  if (req.destroyed || res.destroyed) {
    stream.end();
    return undefined;
  }
  res.once('close', () => stream.end());
  return stream;
}
