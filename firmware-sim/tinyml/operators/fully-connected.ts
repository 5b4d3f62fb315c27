/**
 * FULLY_CONNECTED: input flattened to [batches, depth] (Arm NN's parser inserts that
 * reshape), constant weights [units, depth], optional bias [units]. Per-axis weights
 * (one scale per unit) are read with each unit's scale: Arm NN 20.08 refuses them for
 * this operator, so this is TFLite's meaning, not a copy of Arm NN.
 */
import { fullyConnected } from '../kernels/fully-connected.js';
import type { OperatorContext, Step } from './context.js';

/** FullyConnectedOptionsWeightsFormat.DEFAULT; SHUFFLED4x16INT8 is a TFLite-on-x86 optimisation. */
const DEFAULT_WEIGHTS_FORMAT = 0;

export function prepareFullyConnected(context: OperatorContext): Step {
  context.expectArity(2, 3);
  const options = context.operator.options;
  if (options.kind !== 'fullyConnected' && options.kind !== 'none') throw context.fail('has options of another operator');
  if (options.kind === 'fullyConnected' && options.weightsFormat !== DEFAULT_WEIGHTS_FORMAT) throw context.fail('shuffled weights are not supported');
  const activation = context.activation(options.kind === 'fullyConnected' ? options.activation : 'NONE');
  const [input, weights, bias, output] = [context.input(0), context.input(1), context.optionalInput(2), context.output()];
  const [units, depth] = weights.shape;
  if (weights.shape.length !== 2 || units === undefined || depth === undefined || depth === 0) throw context.fail(`weights must be [units, depth], not [${weights.shape.join(', ')}]`);
  if (input.elements % depth !== 0) throw context.fail(`${input.elements} input values do not split into rows of ${depth}`);
  const shape = { batches: input.elements / depth, inputDepth: depth, outputDepth: units };
  if (output.elements !== shape.batches * units) throw context.fail(`output has ${output.elements} values, expected ${shape.batches} × ${units}`);
  if (bias !== undefined && bias.elements !== units) throw context.fail(`bias has ${bias.elements} values for ${units} units`);

  const weightFloats = context.constant(weights, { channels: units, channelOf: (i) => Math.floor(i / depth) });
  const biasFloats = bias && context.constant(bias, { channels: units, channelOf: (i) => i });
  const source = context.source(input, 'first');
  const sink = context.sink(output, activation);
  return () => {
    fullyConnected(shape, source.read(), weightFloats, biasFloats, sink.target());
    sink.commit();
  };
}
