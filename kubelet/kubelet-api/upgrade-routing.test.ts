import https from 'node:https';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ExecStreamOptions } from './exec-options.js';
import { KubeletApiServer } from './kubelet-api-server.js';
import { FakeProvider, freePortRange, get, pod } from './test-kubelet-api.js';
import { selfSignedKubeletTls, type TlsPem } from './self-signed-tls.js';

type Upgraded = { kind: 'upgraded'; socket: Duplex } | { kind: 'response'; status: number; body: string };

/** Asks for an upgrade to SPDY/3.1 like kubectl does, and reports what came back. */
function upgrade(port: number, path: string, ca: string): Promise<Upgraded> {
  return new Promise((resolve, reject) => {
    const request = https.request({ host: '127.0.0.1', servername: 'localhost', port, path, ca, method: 'POST', agent: false, headers: { connection: 'Upgrade', upgrade: 'SPDY/3.1', 'x-stream-protocol-version': 'v4.channel.k8s.io' } });
    request.on('upgrade', (_response: IncomingMessage, socket: Duplex) => resolve({ kind: 'upgraded', socket }));
    request.on('response', (response: IncomingMessage) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ kind: 'response', status: response.statusCode ?? 0, body }));
    });
    request.on('error', reject);
    request.end();
  });
}

describe('exec upgrades', () => {
  let pem: TlsPem;
  let server: KubeletApiServer;
  let provider: FakeProvider;
  let port: number;
  let calls: { path: string | undefined; options: ExecStreamOptions }[];
  beforeAll(async () => {
    pem = await selfSignedKubeletTls('127.0.0.1');
  });
  afterEach(() => server.close());

  async function start(): Promise<void> {
    provider = new FakeProvider();
    provider.addPod('n', pod('temp', 'n'), 0);
    calls = [];
    const execStream = (request: IncomingMessage, socket: Duplex, _head: Buffer, options: ExecStreamOptions): void => {
      calls.push({ path: request.url, options });
      socket.end('HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\n\r\n');
    };
    server = new KubeletApiServer({ provider, tls: pem, host: '127.0.0.1', ...(await freePortRange()), execStream });
    await server.start();
    port = await server.addNode('n');
  }

  it('hands an upgrade for a pod on this node to the exec stream, with the parsed command that runs on the device shell', async () => {
    await start();
    const result = await upgrade(port, '/exec/default/temp/main?command=mlsysops&command=knobs&command=list&stdin=1&stdout=1&tty=1', pem.cert);
    expect(result.kind).toBe('upgraded');
    if (result.kind === 'upgraded') result.socket.destroy();
    expect(calls).toHaveLength(1);
    const { options } = calls[0]!;
    expect(options).toMatchObject({ command: ['mlsysops', 'knobs', 'list'], tty: true, stdin: true, stdout: true, stderr: false });
    expect(await options.run(new AbortController().signal)).toEqual({ output: 'ran mlsysops knobs list', exitCode: 0 });
    expect(provider.shellCalls).toEqual([{ nodeName: 'n', commandLine: 'mlsysops knobs list' }]);
  });

  it('accepts the path with the pod uid, and refuses a uid that is not the pod\'s', async () => {
    await start();
    const result = await upgrade(port, '/exec/default/temp/uid-temp/main?command=help&stdout=true', pem.cert);
    expect(result.kind).toBe('upgraded');
    if (result.kind === 'upgraded') result.socket.destroy();
    expect(await upgrade(port, '/exec/default/temp/other-uid/main?command=help', pem.cert)).toMatchObject({ kind: 'response', status: 404 });
  });

  it('answers 404 on the raw socket for an unknown pod or container, without reaching the stream', async () => {
    await start();
    expect(await upgrade(port, '/exec/default/ghost/main?command=help', pem.cert)).toEqual({ kind: 'response', status: 404, body: 'pods "ghost" not found\n' });
    expect(await upgrade(port, '/exec/default/temp/sidecar?command=help', pem.cert)).toMatchObject({ kind: 'response', status: 404 });
    expect(await upgrade(port, '/attach/default/temp/main', pem.cert)).toMatchObject({ kind: 'response', status: 404 });
    expect(calls).toEqual([]);
  });

  it('answers 400 for an exec without a command', async () => {
    await start();
    expect(await upgrade(port, '/exec/default/temp/main?stdout=1', pem.cert)).toMatchObject({ kind: 'response', status: 400, body: expect.stringContaining('at least one command') });
  });

  it('answers 400 to a plain request to /exec', async () => {
    await start();
    expect(await get(port, '/exec/default/temp/main?command=help', pem.cert)).toEqual(
      expect.objectContaining({ status: 400, body: 'exec needs a streaming upgrade (SPDY or WebSocket)\n' }),
    );
  });
});

describe('exec upgrades with the default stream', () => {
  it('runs the command on the device shell over a WebSocket, as kubectl 1.30+ asks for it', async () => {
    const pem = await selfSignedKubeletTls('127.0.0.1');
    const provider = new FakeProvider();
    provider.addPod('n', pod('temp', 'n'), 0);
    const server = new KubeletApiServer({ provider, tls: pem, host: '127.0.0.1', ...(await freePortRange()) });
    try {
      await server.start();
      const port = await server.addNode('n');
      const socket = new WebSocket(`wss://127.0.0.1:${port}/exec/default/temp/main?command=help&stdout=1&stderr=1`, ['v4.channel.k8s.io'], { ca: pem.cert });
      const frames: Buffer[] = [];
      socket.on('message', (data: Buffer) => frames.push(Buffer.from(data)));
      await new Promise<void>((resolve, reject) => socket.once('close', () => resolve()).once('error', reject));
      const stdout = Buffer.concat(frames.filter((f) => f[0] === 1).map((f) => f.subarray(1))).toString();
      expect(stdout).toContain('ran help');
      expect(provider.shellCalls).toEqual([{ nodeName: 'n', commandLine: 'help' }]);
    } finally {
      await server.close();
    }
  });
});
