/**
 * Starts a workload's worker thread from wasm-worker next to this file: the .js one in a
 * build, the .ts one when farside runs from source (vitest, tsx). For .ts, the obvious
 * `execArgv: ['--import', 'tsx']` does not work on Node 20 (loaders given to a Worker are
 * ignored: nodejs/node#47747, privatenumber/tsx#354), so a one-line bootstrap registers
 * tsx's loader inside the worker (tsx/esm/api), then imports the worker script.
 */
import { Worker, type TransferListItem } from 'node:worker_threads';
import type { WorkerSetup } from './worker-protocol.js';

const fromSource = import.meta.url.endsWith('.ts');
const extension = fromSource ? '.ts' : '.js';

/** A module of this folder's sibling `relative` (without extension), as a file: URL, for a worker to import. */
export function siblingModuleUrl(relative: string): URL {
  return new URL(`${relative}${extension}`, import.meta.url);
}

export function launchWorker(setup: WorkerSetup, transferList: readonly TransferListItem[]): Worker {
  const script = siblingModuleUrl('./wasm-worker');
  const options = { workerData: setup, transferList: [...transferList] };
  if (!fromSource) return new Worker(script, options);
  // Resolved from here, so the process's working directory does not matter.
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(script.href)}); });`;
  return new Worker(bootstrap, { ...options, eval: true });
}
