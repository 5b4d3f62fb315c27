/**
 * Node's side of armnn_oracle.py: Arm NN CpuRef (Debian's python3-pyarmnn) run on a model,
 * for the bit-exactness tests and the benchmark. Test and bench support, not shipped API.
 */
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ORACLE_PYTHON = '/usr/bin/python3';
export const ORACLE_SCRIPT = fileURLToPath(new URL('./armnn_oracle.py', import.meta.url));

/** Flat values of one tensor, in its own type. */
export type TensorValues = readonly number[];

/** Whether pyarmnn imports here; the reason when it does not. */
export function armnnUnavailableReason(): string | undefined {
  const probe = spawnSync(ORACLE_PYTHON, ['-c', 'import pyarmnn'], { encoding: 'utf8', timeout: 30_000 });
  if (probe.error !== undefined) return `${ORACLE_PYTHON} did not run: ${probe.error.message}`;
  return probe.status === 0 ? undefined : `pyarmnn cannot be imported (install Debian's python3-pyarmnn): ${probe.stderr.trim().split('\n').pop()}`;
}

export type OracleJob =
  | { readonly model: string; readonly runs: readonly (readonly TensorValues[])[] }
  | { readonly model: string; readonly bench: { readonly input: readonly TensorValues[]; readonly seconds: number } };

/** Every run's outputs (one flat array per model output), or why Arm NN refused the model. */
export type OracleReply = { readonly outputs: number[][][] } | { readonly bench: { readonly inferences: number; readonly seconds: number } } | { readonly error: string };

/** Runs `jobs` in one Python process (pyarmnn's import takes most of a second). */
export async function askArmnn(jobs: readonly OracleJob[]): Promise<OracleReply[]> {
  const child = spawn(ORACLE_PYTHON, [ORACLE_SCRIPT], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  child.stdin.end(JSON.stringify({ jobs }));
  const status = await exited;
  let reply: { jobs?: OracleReply[]; error?: string };
  try {
    reply = JSON.parse(stdout) as typeof reply;
  } catch {
    throw new Error(`armnn_oracle.py exited ${status} without a reply: ${stderr.trim()}`);
  }
  if (status !== 0 || reply.jobs === undefined) throw new Error(`armnn_oracle.py: ${reply.error ?? `exit ${status}`}`);
  return reply.jobs;
}

/** The outputs of a runs job, or an Error saying why Arm NN refused the model. */
export function outputsOf(reply: OracleReply | undefined): number[][][] {
  if (reply !== undefined && 'outputs' in reply) return reply.outputs;
  throw new Error(reply !== undefined && 'error' in reply ? reply.error : 'Arm NN gave no outputs');
}

/** Inferences per second of a bench job, timed by Python around its own invoke loop. */
export function inferencesPerSecondOf(reply: OracleReply | undefined): number {
  if (reply !== undefined && 'bench' in reply) return reply.bench.inferences / reply.bench.seconds;
  throw new Error(reply !== undefined && 'error' in reply ? reply.error : 'Arm NN gave no timing');
}
