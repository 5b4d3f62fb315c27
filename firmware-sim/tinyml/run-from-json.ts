/**
 * `farside tinyml run MODEL --input FILE.json`: the input file holds a flat JSON array of
 * numbers in the input tensor's own type (int8 values for an int8 model), or, for a model
 * with several inputs, an array of such arrays; the result lists every output tensor.
 */
import { z } from 'zod';
import { invalidInput } from '../../errors/index.js';
import type { TensorType } from './contracts.js';
import { loadModel, type LoadModelOptions } from './interpreter.js';

export interface OutputValues {
  readonly index: number;
  readonly name: string;
  readonly type: TensorType;
  readonly shape: readonly number[];
  readonly values: readonly number[];
}

export interface RunResult {
  readonly outputs: readonly OutputValues[];
}

const FlatValues = z.array(z.number());
const InputFile = z.union([FlatValues, z.array(FlatValues)]);

/** Parses `inputJson` for a model with `inputCount` inputs: one flat array per input. */
export function inputsFromJson(inputJson: string, inputCount: number): number[][] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(inputJson);
  } catch (err) {
    throw invalidInput(`input file is not JSON: ${(err as Error).message}`);
  }
  const result = InputFile.safeParse(parsed);
  if (!result.success) throw invalidInput('input file must be a JSON array of numbers (or, for several inputs, an array of such arrays)');
  const values = result.data;
  const perInput = values.length > 0 && Array.isArray(values[0]) ? (values as number[][]) : [values as number[]];
  if (perInput.length !== inputCount) throw invalidInput(`the model takes ${inputCount} inputs, the file gives ${perInput.length}`);
  return perInput;
}

export function runFromJson(modelBytes: Uint8Array, inputJson: string, options: LoadModelOptions = {}): RunResult {
  const model = loadModel(modelBytes, options);
  inputsFromJson(inputJson, model.inputs.length).forEach((values, index) => model.setInput(index, values));
  model.invoke();
  return {
    outputs: model.outputs.map((spec, index) => ({
      index: spec.index,
      name: spec.name,
      type: spec.type,
      shape: spec.shape,
      values: Array.from(model.output(index) as ArrayLike<number | bigint>, Number),
    })),
  };
}
