/** The operators the interpreter runs, by builtin name, each with its preparation. */
import { prepareAdd, prepareMul } from './binary.js';
import type { OperatorContext, Step } from './context.js';
import { prepareConv2d } from './conv-2d.js';
import { prepareDequantize, prepareQuantize } from './convert.js';
import { prepareDepthwiseConv2d } from './depthwise-conv-2d.js';
import { prepareFullyConnected } from './fully-connected.js';
import { prepareLogistic } from './logistic.js';
import { prepareAveragePool2d, prepareMaxPool2d } from './pool-2d.js';
import { prepareReshape } from './reshape.js';
import { prepareSoftmax } from './softmax.js';

export const OPERATOR_PREPARATIONS: Readonly<Record<string, (context: OperatorContext) => Step>> = {
  FULLY_CONNECTED: prepareFullyConnected,
  CONV_2D: prepareConv2d,
  DEPTHWISE_CONV_2D: prepareDepthwiseConv2d,
  AVERAGE_POOL_2D: prepareAveragePool2d,
  MAX_POOL_2D: prepareMaxPool2d,
  RESHAPE: prepareReshape,
  SOFTMAX: prepareSoftmax,
  LOGISTIC: prepareLogistic,
  ADD: prepareAdd,
  MUL: prepareMul,
  QUANTIZE: prepareQuantize,
  DEQUANTIZE: prepareDequantize,
};

export const SUPPORTED_OPERATORS: readonly string[] = Object.keys(OPERATOR_PREPARATIONS);
