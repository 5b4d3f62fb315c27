import { describe, expect, it } from 'vitest';
import { bestProtocol, errorStreamPayload, offeredProtocols, SPDY_STREAM_PROTOCOLS, STREAM_PROTOCOLS, stdoutPayload } from './exec-protocol.js';
import { expectedStreams } from './exec-spdy.js';

const exited = (output: string, exitCode: number) => ({ kind: 'exited', result: { output, exitCode } }) as const;

describe('remotecommand protocol negotiation', () => {
  it('picks the newest protocol the client offers, whatever its order', () => {
    expect(bestProtocol(offeredProtocols('channel.k8s.io, v4.channel.k8s.io,v2.channel.k8s.io'), STREAM_PROTOCOLS)).toBe('v4.channel.k8s.io');
    expect(bestProtocol(offeredProtocols(['v5.channel.k8s.io', 'v4.channel.k8s.io']), SPDY_STREAM_PROTOCOLS)).toBe('v4.channel.k8s.io');
    expect(bestProtocol(offeredProtocols('v9.channel.k8s.io'), STREAM_PROTOCOLS)).toBeUndefined();
  });

  it('waits for the resize stream only when a terminal was asked for on v3 or later', () => {
    const streams = { stdin: true, stdout: true, stderr: false, tty: true };
    expect(expectedStreams('v4.channel.k8s.io', streams)).toEqual(['error', 'stdin', 'stdout', 'resize']);
    expect(expectedStreams('v2.channel.k8s.io', streams)).toEqual(['error', 'stdin', 'stdout']);
  });
});

describe('the exit report on the error stream', () => {
  it('is a Success Status on v4 and nothing on older protocols when the command succeeds', () => {
    expect(JSON.parse(errorStreamPayload('v4.channel.k8s.io', exited('ok', 0), ['ls'])?.toString() ?? '')).toEqual({ metadata: {}, status: 'Success' });
    expect(errorStreamPayload('v3.channel.k8s.io', exited('ok', 0), ['ls'])).toBeUndefined();
  });

  it('carries the exit code as a NonZeroExitCode cause on v5, and as text on v2', () => {
    const status = JSON.parse(errorStreamPayload('v5.channel.k8s.io', exited('error: nope', 1), ['knobs', 'get'])?.toString() ?? '') as Record<string, unknown>;
    expect(status).toMatchObject({ status: 'Failure', reason: 'NonZeroExitCode', details: { causes: [{ reason: 'ExitCode', message: '1' }] } });
    expect(errorStreamPayload('v2.channel.k8s.io', exited('error: nope', 1), ['knobs', 'get'])?.toString()).toMatch(/^command terminated with non-zero exit code: .*exit code 1$/);
  });

  it('reports a failure to run the command as an InternalError with its message', () => {
    const status = JSON.parse(errorStreamPayload('v4.channel.k8s.io', { kind: 'failed', message: 'device dev-1 is unavailable' }, ['ls'])?.toString() ?? '') as { reason: string; message: string };
    expect(status.reason).toBe('InternalError');
    expect(status.message).toContain('device dev-1 is unavailable');
  });
});

describe('the output on stdout', () => {
  it('ends with a newline, and is absent when the shell printed nothing', () => {
    expect(stdoutPayload(exited('a\nb', 0))?.toString()).toBe('a\nb\n');
    expect(stdoutPayload(exited('a\n', 0))?.toString()).toBe('a\n');
    expect(stdoutPayload(exited('', 0))).toBeUndefined();
  });
});
