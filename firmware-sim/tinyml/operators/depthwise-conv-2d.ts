/**
 * DEPTHWISE_CONV_2D: NHWC input, constant [1, H, W, depth × multiplier] filter, optional
 * bias. As in Arm NN's parser the multiplier is output depth ÷ input depth (the option is
 * only checked for sense), and per-axis scales go by output channel whatever
 * quantized_dimension says (person_detect's biases say 3 on a 1-D tensor).
 */
import { depthwiseConv2d } from '../kernels/depthwise-conv-2d.js';
import type { OperatorContext, Step } from './context.js';
import { convGeometry, rank4 } from './conv-geometry.js';

export function prepareDepthwiseConv2d(context: OperatorContext): Step {
  context.expectArity(2, 3);
  const options = context.operator.options;
  if (options.kind !== 'depthwiseConv2d') throw context.fail('needs DepthwiseConv2DOptions');
  const activation = context.activation(options.activation);
  const [filter, bias, output] = [context.input(1), context.optionalInput(2), context.output()];
  const [one, filterHeight, filterWidth, outputDepth] = rank4(context, filter, 'filter');
  if (one !== 1) throw context.fail(`filter must be [1, H, W, C], not [${filter.shape.join(', ')}]`);
  const shape = convGeometry(context, options, filterHeight, filterWidth, outputDepth);
  if (shape.inputDepth === 0 || outputDepth % shape.inputDepth !== 0) throw context.fail(`output depth ${outputDepth} is not a multiple of input depth ${shape.inputDepth}`);
  const depthMultiplier = outputDepth / shape.inputDepth;
  if (options.depthMultiplier < 0) throw context.fail(`depth multiplier ${options.depthMultiplier}`);
  if (bias !== undefined && bias.elements !== outputDepth) throw context.fail(`bias has ${bias.elements} values for ${outputDepth} channels`);

  const filterFloats = context.constant(filter, { channels: outputDepth, channelOf: (i) => i % outputDepth });
  const biasFloats = bias && context.constant(bias, { channels: outputDepth, channelOf: (i) => i });
  const source = context.source(context.input(0), 'first');
  const sink = context.sink(output, activation);
  return () => {
    depthwiseConv2d(shape, depthMultiplier, source.read(), filterFloats, biasFloats, sink.target());
    sink.commit();
  };
}
