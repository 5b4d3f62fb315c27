/**
 * `farside tinyml inspect MODEL`: what a .tflite holds (operators, tensors with their
 * shapes, types and quantization) and the arena TFLite Micro's planner would give it.
 * Models the interpreter cannot run are still described, with the reason.
 */
import { isFarsideError } from '../../errors/index.js';
import { loadModel } from './interpreter.js';
import type { TfliteOperator, TfliteQuantization } from './model.js';
import { readModel } from './model-reader.js';
import { SUPPORTED_OPERATORS } from './operators/registry.js';
import { layOutArena } from './tensor-arena.js';

export interface TensorDescription {
  readonly index: number;
  readonly name: string;
  /** TFLite's type name, e.g. "INT8". */
  readonly type: string;
  readonly shape: readonly number[];
  readonly bytes: number | null;
  readonly constant: boolean;
  readonly quantization: TfliteQuantization | null;
}

/** An operator as the model holds it, without the raw builtin code, and whether we run it. */
export interface OperatorDescription extends Omit<TfliteOperator, 'builtinCode'> {
  readonly supported: boolean;
}

export interface ArenaDescription {
  /** The greedy plan of activation tensors (TFLM's non-persistent head). */
  readonly plannedBytes: number;
  /** The modelled persistent tail (eval tensors, nodes, per-channel quantization data). */
  readonly persistentBytes: number;
  /** What LoadedModel.arenaBytes reports: planned + persistent. */
  readonly arenaBytes: number;
}

export interface ModelDescription {
  readonly description: string;
  readonly schemaVersion: number;
  readonly inputs: readonly number[];
  readonly outputs: readonly number[];
  readonly operators: readonly OperatorDescription[];
  readonly tensors: readonly TensorDescription[];
  /** Null when the model cannot be planned; `problem` says why. */
  readonly arena: ArenaDescription | null;
  /** Why the interpreter would refuse the model, or null when it runs it. */
  readonly problem: string | null;
}

/** Throws FarsideError INVALID_INPUT only when the bytes are not a readable .tflite model. */
export function describeModel(bytes: Uint8Array): ModelDescription {
  const model = readModel(bytes);
  let arena: ArenaDescription | null = null;
  let problem: string | null = null;
  try {
    const layout = layOutArena(model);
    arena = { plannedBytes: layout.plannedBytes, persistentBytes: layout.persistentBytes, arenaBytes: layout.plannedBytes + layout.persistentBytes };
    // Loading runs every operator's checks, so `problem` is exactly why loadModel would refuse.
    loadModel(bytes);
  } catch (err) {
    if (!isFarsideError(err)) throw err;
    problem = err.message;
  }
  return {
    description: model.description,
    schemaVersion: model.version,
    inputs: model.inputs,
    outputs: model.outputs,
    operators: model.operators.map((operator) => ({
      index: operator.index,
      name: operator.name,
      version: operator.version,
      supported: SUPPORTED_OPERATORS.includes(operator.name),
      inputs: operator.inputs,
      outputs: operator.outputs,
      options: operator.options,
    })),
    tensors: model.tensors.map((tensor) => ({
      index: tensor.index,
      name: tensor.name,
      type: tensor.type,
      shape: tensor.shape,
      bytes: tensor.bytes ?? null,
      constant: tensor.data !== undefined,
      quantization: tensor.quantization ?? null,
    })),
    arena,
    problem,
  };
}
