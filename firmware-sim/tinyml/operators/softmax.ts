/** SOFTMAX along the last axis (Arm NN's default axis -1), with the model's beta. */
import { softmax } from '../kernels/softmax.js';
import type { OperatorContext, Step } from './context.js';

export function prepareSoftmax(context: OperatorContext): Step {
  context.expectArity(1, 1);
  const options = context.operator.options;
  if (options.kind !== 'softmax') throw context.fail('needs SoftmaxOptions');
  const [input, output] = [context.input(0), context.output()];
  const rowLength = input.shape[input.shape.length - 1] ?? 1;
  if (output.elements !== input.elements) throw context.fail(`output has ${output.elements} values for ${input.elements} inputs`);
  const rows = rowLength === 0 ? 0 : input.elements / rowLength;
  const beta = options.beta;
  const source = context.source(input, 'first');
  const sink = context.sink(output, 'NONE');
  return () => {
    softmax(rows, rowLength, beta, source.read(), sink.target());
    sink.commit();
  };
}
