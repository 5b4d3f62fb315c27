import type { ShellResult } from './provider.js';

export interface ExecLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  debug(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** What the kubelet's /exec request asked for, and how to run it. */
export interface ExecStreamOptions {
  /** The command as the request named it (`command=` query parameters), for messages. */
  readonly command: readonly string[];
  readonly tty: boolean;
  /** Whether the caller sends stdin. A device shell takes one command line and no input, so it is read and dropped. */
  readonly stdin: boolean;
  readonly stdout: boolean;
  readonly stderr: boolean;
  /** Runs the command once; `signal` aborts when the caller goes away. A rejection is reported to the caller as an error. */
  readonly run: (signal: AbortSignal) => Promise<ShellResult>;
  readonly logger?: ExecLogger;
  /** How long to wait for the caller's SPDY streams, ms. Default 15000 (as the kubelet). */
  readonly streamCreationTimeoutMs?: number;
}
