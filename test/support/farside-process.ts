/** The `farside` command as a child process, run from source with tsx, for CLI tests. */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

const children: ChildProcess[] = [];
let failedStderr = '';

/** Starts `farside ...args`; its stdout and stderr are pipes. */
export function farside(args: readonly string[]): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'cli/main.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  child.on('exit', (code) => {
    if (code !== 0 && code !== null) failedStderr = stderr;
  });
  children.push(child);
  return child;
}

/** Runs `farside ...args` to its end. */
export async function runFarside(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = farside(args);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

/** The stderr of the last command that exited with a failure, for test messages. */
export function lastFailedStderr(): string {
  return failedStderr;
}

/** Kills every command still running (afterEach). */
export function killFarsideChildren(): void {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
}
