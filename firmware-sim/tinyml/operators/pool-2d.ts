/**
 * AVERAGE_POOL_2D and MAX_POOL_2D: NHWC in and out, same depth and, as Arm NN's parser
 * insists (CheckMatchingQuantization), the same quantization on both sides.
 */
import { averagePool2d } from '../kernels/average-pool-2d.js';
import { maxPool2d } from '../kernels/max-pool-2d.js';
import { poolWindows, type PoolShape, type PoolWindows } from '../kernels/pool-windows.js';
import type { OperatorContext, Step } from './context.js';
import { rank4 } from './conv-geometry.js';
import { axisPadding } from './padding.js';

type PoolKernel = (shape: PoolShape, windows: PoolWindows, input: Float32Array, output: Float32Array) => void;

function preparePool(context: OperatorContext, kernel: PoolKernel): Step {
  context.expectArity(1, 1);
  const options = context.operator.options;
  if (options.kind !== 'pool2d') throw context.fail('needs Pool2DOptions');
  const activation = context.activation(options.activation);
  const [input, output] = [context.input(0), context.output()];
  const { strideW, strideH, filterWidth, filterHeight } = options;
  if (Math.min(strideW, strideH, filterWidth, filterHeight) < 1) throw context.fail(`strides (${strideH}, ${strideW}) and filter (${filterHeight}, ${filterWidth}) must be at least 1`);
  const [batches, inputHeight, inputWidth, depth] = rank4(context, input, 'input');
  const rows = axisPadding(options.padding, inputHeight, filterHeight, strideH, 1);
  const columns = axisPadding(options.padding, inputWidth, filterWidth, strideW, 1);
  const expected = [batches, rows.outputSize, columns.outputSize, depth];
  if (output.shape.length !== 4 || expected.some((dim, d) => dim !== output.shape[d]) || rows.outputSize < 1 || columns.outputSize < 1) {
    throw context.fail(`output is [${output.shape.join(', ')}], the input and window give [${expected.join(', ')}]`);
  }
  const [inScale, outScale] = [input.quantization?.scale.join(), output.quantization?.scale.join()];
  const [inZero, outZero] = [input.quantization?.zeroPoint.join(), output.quantization?.zeroPoint.join()];
  if (input.type !== output.type || inScale !== outScale || inZero !== outZero) throw context.fail('input and output must have the same type and quantization');

  const shape: PoolShape = {
    batches,
    inputHeight,
    inputWidth,
    depth,
    outputHeight: rows.outputSize,
    outputWidth: columns.outputSize,
    filterHeight,
    filterWidth,
    strideHeight: strideH,
    strideWidth: strideW,
    padTop: rows.front,
    padBottom: rows.back,
    padLeft: columns.front,
    padRight: columns.back,
  };
  const windows = poolWindows(shape);
  const source = context.source(input, 'first');
  const sink = context.sink(output, activation);
  return () => {
    kernel(shape, windows, source.read(), sink.target());
    sink.commit();
  };
}

export const prepareAveragePool2d = (context: OperatorContext): Step => preparePool(context, averagePool2d);
export const prepareMaxPool2d = (context: OperatorContext): Step => preparePool(context, maxPool2d);
