/** Test support: runs a loaded model on many inputs and lists where it differs from expected outputs. */
import type { LoadedModel } from '../contracts.js';

/** Outputs of every run, flattened per output tensor (bigint outputs as numbers). */
export function runAll(model: LoadedModel, runs: readonly (readonly (readonly number[])[])[]): number[][][] {
  return runs.map((inputs) => {
    inputs.forEach((values, index) => model.setInput(index, values));
    model.invoke();
    return model.outputs.map((_, index) => Array.from(model.output(index) as ArrayLike<number | bigint>, Number));
  });
}

/** Runs whose outputs are not bit-identical (Object.is: -0 differs from 0) to `expected`, described. */
export function bitDifferences(actual: number[][][], expected: number[][][]): string[] {
  const differences: string[] = [];
  actual.forEach((outputs, run) => {
    const want = expected[run];
    const same = want !== undefined && want.length === outputs.length && outputs.every((values, o) => values.length === want[o]!.length && values.every((value, i) => Object.is(value, want[o]![i])));
    if (!same) differences.push(`run ${run}: got ${JSON.stringify(outputs)}, Arm NN ${JSON.stringify(want)}`);
  });
  return differences;
}
