/**
 * The Kubernetes remotecommand protocol versions and the exit report each one sends on the
 * error stream (k8s.io/apimachinery/pkg/util/remotecommand, kubelet's cri/streaming/remotecommand).
 */
import type { ShellResult } from './provider.js';

/** Newest first: the order in which we prefer them. v5 adds the close channel (WebSocket only). */
export const STREAM_PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io', 'v3.channel.k8s.io', 'v2.channel.k8s.io', 'channel.k8s.io'] as const;
export type StreamProtocol = (typeof STREAM_PROTOCOLS)[number];

/** SPDY cannot carry v5 (its close channel is a WebSocket frame). */
export const SPDY_STREAM_PROTOCOLS: readonly StreamProtocol[] = STREAM_PROTOCOLS.filter((p) => p !== 'v5.channel.k8s.io');

/** The client's list in its order of preference, as several headers or one comma-separated value. */
export function offeredProtocols(header: string | readonly string[] | undefined): string[] {
  const values = header === undefined ? [] : typeof header === 'string' ? [header] : header;
  return values.flatMap((v) => v.split(',')).map((p) => p.trim()).filter((p) => p !== '');
}

/** The best protocol of ours that the client offered, undefined when there is none in common. */
export function bestProtocol(offered: readonly string[], supported: readonly StreamProtocol[]): StreamProtocol | undefined {
  return supported.find((p) => offered.includes(p));
}

/** v4+ sends a metav1.Status on the error stream; older ones send plain text, and only on failure. */
export function hasStatusReport(protocol: StreamProtocol): boolean {
  return protocol === 'v4.channel.k8s.io' || protocol === 'v5.channel.k8s.io';
}

/** How the command ended: a shell result, or an error (device unavailable, timeout, ...). */
export type ExecOutcome = { readonly kind: 'exited'; readonly result: ShellResult } | { readonly kind: 'failed'; readonly message: string };

/**
 * The metav1.Status the kubelet writes for an outcome; kubectl exits with the ExitCode cause
 * of a NonZeroExitCode failure and prints the message of any other failure.
 */
export function statusOf(outcome: ExecOutcome, command: readonly string[]): object {
  if (outcome.kind === 'failed') {
    const message = `error executing command in container: ${outcome.message}`;
    return { metadata: {}, status: 'Failure', message: `Internal error occurred: ${message}`, reason: 'InternalError', details: { causes: [{ message }] }, code: 500 };
  }
  const { exitCode } = outcome.result;
  if (exitCode === 0) return { metadata: {}, status: 'Success' };
  return {
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: error executing command [${command.join(' ')}], exit code ${exitCode}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(exitCode) }] },
  };
}

/** What goes on the error stream at the end: the JSON Status (v4+), or the failure text (v1-v3), or nothing. */
export function errorStreamPayload(protocol: StreamProtocol, outcome: ExecOutcome, command: readonly string[]): Buffer | undefined {
  const status = statusOf(outcome, command) as { status: string; message?: string };
  if (hasStatusReport(protocol)) return Buffer.from(JSON.stringify(status));
  return status.status === 'Success' ? undefined : Buffer.from(status.message ?? 'command failed');
}

/** The shell's output as the stdout bytes, newline-terminated like a terminal line. */
export function stdoutPayload(outcome: ExecOutcome): Buffer | undefined {
  if (outcome.kind === 'failed' || outcome.result.output === '') return undefined;
  const { output } = outcome.result;
  return Buffer.from(output.endsWith('\n') ? output : `${output}\n`);
}

/** Runs the command, turning a rejection into a failed outcome (its message is shown to the user). */
export async function runToOutcome(run: (signal: AbortSignal) => Promise<ShellResult>, signal: AbortSignal): Promise<ExecOutcome> {
  try {
    return { kind: 'exited', result: await run(signal) };
  } catch (err) {
    return { kind: 'failed', message: err instanceof Error ? err.message : String(err) };
  }
}
