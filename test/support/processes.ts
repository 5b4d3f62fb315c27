/** Helpers for the real peers tests run as child processes (mosquitto, docker-registry). */
import { spawn, type ChildProcess } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import net from 'node:net';

/** Throws `hint` when `path` is not an executable (the peer is not installed). */
export async function requireExecutable(path: string, hint: string): Promise<void> {
  try {
    await access(path, constants.X_OK);
  } catch {
    throw new Error(hint);
  }
}

/**
 * Starts `command` and resolves once `ready()` does; if the process exits first, rejects
 * with what it printed on stderr. Later exits show up as the tests' connection errors.
 */
export async function spawnUntilReady(name: string, command: string, args: readonly string[], ready: () => Promise<void>): Promise<ChildProcess> {
  const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<never>((_resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => reject(new Error(`${name} exited (${signal ?? code}) before it was ready: ${stderr.trim()}`)));
  });
  try {
    await Promise.race([ready(), exited]);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  exited.catch(() => undefined);
  return child;
}

/** SIGTERM, then SIGKILL after 2 s; resolves when the process is gone. */
export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 2_000);
  await exited;
  clearTimeout(timer);
}

/** A port nothing listens on right now (the kernel picks it; another process could take it before us, rarely). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
