import net from 'node:net';
import tls from 'node:tls';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES, FarsideError } from '../../errors/index.js';
import { KubeletApiServer, type KubeletApiServerOptions } from './kubelet-api-server.js';
import { FakeProvider, freePortRange, get, pod } from './test-kubelet-api.js';
import { selfSignedKubeletTls, type TlsPem } from './self-signed-tls.js';

describe('KubeletApiServer', () => {
  let pem: TlsPem;
  const cleanups: (() => Promise<void>)[] = [];
  beforeAll(async () => {
    pem = await selfSignedKubeletTls('127.0.0.1');
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function startServer(provider: FakeProvider, options: Partial<KubeletApiServerOptions> = {}): Promise<KubeletApiServer> {
    const server = new KubeletApiServer({ provider, tls: pem, host: '127.0.0.1', ...(await freePortRange()), ...options });
    cleanups.push(() => server.close());
    await server.start();
    return server;
  }

  it('gives two nodes different ports, and /pods on each lists only that node\'s pods', async () => {
    const provider = new FakeProvider();
    provider.addPod('node-a', pod('a1', 'node-a'));
    provider.addPod('node-a', pod('a2', 'node-a'));
    provider.addPod('node-b', pod('b1', 'node-b'));
    const server = await startServer(provider);
    const portA = await server.addNode('node-a');
    const portB = await server.addNode('node-b');
    expect(portA).not.toBe(portB);
    expect(server.portOf('node-a')).toBe(portA);
    const podsA = await get(portA, '/pods', pem.cert);
    expect(podsA.status).toBe(200);
    expect(podsA.headers['content-type']).toBe('application/json');
    const listA = JSON.parse(podsA.body) as { kind: string; apiVersion: string; items: { metadata: { name: string } }[] };
    expect(listA).toMatchObject({ kind: 'PodList', apiVersion: 'v1' });
    expect(listA.items.map((p) => p.metadata.name)).toEqual(['a1', 'a2']);
    const listB = JSON.parse((await get(portB, '/pods', pem.cert)).body) as { items: { metadata: { name: string } }[] };
    expect(listB.items.map((p) => p.metadata.name)).toEqual(['b1']);
  });

  it('answers the same port for a node added twice, even concurrently', async () => {
    const server = await startServer(new FakeProvider());
    const [first, second] = await Promise.all([server.addNode('n'), server.addNode('n')]);
    expect(second).toBe(first);
    expect(await server.addNode('n', first + 1)).toBe(first);
  });

  it('takes the preferred port when free and falls back to the lowest free one when something else holds it', async () => {
    const range = await freePortRange();
    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(range.firstPort + 5, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => squatter.close(() => resolve())));
    const server = await startServer(new FakeProvider(), range);
    expect(await server.addNode('preferred', range.firstPort + 7)).toBe(range.firstPort + 7);
    const fallback = await server.addNode('blocked', range.firstPort + 5);
    expect(fallback).toBe(range.firstPort);
    expect((await get(fallback, '/healthz', pem.cert)).body).toBe('ok\n');
  });

  it('answers /healthz with ok and unknown paths with 404', async () => {
    const server = await startServer(new FakeProvider());
    const port = await server.addNode('n');
    expect(await get(port, '/healthz', pem.cert)).toMatchObject({ status: 200, body: 'ok\n' });
    expect((await get(port, '/configz', pem.cert)).status).toBe(404);
    expect((await get(port, '/stats/summary/extra', pem.cert)).status).toBe(404);
  });

  it('stops serving a removed node and frees its port', async () => {
    const server = await startServer(new FakeProvider());
    const port = await server.addNode('n');
    await server.removeNode('n');
    expect(server.portOf('n')).toBeUndefined();
    await expect(get(port, '/healthz', pem.cert)).rejects.toThrow(/ECONNREFUSED/);
    expect(await server.addNode('m', port)).toBe(port);
    await server.removeNode('ghost');
  });

  it('answers 503 with the message when the device times out, and 500 for other failures', async () => {
    const provider = new FakeProvider();
    provider.addPod('n', pod('p', 'n'), 0);
    const server = await startServer(provider);
    const port = await server.addNode('n');
    provider.failure = new FarsideError(ERROR_CODES.TIMEOUT, 'the device did not answer within 5 s');
    expect(await get(port, '/stats/summary', pem.cert)).toMatchObject({ status: 503, body: 'the device did not answer within 5 s\n' });
    expect(await get(port, '/containerLogs/default/p/main', pem.cert)).toMatchObject({ status: 503 });
    provider.failure = new FarsideError(ERROR_CODES.DEVICE_UNAVAILABLE, 'the device sleeps');
    expect((await get(port, '/metrics/resource', pem.cert)).status).toBe(503);
    provider.failure = new FarsideError(ERROR_CODES.NOT_FOUND, 'no such thing');
    expect((await get(port, '/stats/summary', pem.cert)).status).toBe(404);
    provider.failure = new Error('secret internals');
    expect(await get(port, '/stats/summary', pem.cert)).toMatchObject({ status: 500, body: 'internal error\n' });
    expect((await get(port, '/healthz', pem.cert)).status).toBe(200);
  });

  it('refuses methods other than GET', async () => {
    const server = await startServer(new FakeProvider());
    const port = await server.addNode('n');
    expect((await get(port, '/pods', pem.cert, { method: 'DELETE' })).status).toBe(405);
  });

  it('makes a self-signed certificate for farside-kubelet when given none', async () => {
    const server = await startServer(new FakeProvider(), { tls: undefined });
    const port = await server.addNode('n');
    const socket = tls.connect({ host: '127.0.0.1', port, servername: 'localhost', ca: server.certificate });
    cleanups.push(async () => void socket.destroy());
    await new Promise<void>((resolve, reject) => socket.once('secureConnect', resolve).once('error', reject));
    const cert = socket.getPeerCertificate();
    expect(cert.subject.CN).toBe('farside-kubelet');
    expect(cert.subjectaltname).toContain('IP Address:127.0.0.1');
    expect(cert.subjectaltname).toContain('DNS:localhost');
    const days = (Date.parse(cert.valid_to) - Date.parse(cert.valid_from)) / 86_400_000;
    expect(Math.round(days)).toBe(365);
  });

  it('refuses bad options and node names, and adding nodes before start', async () => {
    const provider = new FakeProvider();
    expect(() => new KubeletApiServer({ provider, firstPort: 20, lastPort: 10 })).toThrow(FarsideError);
    const server = new KubeletApiServer({ provider, tls: pem, host: '127.0.0.1' });
    await expect(server.addNode('n')).rejects.toMatchObject({ code: ERROR_CODES.NOT_ALLOWED });
    await server.start();
    await expect(server.addNode('')).rejects.toMatchObject({ code: ERROR_CODES.INVALID_INPUT });
    await expect(server.addNode('n', 70_000)).rejects.toMatchObject({ code: ERROR_CODES.INVALID_INPUT });
    await server.close();
    await expect(server.addNode('n')).rejects.toMatchObject({ code: ERROR_CODES.NOT_ALLOWED });
  });
});
