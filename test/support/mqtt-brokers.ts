/**
 * Real MQTT brokers on loopback ports for tests: the embedded aedes (MQTT 3.1.1) and
 * Debian's mosquitto (MQTT 5). Both can be restarted on the same port, so that tests can
 * watch clients reconnect.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Aedes } from 'aedes';
import { freePort, requireExecutable, spawnUntilReady, stopProcess } from './processes.js';

export interface TestBroker {
  /** `mqtt://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** Stops the broker, dropping every client, and starts it again on the same port. */
  restart(): Promise<void>;
  /** Stops the broker; idempotent. */
  close(): Promise<void>;
}

export const MOSQUITTO_PATH = '/usr/sbin/mosquitto';

/** How long a broker may take to accept connections, in ms. */
const START_TIMEOUT_MS = 5_000;

/** An aedes broker listening on 127.0.0.1 (a free port, or `port`). */
export async function startAedes(options: { port?: number } = {}): Promise<TestBroker> {
  let running = await listenAedes(options.port ?? 0);
  const port = running.port;
  return {
    url: `mqtt://127.0.0.1:${port}`,
    port,
    async restart() {
      await running.stop();
      running = await listenAedes(port);
    },
    close: () => running.stop(),
  };
}

async function listenAedes(port: number): Promise<{ port: number; stop(): Promise<void> }> {
  const broker = await Aedes.createBroker();
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    // Like any broker tuned for request/response: no Nagle delay on small packets.
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    broker.handle(socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  let stopped: Promise<void> | undefined;
  return {
    port: (server.address() as net.AddressInfo).port,
    stop() {
      stopped ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        // A restart must look like a crash to clients: cut their sockets, do not wait for them.
        for (const socket of sockets) socket.destroy();
        await new Promise<void>((resolve) => broker.close(() => resolve()));
        await closed;
      })();
      return stopped;
    },
  };
}

/** A mosquitto process listening on a free 127.0.0.1 port, anonymous, without persistence. */
export async function startMosquitto(): Promise<TestBroker> {
  await requireExecutable(MOSQUITTO_PATH, `mosquitto is not installed at ${MOSQUITTO_PATH}: apt-get install mosquitto; .ci/run does`);
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'farside-mosquitto-'));
  const config = join(dir, 'mosquitto.conf');
  await writeFile(config, [`listener ${port} 127.0.0.1`, 'allow_anonymous true', 'persistence false', 'set_tcp_nodelay true', 'log_dest stderr', 'log_type error', 'log_type warning', ''].join('\n'));
  let running: ChildProcess | undefined;
  const launch = async (): Promise<void> => {
    running = await spawnUntilReady('mosquitto', MOSQUITTO_PATH, ['-c', config], () => waitForPort(port));
  };
  let closed: Promise<void> | undefined;
  try {
    await launch();
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    url: `mqtt://127.0.0.1:${port}`,
    port,
    async restart() {
      if (running) await stopProcess(running);
      await launch();
    },
    close() {
      closed ??= (async () => {
        if (running) await stopProcess(running);
        await rm(dir, { recursive: true, force: true });
      })();
      return closed;
    },
  };
}



async function waitForPort(port: number): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (await canConnect(port)) return;
    if (Date.now() > deadline) throw new Error(`nothing accepted connections on 127.0.0.1:${port} within ${START_TIMEOUT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

