/** LOGISTIC: the sigmoid of each value. */
import { logistic } from '../kernels/logistic.js';
import type { OperatorContext, Step } from './context.js';

export function prepareLogistic(context: OperatorContext): Step {
  context.expectArity(1, 1);
  const [input, output] = [context.input(0), context.output()];
  if (output.elements !== input.elements) throw context.fail(`output has ${output.elements} values for ${input.elements} inputs`);
  const count = input.elements;
  const source = context.source(input, 'first');
  const sink = context.sink(output, 'NONE');
  return () => {
    logistic(count, source.read(), sink.target());
    sink.commit();
  };
}
