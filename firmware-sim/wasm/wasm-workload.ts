/**
 * A running WebAssembly workload, seen from the device's thread. The module runs in a
 * worker of its own; this side ticks it on the device's clock, forwards inputs, answers
 * its sensor requests, relays its outputs and log lines, and guards it: a call that runs
 * past the watchdog gets the thread terminated. The watchdog and the CPU share measure
 * real time on purpose: they judge a thread that really runs, whatever the device's clock.
 */
import { MessageChannel, type MessagePort, type Worker } from 'node:worker_threads';
import type { ServiceValue } from '../embserve/contracts.js';
import { servicePeriodMs } from '../embserve/native-engine.js';
import type { RunningWorkload, WorkloadContext } from '../embserve/workload-engine.js';
import { CpuWindow } from './cpu-window.js';
import { INPUT_KEY_BUFFER_BYTES, WASM_FAILURE } from './sdk-abi.js';
import { answerFromBoard } from './sensor-link.js';
import { callName, SharedState, sharedNowMs } from './shared-state.js';
import type { WasmPackage } from './wasm-package.js';
import { launchWorker } from './worker-launch.js';
import type { HostMessage, WorkerMessage } from './worker-protocol.js';

export interface WasmWorkloadOptions {
  readonly watchdogMs: number;
  readonly cpuWindowMs: number;
  readonly logLinesPerSecond: number;
  readonly modelLoaderUrl: URL;
}

/** How often the watchdog looks, at most, ms. */
const WATCHDOG_POLL_MAX_MS = 250;

export class WasmWorkload implements RunningWorkload {
  readonly #context: WorkloadContext;
  readonly #pkg: WasmPackage;
  readonly #options: WasmWorkloadOptions;
  readonly #shared = new SharedState();
  readonly #cpu: CpuWindow;
  readonly #inputs: MessagePort;
  readonly #worker: Worker;
  readonly #watchdog: NodeJS.Timeout;
  /** Resolves once the worker thread is gone. */
  readonly ended: Promise<void>;
  #timer: unknown;
  #ticksPosted = 0;
  #finished = false;

  /** Spawns the worker and returns at once; the module compiles there. */
  static start(context: WorkloadContext, pkg: WasmPackage, options: WasmWorkloadOptions): WasmWorkload {
    return new WasmWorkload(context, pkg, options);
  }

  private constructor(context: WorkloadContext, pkg: WasmPackage, options: WasmWorkloadOptions) {
    this.#context = context;
    this.#pkg = pkg;
    this.#options = options;
    this.#cpu = new CpuWindow(sharedNowMs(), options.cpuWindowMs);
    this.#shared.setMemory(pkg.linearMemoryBytes, 0);
    const { port1, port2 } = new MessageChannel();
    this.#inputs = port1;
    const { shape } = pkg;
    this.#worker = launchWorker(
      {
        module: pkg.module,
        importedMemory: shape.memoryImported ? { initial: shape.initialPages, maximum: Math.min(shape.maximumPages ?? shape.initialPages, shape.initialPages) } : undefined,
        linearBudgetBytes: pkg.linearMemoryBytes,
        arenaBudgetBytes: pkg.arenaBytes,
        model: pkg.model,
        modelLoaderUrl: options.modelLoaderUrl.href,
        outputs: (context.service.outputs ?? []).map(({ key, type }) => ({ key, type })),
        logLinesPerSecond: options.logLinesPerSecond,
        shared: this.#shared.buffer,
        inputs: port2,
      },
      [port2],
    );
    // A workload never keeps the process alive on its own; the device's sockets do.
    this.#worker.unref();
    this.ended = new Promise((resolve) => this.#worker.once('exit', () => resolve()));
    this.#worker.on('message', (message: WorkerMessage) => this.#fromWorker(message));
    this.#worker.on('error', (err) => this.#end(WASM_FAILURE.WORKER_LOST, `the workload's thread failed: ${err.message}`));
    this.#worker.on('exit', (code) => this.#end(WASM_FAILURE.WORKER_LOST, `the workload's thread exited (code ${code})`));
    const poll = Math.max(10, Math.min(WATCHDOG_POLL_MAX_MS, options.watchdogMs / 4));
    this.#watchdog = setInterval(() => this.#checkWatchdog(), poll).unref();
  }

  input(value: ServiceValue): boolean {
    const declared = this.#context.service.inputs?.find((input) => input.key === value.key);
    if (this.#finished || declared === undefined || declared.type !== value.type || !Number.isFinite(value.value)) return false;
    if (declared.type === 0 && !Number.isInteger(value.value)) return false;
    if (!this.#pkg.shape.entryPoints.on_input || Buffer.byteLength(value.key) > INPUT_KEY_BUFFER_BYTES) return false;
    this.#inputs.postMessage({ key: value.key, type: declared.type, value: value.value });
    this.#shared.wake();
    return true;
  }

  stop(): void {
    if (this.#finished) return;
    this.#finished = true;
    this.#release();
  }

  cpuPercent(): number {
    if (this.#finished) return 0;
    const now = sharedNowMs();
    return this.#cpu.percent(now, this.#shared.busyMs(now));
  }

  memoryBytes(): number {
    return this.#finished ? 0 : this.#shared.memoryBytes();
  }

  #fromWorker(message: WorkerMessage): void {
    if (this.#finished) return;
    switch (message.type) {
      case 'ready':
        if (this.#pkg.shape.entryPoints.tick) this.#schedule();
        return;
      case 'output':
        this.#context.output(message.key, message.valueType, message.value);
        return;
      case 'log':
        this.#context.log(message.line);
        return;
      case 'sensor': {
        let value: number;
        try {
          value = answerFromBoard(this.#context.sensors, message.op, message.objectId, message.resourceId);
        } catch {
          value = Number.NaN;
        }
        this.#shared.answerSensor(message.seq, value);
        return;
      }
      case 'fail':
        this.#end(message.code, message.message);
        return;
      default: {
        const unknown: never = message;
        throw new Error(`unknown worker message ${JSON.stringify(unknown)}`);
      }
    }
  }

  #schedule(): void {
    const { clock } = this.#context;
    this.#timer = clock.setTimeout(() => {
      if (this.#finished) return;
      // A tick still queued or running is not doubled: a slow module skips periods, as on a board.
      if (this.#ticksPosted - this.#shared.ticksDone() < 1) {
        this.#ticksPosted += 1;
        this.#worker.postMessage({ type: 'tick' } satisfies HostMessage);
      }
      this.#schedule();
    }, servicePeriodMs(this.#context.service, this.#context.periodMs));
  }

  #checkWatchdog(): void {
    const since = this.#shared.runningSince();
    if (since === undefined || sharedNowMs() - since <= this.#options.watchdogMs) return;
    this.#end(WASM_FAILURE.WATCHDOG, `watchdog: ${callName(this.#shared.call())} ran for more than ${this.#options.watchdogMs} ms without returning or sleeping`);
  }

  /** The workload failed: end the thread, then tell the runtime (which stops it and logs why). */
  #end(code: number, message: string): void {
    if (this.#finished) return;
    this.#finished = true;
    this.#release();
    this.#context.fail(code, message);
  }

  #release(): void {
    clearInterval(this.#watchdog);
    if (this.#timer !== undefined) this.#context.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#inputs.close();
    void this.#worker.terminate();
  }
}
