/**
 * The tensor arena: one ArrayBuffer holding every activation tensor at the offset TFLite
 * Micro's greedy planner gives it (so tensors whose lifetimes do not overlap share bytes,
 * as on the device), plus copies of the constant tensors, which TFLM reads in place from
 * flash. `arenaBytes` is the planned head plus a modelled persistent tail.
 */
import { invalidInput } from '../../errors/index.js';
import type { TensorData, TensorType } from './contracts.js';
import { planArena } from './arena-planner.js';
import type { TfliteModel } from './model.js';
import { constantView, contractTypeOf, viewOf } from './tensor-memory.js';
import { tensorLifetimes } from './tensor-lifetimes.js';

/** MicroArenaBufferAlignment(): every planned buffer starts on, and is rounded up to, 16 bytes. */
export const ARENA_ALIGNMENT_BYTES = 16;
/**
 * The persistent tail TFLM allocates besides the plan, modelled for a 32-bit MCU:
 * a TfliteEvalTensor (data pointer, dims pointer, type) per tensor, a NodeAndRegistration
 * (TfLiteNode + registration pointer) per operator, and for quantized CONV_2D and
 * DEPTHWISE_CONV_2D the per-channel output multiplier and shift (two int32 per channel).
 */
export const EVAL_TENSOR_BYTES = 12;
export const NODE_AND_REGISTRATION_BYTES = 40;
export const PER_CHANNEL_QUANTIZATION_BYTES = 8;
/** The largest arena a model may ask for by default: more than any MCU the simulator models. */
export const DEFAULT_MAX_ARENA_BYTES = 64 * 1024 * 1024;

export interface TensorArena {
  /** By tensor index; undefined for tensors no operator or model input/output touches. */
  readonly views: readonly (TensorData | undefined)[];
  readonly types: readonly (TensorType | undefined)[];
  /** The greedy plan's head: bytes of the non-persistent activations. */
  readonly plannedBytes: number;
  /** The modelled persistent tail (see EVAL_TENSOR_BYTES and the constants after it). */
  readonly persistentBytes: number;
}

const alignUp = (bytes: number): number => Math.ceil(bytes / ARENA_ALIGNMENT_BYTES) * ARENA_ALIGNMENT_BYTES;

function usedTensors(model: TfliteModel): Set<number> {
  const used = new Set<number>([...model.inputs, ...model.outputs]);
  for (const operator of model.operators) for (const tensor of [...operator.inputs, ...operator.outputs]) if (tensor >= 0) used.add(tensor);
  return used;
}

function persistentTail(model: TfliteModel, variableBytes: number): number {
  let channels = 0;
  for (const operator of model.operators) {
    if (operator.name !== 'CONV_2D' && operator.name !== 'DEPTHWISE_CONV_2D') continue;
    const output = model.tensors[operator.outputs[0] ?? -1];
    if (output?.quantization !== undefined) channels += output.shape[output.shape.length - 1] ?? 0;
  }
  return model.tensors.length * EVAL_TENSOR_BYTES + model.operators.length * NODE_AND_REGISTRATION_BYTES + channels * PER_CHANNEL_QUANTIZATION_BYTES + variableBytes;
}

export interface ArenaLayout {
  readonly types: readonly (TensorType | undefined)[];
  /** Arena tensors with their byte offsets. */
  readonly placed: readonly { readonly tensor: number; readonly offset: number }[];
  readonly used: ReadonlySet<number>;
  readonly plannedBytes: number;
  readonly persistentBytes: number;
}

/** Where every arena tensor goes, without allocating anything; refuses tensors it cannot hold. */
export function layOutArena(model: TfliteModel): ArenaLayout {
  const used = usedTensors(model);
  const types = model.tensors.map((tensor) => (used.has(tensor.index) ? contractTypeOf(tensor.type) : undefined));
  for (const index of used) {
    const tensor = model.tensors[index]!;
    if (types[index] === undefined) throw invalidInput(`tensor ${index} (${tensor.name}) has type ${tensor.type}, which the interpreter does not support`);
    if (tensor.data !== undefined && (model.inputs.includes(index) || tensor.isVariable)) throw invalidInput(`tensor ${index} (${tensor.name}) is an input or variable but has constant data`);
  }
  const inArena = (index: number): boolean => model.tensors[index]?.data === undefined && !model.tensors[index]!.isVariable;
  const planned = [...tensorLifetimes(model, inArena)].filter(([index]) => model.tensors[index]!.bytes! > 0);
  const plan = planArena(planned.map(([index, lifetime]) => ({ size: alignUp(model.tensors[index]!.bytes!), ...lifetime })));
  const variableBytes = [...used].reduce((sum, index) => sum + (model.tensors[index]!.isVariable ? alignUp(model.tensors[index]!.bytes!) : 0), 0);
  return {
    types,
    placed: planned.map(([tensor], i) => ({ tensor, offset: plan.offsets[i]! })),
    used,
    plannedBytes: plan.bytes,
    persistentBytes: persistentTail(model, variableBytes),
  };
}

export function allocateArena(model: TfliteModel, maxArenaBytes = DEFAULT_MAX_ARENA_BYTES): TensorArena {
  const layout = layOutArena(model);
  const { types, plannedBytes, persistentBytes } = layout;
  if (plannedBytes + persistentBytes > maxArenaBytes) throw invalidInput(`the model needs ${plannedBytes + persistentBytes} bytes of tensor arena, more than the ${maxArenaBytes} allowed`);
  const arena = new ArrayBuffer(plannedBytes);
  const views: (TensorData | undefined)[] = model.tensors.map(() => undefined);
  for (const { tensor, offset } of layout.placed) views[tensor] = viewOf(types[tensor]!, arena, offset, model.tensors[tensor]!.elements);
  for (const index of layout.used) {
    const tensor = model.tensors[index]!;
    if (views[index] !== undefined) continue;
    const type = types[index]!;
    // Constants are copied (aligned); variables and empty tensors get storage of their own.
    views[index] = tensor.data !== undefined ? constantView(tensor, type, tensor.data) : viewOf(type, new ArrayBuffer(tensor.bytes!), 0, tensor.elements);
  }
  return { views, types, plannedBytes, persistentBytes };
}
