/**
 * A loaded model: its prepared operator steps over one arena. Inputs are staged outside
 * the arena and copied in at the start of each invoke, because the planner may hand an
 * input's bytes to a later tensor once nothing reads the input any more (as on TFLM,
 * where the application must refill the input before every invoke).
 */
import { invalidInput } from '../../errors/index.js';
import type { LoadedModel, TensorData, TensorSpec, TensorType } from './contracts.js';
import type { Step } from './operators/context.js';

/** Inclusive value ranges of the integer types setInput accepts. */
const INTEGER_RANGE: Partial<Record<TensorType, readonly [number, number]>> = {
  int8: [-128, 127],
  uint8: [0, 255],
  int16: [-32768, 32767],
  int32: [-(2 ** 31), 2 ** 31 - 1],
  int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  bool: [0, 1],
};
const FLOAT32_MAX = 3.4028234663852886e38;

export interface ModelParts {
  readonly inputs: readonly TensorSpec[];
  readonly outputs: readonly TensorSpec[];
  readonly operators: readonly string[];
  readonly arenaBytes: number;
  /** Arena views of the input and output tensors, in the order of `inputs` and `outputs`. */
  readonly inputViews: readonly TensorData[];
  readonly outputViews: readonly TensorData[];
  readonly steps: readonly Step[];
}

function checkValue(spec: TensorSpec, value: number, at: number): void {
  const range = INTEGER_RANGE[spec.type];
  const fits = range === undefined ? Number.isFinite(value) && Math.abs(value) <= FLOAT32_MAX : Number.isInteger(value) && value >= range[0] && value <= range[1];
  if (!fits) throw invalidInput(`input ${spec.index} (${spec.name}): value ${value} at ${at} is not a valid ${spec.type}`);
}

export class CompiledModel implements LoadedModel {
  readonly inputs: readonly TensorSpec[];
  readonly outputs: readonly TensorSpec[];
  readonly operators: readonly string[];
  readonly arenaBytes: number;
  private readonly staged: readonly TensorData[];

  constructor(private readonly parts: ModelParts) {
    this.inputs = parts.inputs;
    this.outputs = parts.outputs;
    this.operators = parts.operators;
    this.arenaBytes = parts.arenaBytes;
    this.staged = parts.inputViews.map((view) => view.slice());
  }

  setInput(index: number, values: ArrayLike<number>): void {
    const spec = this.inputs[index];
    const staged = this.staged[index];
    if (spec === undefined || staged === undefined) throw invalidInput(`the model has no input ${index} (it has ${this.inputs.length})`);
    if (values?.length !== staged.length) throw invalidInput(`input ${index} (${spec.name}) takes ${staged.length} values, not ${values?.length}`);
    for (let i = 0; i < values.length; i++) checkValue(spec, values[i]!, i);
    // Checked before any is written, so a misfit changes nothing.
    if (staged instanceof BigInt64Array) for (let i = 0; i < values.length; i++) staged[i] = BigInt(values[i]!);
    else for (let i = 0; i < values.length; i++) staged[i] = values[i]!;
  }

  invoke(): void {
    const { inputViews, steps } = this.parts;
    // Same type and length: both were made from the input tensor.
    for (let i = 0; i < inputViews.length; i++) (inputViews[i] as Int8Array).set(this.staged[i] as Int8Array);
    for (let i = 0; i < steps.length; i++) steps[i]!();
  }

  output(index: number): TensorData {
    const view = this.parts.outputViews[index];
    if (view === undefined) throw invalidInput(`the model has no output ${index} (it has ${this.outputs.length})`);
    return view.slice();
  }
}
