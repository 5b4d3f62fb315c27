import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES, isFarsideError } from '../../errors/index.js';
import { startAedes, type TestBroker } from '../../test/support/mqtt-brokers.js';
import type { SdfClientWarning } from './events.js';
import { SdfClient } from './sdf-client.js';

const device = { level: 'thing', thing: 'dev1' } as const;

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

/** A TCP port that accepts connections and counts them, but never speaks MQTT. */
async function countingServer(): Promise<{ url: string; connections(): number; close(): Promise<void> }> {
  let count = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    count++;
    sockets.add(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `mqtt://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    connections: () => count,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

describe('SdfClient lifecycle', () => {
  let aedes: TestBroker;
  beforeAll(async () => {
    aedes = await startAedes();
  });
  afterAll(async () => {
    await aedes.close();
  });

  it('does not connect until started', async () => {
    const server = await countingServer();
    const client = new SdfClient({ url: server.url });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.connections()).toBe(0);
    expect(client.state).toBe('new');
    await server.close();
  });

  it('refuses requests before start', async () => {
    const client = new SdfClient({ url: aedes.url });
    expect(isFarsideError(await rejection(client.request(device, 'GET')), ERROR_CODES.INTERNAL)).toBe(true);
  });

  it('refuses a topic name that cannot be published, without sending anything', async () => {
    const client = new SdfClient({ url: aedes.url, protocolVersion: 4 });
    await client.start();
    try {
      expect(isFarsideError(await rejection(client.request({ level: 'thing', thing: 'a/b' }, 'GET')), ERROR_CODES.INVALID_INPUT)).toBe(true);
    } finally {
      await client.close();
    }
  });

  it('keeps retrying while nothing listens, warning each time, until the signal aborts start', async () => {
    const server = await countingServer();
    const url = server.url;
    await server.close();
    const client = new SdfClient({ url, reconnectPeriodMs: 20 });
    const warnings: SdfClientWarning[] = [];
    client.on('warning', (warning) => warnings.push(warning));
    const err = await rejection(client.start(AbortSignal.timeout(200)));
    expect(isFarsideError(err, ERROR_CODES.CANCELLED)).toBe(true);
    expect(warnings.length).toBeGreaterThan(1);
    expect(warnings[0]?.message).toMatch(/retrying/);
    expect(client.state).toBe('closed');
  });

  it('rejects start with the broker refusal when the broker does not speak the protocol version', async () => {
    // aedes speaks MQTT 3.1.1 only and refuses MQTT 5 in its CONNACK.
    const client = new SdfClient({ url: aedes.url, protocolVersion: 5, reconnectPeriodMs: 20 });
    const err = (await rejection(client.start())) as Error & { code?: unknown };
    expect(typeof err.code).toBe('number');
    expect(client.state).toBe('closed');
  });

  it('rejects a pending start with FarsideError CANCELLED when closed', async () => {
    const server = await countingServer();
    const client = new SdfClient({ url: server.url, connectTimeoutMs: 5_000 });
    const started = rejection(client.start());
    await client.close();
    expect(isFarsideError(await started, ERROR_CODES.CANCELLED)).toBe(true);
    await server.close();
  });

  it('starts once however often start is called, and closes idempotently', async () => {
    const client = new SdfClient({ url: aedes.url, protocolVersion: 4 });
    const first = client.start();
    expect(client.start()).toBe(first);
    await first;
    expect(client.state).toBe('ready');
    await client.close();
    await client.close();
    expect(client.state).toBe('closed');
  });
});
