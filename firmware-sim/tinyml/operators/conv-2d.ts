/**
 * CONV_2D: NHWC input, constant OHWI filter (per-tensor or per-output-channel scales; Arm NN
 * picks the scale by output channel whatever quantized_dimension says), optional bias.
 */
import { conv2d } from '../kernels/conv-2d.js';
import type { OperatorContext, Step } from './context.js';
import { convGeometry, rank4 } from './conv-geometry.js';

export function prepareConv2d(context: OperatorContext): Step {
  context.expectArity(2, 3);
  const options = context.operator.options;
  if (options.kind !== 'conv2d') throw context.fail('needs Conv2DOptions');
  const activation = context.activation(options.activation);
  const [filter, bias, output] = [context.input(1), context.optionalInput(2), context.output()];
  const [outputDepth, filterHeight, filterWidth, filterDepth] = rank4(context, filter, 'filter');
  const shape = convGeometry(context, options, filterHeight, filterWidth, outputDepth);
  if (filterDepth !== shape.inputDepth) throw context.fail(`filter depth ${filterDepth} does not match input depth ${shape.inputDepth}`);
  if (bias !== undefined && bias.elements !== outputDepth) throw context.fail(`bias has ${bias.elements} values for ${outputDepth} channels`);

  const perFilter = filterHeight * filterWidth * filterDepth;
  const filterFloats = context.constant(filter, { channels: outputDepth, channelOf: (i) => Math.floor(i / perFilter) });
  const biasFloats = bias && context.constant(bias, { channels: outputDepth, channelOf: (i) => i });
  const source = context.source(context.input(0), 'first');
  const sink = context.sink(output, activation);
  return () => {
    conv2d(shape, source.read(), filterFloats, biasFloats, sink.target());
    sink.commit();
  };
}
