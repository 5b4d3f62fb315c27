import net from 'node:net';
import { ERROR_CODES, FarsideError } from '../../errors/index.js';

/** Listens `server` on `port`; false when the port is taken or not ours to take. */
export function tryListen(server: net.Server, host: string, port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException): void => {
      server.off('listening', onListening);
      if (err.code === 'EADDRINUSE' || err.code === 'EACCES') resolve(false);
      else reject(err);
    };
    const onListening = (): void => {
      server.off('error', onError);
      resolve(true);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen({ port, host, exclusive: true });
  });
}

/**
 * Listens on `preferred` when it is free, else on the lowest free port of `first`..`last`,
 * skipping `ours` (ports this process already holds, tried without a system call).
 * Resolves with the port; rejects when the whole range is in use.
 */
export async function listenOnFreePort(server: net.Server, host: string, range: { readonly first: number; readonly last: number }, ours: ReadonlySet<number>, preferred?: number): Promise<number> {
  if (preferred !== undefined && !ours.has(preferred) && (await tryListen(server, host, preferred))) return preferred;
  for (let port = range.first; port <= range.last; port++) {
    if (port === preferred || ours.has(port)) continue;
    if (await tryListen(server, host, port)) return port;
  }
  throw new FarsideError(ERROR_CODES.INTERNAL, `no free port for the kubelet API in ${range.first}-${range.last} on ${host}`);
}
