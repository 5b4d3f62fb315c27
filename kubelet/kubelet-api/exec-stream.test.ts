import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { ERROR_CODES, FarsideError } from '../../errors/index.js';
import { startKubeApiServer, type KubeApiServer } from '../../test/support/kube-api-server.js';
import { createNodeAndPod, KUBECTL, kubectl, selfSignedCert, startStubKubelet, type StubKubelet } from './test-exec-kubelet.js';

let tls: { key: string; cert: string };
let dir: string;
let api: KubeApiServer;
let kubelet: StubKubelet;
let kubeconfig: string;

beforeAll(async () => {
  tls = await selfSignedCert();
});
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'farside-exec-'));
  api = await startKubeApiServer();
  kubelet = await startStubKubelet(tls);
  await createNodeAndPod(api, kubelet.port);
  kubeconfig = await api.writeKubeconfig(dir);
});
afterEach(async () => {
  await kubelet.close();
  await api.close();
  await rm(dir, { recursive: true, force: true });
});

describe('serveExecStream without kubectl', () => {
  it('answers an upgrade that is neither WebSocket nor SPDY with 400 Bad Request', async () => {
    const answer = await new Promise<{ code: number | undefined; body: string }>((resolve, reject) => {
      const request = https.request({ host: '127.0.0.1', port: kubelet.port, path: '/exec/default/shell/app?command=ls', rejectUnauthorized: false, headers: { connection: 'Upgrade', upgrade: 'h2c' } });
      request.on('response', (response) => {
        let body = '';
        response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ code: response.statusCode, body }));
      });
      request.on('upgrade', () => reject(new Error('upgraded')));
      request.on('error', reject);
      request.end();
    });
    expect(answer.code).toBe(400);
    expect(answer.body).toContain('expected Upgrade: websocket or SPDY/3.1');
  });
});

const kubectlMissing = !existsSync(KUBECTL);
const transports = [
  { name: 'WebSocket', env: {}, upgrade: 'websocket' },
  { name: 'SPDY/3.1', env: { KUBECTL_REMOTE_COMMAND_WEBSOCKETS: 'false' }, upgrade: 'SPDY/3.1' },
] as const;

describe.skipIf(kubectlMissing).each(transports)(kubectlMissing ? `kubectl exec (skipped: ${KUBECTL} not found)` : 'kubectl exec over $name', ({ env, upgrade }) => {
  it('prints the device shell output and exits 0', async () => {
    kubelet.run = () => Promise.resolve({ output: 'knob sampling_rate 10\nknob model_variant int8', exitCode: 0 });
    const run = await kubectl(kubeconfig, ['exec', 'shell', '--', 'mlsysops', 'knobs', 'list'], env);
    expect(run).toMatchObject({ code: 0, stdout: 'knob sampling_rate 10\nknob model_variant int8\n' });
    expect(kubelet.seen).toEqual([{ path: '/exec/default/shell/app', upgrade, command: ['mlsysops', 'knobs', 'list'], stdin: false, stdout: true, stderr: true, tty: false }]);
  });

  it('exits with the shell exit code and says the command failed', async () => {
    kubelet.run = () => Promise.resolve({ output: 'error: no such knob', exitCode: 1 });
    const run = await kubectl(kubeconfig, ['exec', 'shell', '--', 'mlsysops', 'knobs', 'get', 'nope'], env);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('error: no such knob\n');
    expect(run.stderr).toContain('command terminated with exit code 1');
  });

  it('reports a device that cannot run the command as an error with its message', async () => {
    kubelet.run = () => Promise.reject(new FarsideError(ERROR_CODES.DEVICE_UNAVAILABLE, 'device dev-1 is unavailable'));
    const run = await kubectl(kubeconfig, ['exec', 'shell', '--', 'mlsysops', 'knobs', 'list'], env);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('device dev-1 is unavailable');
  });

  it('aborts the running command when kubectl goes away', async () => {
    let started = (): void => undefined;
    const running = new Promise<void>((resolve) => (started = resolve));
    const aborted = new Promise<void>((resolve) => {
      kubelet.run = (signal) => {
        signal.addEventListener('abort', () => resolve(), { once: true });
        started();
        return new Promise(() => undefined);
      };
    });
    let kill = (): void => undefined;
    const run = kubectl(kubeconfig, ['exec', 'shell', '--', 'mlsysops', 'wait'], env, (child) => (kill = () => child.kill('SIGKILL')));
    await running;
    kill();
    await aborted;
    expect((await run).code).not.toBe(0);
  });
});

describe('serveExecStream over WebSocket without kubectl', () => {
  async function frames(protocol: string): Promise<{ protocol: string; frames: string[] }> {
    const ws = new WebSocket(`wss://127.0.0.1:${kubelet.port}/exec/default/shell/app?command=ls&stdin=1&stdout=1`, [protocol], { rejectUnauthorized: false });
    const received: string[] = [];
    ws.on('message', (data: Buffer) => received.push(`${data[0] ?? -1}:${data.subarray(1).toString()}`));
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => ws.send(Buffer.from('\x00typed input\n')));
      ws.once('close', () => resolve());
      ws.once('error', reject);
    });
    return { protocol: ws.protocol, frames: received };
  }

  it('drains stdin, then sends the output on channel 1 and the v4 Status on channel 3', async () => {
    kubelet.run = () => Promise.resolve({ output: 'a.bin', exitCode: 0 });
    expect(await frames('v4.channel.k8s.io')).toEqual({ protocol: 'v4.channel.k8s.io', frames: ['1:a.bin\n', '3:{"metadata":{},"status":"Success"}'] });
  });

  it('sends only the failure text on channel 3 with the unversioned protocol', async () => {
    kubelet.run = () => Promise.resolve({ output: '', exitCode: 1 });
    const { frames: sent } = await frames('channel.k8s.io');
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatch(/^3:command terminated with non-zero exit code: .*exit code 1$/);
  });
});
