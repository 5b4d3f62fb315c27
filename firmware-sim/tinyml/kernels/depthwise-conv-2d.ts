/**
 * DEPTHWISE_CONV_2D over float32 NHWC with a [1, H, W, inputDepth × multiplier] filter, as
 * Arm NN's reference Convolve in depthwise mode: output channel c reads input channel
 * c / multiplier and sums over filter row, then column, from 0.0f, then adds the bias,
 * every step rounded to float32 (padding taps skipped, see conv-2d.ts).
 */
import type { ConvShape } from './conv-shape.js';

export function depthwiseConv2d(shape: ConvShape, depthMultiplier: number, input: Float32Array, filter: Float32Array, bias: Float32Array | undefined, output: Float32Array): void {
  const { inputHeight, inputWidth, inputDepth, outputHeight, outputWidth, outputDepth, filterHeight, filterWidth } = shape;
  const { strideHeight, strideWidth, dilationHeight, dilationWidth, padTop, padLeft } = shape;
  const rowStride = inputWidth * inputDepth;
  const filterRowStride = filterWidth * outputDepth;
  for (let n = 0; n < shape.batches; n++) {
    const inputBatch = n * inputHeight * rowStride;
    for (let oy = 0; oy < outputHeight; oy++) {
      const y0 = oy * strideHeight - padTop;
      for (let ox = 0; ox < outputWidth; ox++) {
        const x0 = ox * strideWidth - padLeft;
        const outputAt = ((n * outputHeight + oy) * outputWidth + ox) * outputDepth;
        for (let oc = 0; oc < outputDepth; oc++) {
          const inputChannel = inputBatch + ((oc / depthMultiplier) | 0);
          let sum = 0;
          for (let fy = 0; fy < filterHeight; fy++) {
            const y = y0 + fy * dilationHeight;
            if (y < 0 || y >= inputHeight) continue;
            const inputRow = inputChannel + y * rowStride;
            const filterRow = fy * filterRowStride + oc;
            for (let fx = 0; fx < filterWidth; fx++) {
              const x = x0 + fx * dilationWidth;
              if (x < 0 || x >= inputWidth) continue;
              sum = Math.fround(sum + Math.fround(filter[filterRow + fx * outputDepth]! * input[inputRow + x * inputDepth]!));
            }
          }
          output[outputAt + oc] = bias === undefined ? sum : Math.fround(sum + bias[oc]!);
        }
      }
    }
  }
}
