/**
 * QUANTIZE (float → int, or int → int with new parameters) and DEQUANTIZE (int → float):
 * Arm NN decodes the input to float and encodes it into the output, nothing else.
 */
import type { OperatorContext, Step } from './context.js';

function prepareConversion(context: OperatorContext, check: (inputType: string, outputType: string) => boolean): Step {
  context.expectArity(1, 1);
  const [input, output] = [context.input(0), context.output()];
  if (!check(input.type, output.type)) throw context.fail(`cannot convert ${input.type} to ${output.type}`);
  if (output.elements !== input.elements) throw context.fail(`output has ${output.elements} values for ${input.elements} inputs`);
  const count = input.elements;
  const source = context.source(input, 'first');
  const sink = context.sink(output, 'NONE');
  return () => {
    const [from, to] = [source.read(), sink.target()];
    for (let i = 0; i < count; i++) to[i] = from[i]!;
    sink.commit();
  };
}

export const prepareQuantize = (context: OperatorContext): Step => prepareConversion(context, (_from, to) => to !== 'FLOAT32');
export const prepareDequantize = (context: OperatorContext): Step => prepareConversion(context, (from, to) => from !== 'FLOAT32' && to === 'FLOAT32');
