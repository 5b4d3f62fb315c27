/** The ConvShape of a CONV_2D or DEPTHWISE_CONV_2D, checked against the tensors' shapes. */
import type { ConvShape } from '../kernels/conv-shape.js';
import type { TfliteTensor } from '../model.js';
import type { Padding } from '../schema.js';
import type { OperatorContext } from './context.js';
import { axisPadding } from './padding.js';

export interface ConvOptions {
  readonly padding: Padding;
  readonly strideW: number;
  readonly strideH: number;
  readonly dilationW: number;
  readonly dilationH: number;
}

export function rank4(context: OperatorContext, tensor: TfliteTensor, what: string): [number, number, number, number] {
  const [n, h, w, c] = tensor.shape;
  if (tensor.shape.length !== 4 || n === undefined || h === undefined || w === undefined || c === undefined) {
    throw context.fail(`${what} must be 4-D (NHWC), not [${tensor.shape.join(', ')}]`);
  }
  return [n, h, w, c];
}

/** `filterHeight` × `filterWidth` taps; `outputDepth` as the filter dictates. */
export function convGeometry(context: OperatorContext, options: ConvOptions, filterHeight: number, filterWidth: number, outputDepth: number): ConvShape {
  const { strideW, strideH, dilationW, dilationH } = options;
  if (strideW < 1 || strideH < 1 || dilationW < 1 || dilationH < 1) throw context.fail(`strides (${strideH}, ${strideW}) and dilations (${dilationH}, ${dilationW}) must be at least 1`);
  const [batches, inputHeight, inputWidth, inputDepth] = rank4(context, context.input(0), 'input');
  const [outBatches, outputHeight, outputWidth, outDepth] = rank4(context, context.output(), 'output');
  const rows = axisPadding(options.padding, inputHeight, filterHeight, strideH, dilationH);
  const columns = axisPadding(options.padding, inputWidth, filterWidth, strideW, dilationW);
  if (outBatches !== batches || outputHeight !== rows.outputSize || outputWidth !== columns.outputSize || outDepth !== outputDepth || rows.outputSize < 1 || columns.outputSize < 1) {
    throw context.fail(`output is [${context.output().shape.join(', ')}], the input and filter give [${batches}, ${rows.outputSize}, ${columns.outputSize}, ${outputDepth}]`);
  }
  return {
    batches,
    inputHeight,
    inputWidth,
    inputDepth,
    outputHeight,
    outputWidth,
    outputDepth,
    filterHeight,
    filterWidth,
    strideHeight: strideH,
    strideWidth: strideW,
    dilationHeight: dilationH,
    dilationWidth: dilationW,
    padTop: rows.front,
    padLeft: columns.front,
  };
}
