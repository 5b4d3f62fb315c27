/**
 * The thread one WebAssembly workload runs on. It compiles and instantiates the module
 * against the SDK, calls init() and main(), then tick() whenever the device says so and
 * on_input() for each input. Every call into the module is metered for the watchdog and
 * the CPU share; a trap, or linear memory outgrowing its reservation, ends the workload:
 * the worker reports the failure and stops calling the module (the device then ends the
 * thread).
 */
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { guestFailure, noteCall, OutOfReservedMemory } from './guest-failure.js';
import { GuestMemory } from './guest-memory.js';
import { LogLimiter } from './log-limiter.js';
import { modelSdk } from './model-sdk.js';
import { RunMeter } from './run-meter.js';
import { INPUT_KEY_BUFFER_BYTES, WASM_FAILURE, type ModuleExportName } from './sdk-abi.js';
import { sdkImports } from './sdk-imports.js';
import { sensorRequester } from './sensor-link.js';
import { CALL_KIND, SharedState, sharedNowMs, type CallKind } from './shared-state.js';
import type { ModelLoader } from './wasm-package.js';
import type { HostMessage, InputMessage, WorkerMessage, WorkerSetup } from './worker-protocol.js';
import { webAssembly, type WasmInstance, type WasmMemory } from './webassembly-api.js';

type ModuleFunctions = Partial<Record<ModuleExportName, (...args: number[]) => number | undefined>>;

const setup = workerData as WorkerSetup;
const port = parentPort!;
const shared = new SharedState(setup.shared);
const meter = new RunMeter(shared);
const post = (message: WorkerMessage): void => port.postMessage(message);
const limiter = new LogLimiter(setup.logLinesPerSecond, performance.now());
const log = (line: string): void => {
  for (const admitted of limiter.admit(line, performance.now())) post({ type: 'log', line: admitted });
};

const importedMemory = setup.importedMemory === undefined ? undefined : new webAssembly.Memory(setup.importedMemory);
let memoryObject = importedMemory;
const memory = new GuestMemory(() => memoryObject);
let moduleFunctions: ModuleFunctions = {};
let arenaBytes = 0;
let failed = false;

/** Runs module code as call `kind`; errors propagate (noted with the call they came from). */
function invoke<T>(kind: CallKind, body: () => T): T {
  try {
    const result = meter.call(kind, body);
    checkMemory();
    return result;
  } catch (err) {
    noteCall(err, kind);
    throw err;
  }
}

/** A top-level call: any error ends the workload. */
function guarded(kind: CallKind, body: () => unknown): void {
  if (failed) return;
  try {
    invoke(kind, body);
  } catch (err) {
    fail(guestFailure(err, kind));
  }
}

function fail(failure: { code: number; message: string }): void {
  if (failed) return;
  failed = true;
  post({ type: 'fail', code: failure.code, message: failure.message });
  port.removeAllListeners('message');
  setup.inputs.close();
}

function checkMemory(): void {
  const linear = memory.byteLength();
  shared.setMemory(linear, arenaBytes);
  if (linear > setup.linearBudgetBytes) {
    throw new OutOfReservedMemory(`linear memory grew to ${kb(linear)} KB; ${kb(setup.linearBudgetBytes)} KB were reserved`);
  }
}

function deliverInput(input: InputMessage): void {
  const { on_input: onInput, input_key_buffer: keyBuffer } = moduleFunctions;
  if (onInput === undefined || keyBuffer === undefined) return;
  const key = new TextEncoder().encode(input.key);
  if (key.length > INPUT_KEY_BUFFER_BYTES) return;
  invoke(CALL_KIND.ON_INPUT, () => {
    const ptr = keyBuffer() ?? 0;
    memory.write(ptr, key, 'input_key_buffer');
    onInput(ptr, key.length, input.type, input.value);
  });
}

function deliverPendingInputs(): void {
  for (let next = receiveMessageOnPort(setup.inputs); next !== undefined && !failed; next = receiveMessageOnPort(setup.inputs)) {
    deliverInput(next.message as InputMessage);
  }
}

function sleep(ms: number): void {
  meter.paused(() => {
    const deadline = sharedNowMs() + Math.max(0, ms);
    for (;;) {
      const seen = shared.wakeCount();
      deliverPendingInputs();
      checkMemory();
      const left = deadline - sharedNowMs();
      if (left <= 0) return;
      shared.waitForWake(seen, left);
    }
  });
}

async function loadModelLoader(): Promise<ModelLoader | undefined> {
  if (setup.model === undefined) return undefined;
  try {
    const loader = (await import(setup.modelLoaderUrl)) as { loadModel?: unknown };
    if (typeof loader.loadModel === 'function') return loader.loadModel as ModelLoader;
    log(`no loadModel in the TinyML interpreter at ${setup.modelLoaderUrl}`);
  } catch (err) {
    log(`the TinyML interpreter does not load: ${(err as Error).message}`);
  }
  return undefined;
}

async function run(): Promise<void> {
  const model = modelSdk({
    model: setup.model,
    loadModel: await loadModelLoader(),
    arenaBudgetBytes: setup.arenaBudgetBytes,
    memory,
    log,
    arenaChanged: (bytes) => {
      arenaBytes = bytes;
      shared.setMemory(memory.byteLength(), arenaBytes);
    },
  });
  const sensor = sensorRequester(shared, post);
  const imports = sdkImports(
    {
      memory,
      outputs: setup.outputs,
      output: (v) => post({ type: 'output', key: v.key, valueType: v.type, value: v.value }),
      log,
      // Waiting for the device's answer is not the module's CPU time.
      sensor: (...request) => meter.paused(() => sensor(...request)),
      sleep,
      now: sharedNowMs,
      model,
    },
    importedMemory,
  );
  let instance: WasmInstance;
  try {
    const compiled = await webAssembly.compile(setup.module);
    // Instantiated synchronously so that a start function runs metered, under the watchdog.
    instance = meter.call(CALL_KIND.START, () => new webAssembly.Instance(compiled, imports));
  } catch (err) {
    fail({ code: WASM_FAILURE.START_FAILED, message: `cannot instantiate the module: ${(err as Error).message}` });
    return;
  }
  memoryObject ??= instance.exports['memory'] as WasmMemory;
  moduleFunctions = instance.exports as ModuleFunctions;
  const { init, main, tick } = moduleFunctions;
  if (init !== undefined) guarded(CALL_KIND.INIT, init);
  if (main !== undefined) guarded(CALL_KIND.MAIN, main);
  if (failed) return;
  setup.inputs.on('message', (input: InputMessage) => guarded(CALL_KIND.ON_INPUT, () => deliverInput(input)));
  port.on('message', (message: HostMessage) => {
    if (message.type !== 'tick') return;
    if (tick !== undefined) guarded(CALL_KIND.TICK, tick);
    shared.tickDone();
  });
  post({ type: 'ready' });
}

function kb(bytes: number): number {
  return Math.ceil(bytes / 1024);
}

void run();
