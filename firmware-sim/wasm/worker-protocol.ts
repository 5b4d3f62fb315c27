/**
 * What the device's thread and a workload's worker say to each other. The worker gets
 * everything it needs at spawn (`WorkerSetup`); afterwards the device sends ticks on the
 * worker's port and inputs on a port of their own, which the worker can drain while it
 * blocks in `sleep_ms`. The worker reports outputs, log lines, sensor requests, readiness
 * and its failure.
 */
import type { MessagePort } from 'node:worker_threads';
import type { ServiceValueType } from '../embserve/contracts.js';

export interface DeclaredValue {
  readonly key: string;
  readonly type: ServiceValueType;
}

export interface WorkerSetup {
  readonly module: Uint8Array;
  /** Set when the module imports its memory: the host's limits for it, pages. */
  readonly importedMemory: { readonly initial: number; readonly maximum: number } | undefined;
  /** Linear memory the device reserved; growing past it fails the workload, bytes. */
  readonly linearBudgetBytes: number;
  /** Tensor arena the device reserved for the model, bytes. */
  readonly arenaBudgetBytes: number;
  readonly model: Uint8Array | undefined;
  /** file: URL of a module exporting `loadModel` (firmware-sim/tinyml/contracts.ts). */
  readonly modelLoaderUrl: string;
  readonly outputs: readonly DeclaredValue[];
  readonly logLinesPerSecond: number;
  readonly shared: SharedArrayBuffer;
  readonly inputs: MessagePort;
}

/** Device → worker, on the worker's own port. */
export type HostMessage = { readonly type: 'tick' };

/** Device → worker, on `WorkerSetup.inputs`. */
export interface InputMessage {
  readonly key: string;
  readonly type: ServiceValueType;
  readonly value: number;
}

export type SensorOperation = 'find' | 'read';

/** Worker → device. */
export type WorkerMessage =
  /** init() (and main(), if exported) returned: ticks may start. */
  | { readonly type: 'ready' }
  | { readonly type: 'output'; readonly key: string; readonly valueType: ServiceValueType; readonly value: number }
  | { readonly type: 'log'; readonly line: string }
  /** The worker waits (Atomics) for SharedState.answerSensor(seq, value). */
  | { readonly type: 'sensor'; readonly seq: number; readonly op: SensorOperation; readonly objectId: number; readonly resourceId: number }
  | { readonly type: 'fail'; readonly code: number; readonly message: string };
