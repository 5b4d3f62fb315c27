/**
 * RESHAPE: the same values under another shape. Arm NN copies the bytes (memcpy), so a
 * quantization change between input and output is not applied, as in TFLite.
 */
import type { OperatorContext, Step } from './context.js';

export function prepareReshape(context: OperatorContext): Step {
  context.expectArity(1, 2);
  const [input, output] = [context.input(0), context.output()];
  if (input.type !== output.type) throw context.fail(`input is ${input.type} but output is ${output.type}`);
  if (input.elements !== output.elements) throw context.fail(`cannot reshape ${input.elements} values into [${output.shape.join(', ')}]`);
  const [from, to] = [context.view(input), context.view(output)];
  if (output.data !== undefined) throw context.fail('output is a constant');
  return () => {
    // Same element type and length, checked above.
    (to as Int8Array).set(from as Int8Array);
  };
}
