/**
 * When each arena tensor must hold its data, as TFLite Micro's AllocationInfoBuilder marks
 * it: the model's inputs are created at time 0, operator i runs at time i + 1 (one
 * allocation scope per operator), a tensor lives from the operator that writes it to the
 * last that reads it, and the model's outputs live to the end. An operator output nobody
 * reads lives at least while it is written (TFLM would refuse it; it costs nothing here).
 */
import { invalidInput } from '../../errors/index.js';
import type { TfliteModel } from './model.js';

export interface Lifetime {
  readonly firstUse: number;
  readonly lastUse: number;
}

/**
 * Lifetimes of the tensors `needsArena` picks; refuses a model that reads an arena tensor
 * before anything writes it, or writes one twice.
 */
export function tensorLifetimes(model: TfliteModel, needsArena: (tensor: number) => boolean): Map<number, Lifetime> {
  const first = new Map<number, number>();
  const last = new Map<number, number>();
  const use = (tensor: number, time: number): void => {
    last.set(tensor, Math.max(last.get(tensor) ?? time, time));
  };
  for (const input of model.inputs) {
    if (!needsArena(input)) continue;
    first.set(input, 0);
    use(input, 0);
  }
  model.operators.forEach((operator, i) => {
    const time = i + 1;
    for (const input of operator.inputs) {
      if (input < 0 || !needsArena(input)) continue;
      if (!first.has(input)) throw invalidInput(`operator ${i} (${operator.name}) reads tensor ${input} before any operator writes it`);
      use(input, time);
    }
    for (const output of operator.outputs) {
      if (!needsArena(output)) continue;
      if (first.has(output)) throw invalidInput(`operator ${i} (${operator.name}) writes tensor ${output}, which is already written`);
      first.set(output, time);
      use(output, time);
    }
  });
  const end = model.operators.length;
  for (const output of model.outputs) {
    if (!needsArena(output)) continue;
    if (!first.has(output)) throw invalidInput(`model output tensor ${output} is never written`);
    use(output, end);
  }
  return new Map([...first].map(([tensor, firstUse]) => [tensor, { firstUse, lastUse: last.get(tensor) ?? firstUse }]));
}
