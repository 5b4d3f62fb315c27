import { once } from 'node:events';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { KubeletApiServer } from './kubelet-api-server.js';
import { FakeProvider, freePortRange, get, open, pod } from './test-kubelet-api.js';
import { selfSignedKubeletTls, type TlsPem } from './self-signed-tls.js';

const NOW = Date.parse('2025-06-01T12:00:00.000Z');

describe('GET /containerLogs', () => {
  let pem: TlsPem;
  let server: KubeletApiServer;
  let provider: FakeProvider;
  let port: number;
  beforeAll(async () => {
    pem = await selfSignedKubeletTls('127.0.0.1');
  });
  afterEach(() => server.close());

  async function start(now: () => number = Date.now): Promise<void> {
    provider = new FakeProvider();
    provider.addPod('n', pod('temp', 'n'), 3);
    provider.addPod('n', pod('waiting', 'n'));
    provider.logs.set(3, ['[00:00:01.000] /9/3 temperature: starting', '[00:00:02.250] /9/3 temperature: 21.5 C', '[00:00:03.500] /9/3 temperature: 21.7 C']);
    server = new KubeletApiServer({ provider, tls: pem, host: '127.0.0.1', ...(await freePortRange()), logPollMs: 10, now });
    await server.start();
    port = await server.addNode('n');
  }

  it('returns the workload\'s lines without the device stamp and workload prefix, the last tailLines of them', async () => {
    await start();
    const all = await get(port, '/containerLogs/default/temp/main', pem.cert);
    expect(all.status).toBe(200);
    expect(all.headers['content-type']).toMatch(/^text\/plain/);
    expect(all.body).toBe('starting\n21.5 C\n21.7 C\n');
    expect((await get(port, '/containerLogs/default/temp/main?tailLines=2', pem.cert)).body).toBe('21.5 C\n21.7 C\n');
    expect((await get(port, '/containerLogs/default/temp/main?tailLines=0', pem.cert)).body).toBe('');
    expect((await get(port, '/containerLogs/default/temp/main?limitBytes=12', pem.cert)).body).toBe('starting\n21.');
  });

  it('prefixes each line with its wall-clock time, derived from the device uptime, when timestamps=true', async () => {
    await start(() => NOW);
    // The device has been up 10 s, so it booted at 11:59:50.
    provider.setUsage('n', { cpuNanoCores: 1e6, memoryBytes: 1000, uptimeMs: 10_000, memoryAvailableBytes: 9000 }, {});
    const reply = await get(port, '/containerLogs/default/temp/main?timestamps=true&tailLines=2', pem.cert);
    expect(reply.body).toBe('2025-06-01T11:59:52.25Z 21.5 C\n2025-06-01T11:59:53.5Z 21.7 C\n');
    const since = await get(port, '/containerLogs/default/temp/main?sinceSeconds=7', pem.cert);
    expect(since.body).toBe('21.7 C\n');
  });

  it('stamps lines with the time they were read when the device uptime is unknown', async () => {
    await start(() => NOW);
    const reply = await get(port, '/containerLogs/default/temp/main?timestamps=1&tailLines=1', pem.cert);
    expect(reply.body).toBe('2025-06-01T12:00:00Z 21.7 C\n');
  });

  it('follows the log, sending only lines appended later, and ends when the workload disappears', async () => {
    await start();
    const response = await open(port, '/containerLogs/default/temp/main?follow=true&tailLines=1', pem.cert);
    expect(response.statusCode).toBe(200);
    response.setEncoding('utf8');
    const chunks: string[] = [];
    const received = (text: string): Promise<void> =>
      new Promise((resolve) => {
        const check = (): void => {
          if (chunks.join('').includes(text)) {
            response.off('data', onData);
            resolve();
          }
        };
        const onData = (chunk: string): void => {
          chunks.push(chunk);
          check();
        };
        response.on('data', onData);
        check();
      });
    await received('21.7 C\n');
    // The ring is full: the oldest line goes as a new one comes, so the count stays the same.
    const log = provider.logs.get(3)!;
    log.shift();
    log.push('[00:00:04.000] /9/3 temperature: 22.0 C');
    await received('22.0 C\n');
    const ended = once(response, 'end');
    response.on('data', (chunk: string) => chunks.push(chunk));
    provider.workloads.clear();
    await ended;
    expect(chunks.join('')).toBe('21.7 C\n22.0 C\n');
  });

  it('stops following, cancelling its device reads, once the follower disconnects', async () => {
    await start();
    const response = await open(port, '/containerLogs/default/temp/main?follow=true', pem.cert);
    const [, signal] = (await once(provider, 'logRead')) as [readonly string[], AbortSignal];
    expect(signal.aborted).toBe(false);
    const aborted = once(signal, 'abort');
    response.destroy();
    await aborted;
  });

  it.each([
    ['a negative tailLines', 'tailLines=-1', /tailLines/],
    ['a tailLines that is not a number', 'tailLines=ten', /tailLines/],
    ['a follow that is not a boolean', 'follow=maybe', /follow/],
    ['a zero limitBytes', 'limitBytes=0', /limitBytes/],
    ['both sinceSeconds and sinceTime', 'sinceSeconds=5&sinceTime=2025-01-01T00:00:00Z', /at most one/],
    ['a sinceTime that is not a time', 'sinceTime=yesterday', /sinceTime/],
  ])('answers 400 with a message for %s', async (_name, query, message) => {
    await start();
    const reply = await get(port, `/containerLogs/default/temp/main?${query}`, pem.cert);
    expect(reply.status).toBe(400);
    expect(reply.body).toMatch(message);
  });

  it('answers 404 for an unknown pod or container, and 400 for a container not started yet', async () => {
    await start();
    expect(await get(port, '/containerLogs/default/ghost/main', pem.cert)).toMatchObject({ status: 404, body: 'pods "ghost" not found\n' });
    expect(await get(port, '/containerLogs/other/temp/main', pem.cert)).toMatchObject({ status: 404 });
    expect(await get(port, '/containerLogs/default/temp/sidecar', pem.cert)).toMatchObject({ status: 404, body: 'container sidecar is not valid for pod temp\n' });
    expect(await get(port, '/containerLogs/default/waiting/main', pem.cert)).toMatchObject({ status: 400, body: expect.stringContaining('waiting to start') });
  });
});
