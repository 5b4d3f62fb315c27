import { once } from 'node:events';
import { createServer, type Server } from 'node:net';
import { Aedes } from 'aedes';

export interface EmbeddedBroker {
  /** `mqtt://host:port` for clients. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/**
 * The zero-setup MQTT broker (aedes, MQTT 3.1.1 only) the gateway starts when no
 * external broker is given. Clients then use the body fields of the contract
 * instead of MQTT 5 properties.
 */
export async function startEmbeddedBroker(options: { port?: number; host?: string } = {}): Promise<EmbeddedBroker> {
  const broker = await Aedes.createBroker();
  const server: Server = createServer((socket) => {
    // Small request/reply messages: Nagle's delay would add ~40-90 ms to each on loopback.
    socket.setNoDelay(true);
    broker.handle(socket);
  });
  server.listen(options.port ?? 1883, options.host ?? '0.0.0.0');
  try {
    await Promise.race([once(server, 'listening'), once(server, 'error').then(([err]) => Promise.reject(err))]);
  } catch (err) {
    broker.close();
    throw err;
  }
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 1883);
  const host = options.host && options.host !== '0.0.0.0' ? options.host : '127.0.0.1';
  return {
    url: `mqtt://${host}:${port}`,
    port,
    async close() {
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      // Open client sockets would keep the server alive; aedes closed them above.
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
