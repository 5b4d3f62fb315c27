/**
 * loadModel: .tflite bytes → a LoadedModel whose outputs equal Arm NN CpuRef's bit for bit.
 * Reads and checks the model, refuses operators it cannot run (naming them), plans the
 * arena as TFLite Micro would, and prepares every operator once, so invoke allocates nothing.
 */
import { invalidInput } from '../../errors/index.js';
import type { LoadedModel, TensorSpec } from './contracts.js';
import { CompiledModel } from './loaded-model.js';
import type { TfliteModel } from './model.js';
import { readModel } from './model-reader.js';
import { OperatorContext } from './operators/context.js';
import { FloatScratch } from './operators/float-io.js';
import { OPERATOR_PREPARATIONS, SUPPORTED_OPERATORS } from './operators/registry.js';
import { allocateArena, DEFAULT_MAX_ARENA_BYTES } from './tensor-arena.js';
import { contractTypeOf } from './tensor-memory.js';

export interface LoadModelOptions {
  /** Refuse models whose arena (planned + persistent) exceeds this many bytes; default 64 MiB. */
  readonly maxArenaBytes?: number;
}

export function tensorSpecOf(model: TfliteModel, index: number): TensorSpec {
  const tensor = model.tensors[index]!;
  const type = contractTypeOf(tensor.type);
  if (type === undefined) throw invalidInput(`tensor ${index} (${tensor.name}) has type ${tensor.type}, which the interpreter does not support`);
  const { quantization } = tensor;
  return {
    index,
    name: tensor.name,
    type,
    shape: tensor.shape,
    ...(quantization && { quantization: { scale: quantization.scale, zeroPoint: quantization.zeroPoint, axis: quantization.axis } }),
    bytes: tensor.bytes ?? 0,
  };
}

/** Refuses a model with operators the interpreter lacks, naming each of them. */
export function checkOperatorsSupported(model: TfliteModel): void {
  const unsupported = [...new Set(model.operators.map((operator) => operator.name).filter((name) => !(name in OPERATOR_PREPARATIONS)))];
  if (unsupported.length > 0) {
    throw invalidInput(`unsupported operator${unsupported.length > 1 ? 's' : ''} ${unsupported.join(', ')} (the interpreter runs ${SUPPORTED_OPERATORS.join(', ')})`);
  }
}

export function loadModel(bytes: Uint8Array, options: LoadModelOptions = {}): LoadedModel {
  if (!(bytes instanceof Uint8Array)) throw invalidInput('a model must be given as bytes (Uint8Array)');
  const model = readModel(bytes);
  checkOperatorsSupported(model);
  if (model.inputs.length === 0 || model.outputs.length === 0) throw invalidInput('the model has no inputs or no outputs');
  const arena = allocateArena(model, options.maxArenaBytes ?? DEFAULT_MAX_ARENA_BYTES);
  const scratch = new FloatScratch();
  const steps = model.operators.map((operator) => OPERATOR_PREPARATIONS[operator.name]!(new OperatorContext(model, operator, arena, scratch)));
  scratch.allocate();
  return new CompiledModel({
    inputs: model.inputs.map((index) => tensorSpecOf(model, index)),
    outputs: model.outputs.map((index) => tensorSpecOf(model, index)),
    operators: model.operators.map((operator) => operator.name),
    arenaBytes: arena.plannedBytes + arena.persistentBytes,
    inputViews: model.inputs.map((index) => arena.views[index]!),
    outputViews: model.outputs.map((index) => arena.views[index]!),
    steps,
  });
}
