/**
 * CONV_2D over float32 NHWC with an OHWI filter, as Arm NN's reference Convolve: each
 * output sums filter × input over input channel, then filter row, then filter column,
 * from 0.0f, then adds the bias, every step rounded to float32. Arm NN also adds
 * filter × 0.0f for taps in the padding; those adds cannot change a sum that starts at
 * +0 (it never becomes -0), so they are skipped.
 */
import type { ConvShape } from './conv-shape.js';

export function conv2d(shape: ConvShape, input: Float32Array, filter: Float32Array, bias: Float32Array | undefined, output: Float32Array): void {
  if (shape.filterHeight === 1 && shape.filterWidth === 1) pointwiseConv2d(shape, input, filter, bias, output);
  else generalConv2d(shape, input, filter, bias, output);
}

/**
 * A 1×1 filter: each output is one dot product over the input channels, in the same order.
 * Four output channels are summed side by side (independent chains the CPU can overlap).
 */
function pointwiseConv2d(shape: ConvShape, input: Float32Array, filter: Float32Array, bias: Float32Array | undefined, output: Float32Array): void {
  const { inputHeight, inputWidth, inputDepth, outputHeight, outputWidth, outputDepth } = shape;
  for (let n = 0; n < shape.batches; n++) {
    for (let oy = 0; oy < outputHeight; oy++) {
      const y = oy * shape.strideHeight - shape.padTop;
      for (let ox = 0; ox < outputWidth; ox++) {
        const x = ox * shape.strideWidth - shape.padLeft;
        const inside = y >= 0 && y < inputHeight && x >= 0 && x < inputWidth;
        const inputAt = ((n * inputHeight + y) * inputWidth + x) * inputDepth;
        const outputAt = ((n * outputHeight + oy) * outputWidth + ox) * outputDepth;
        let oc = 0;
        for (; oc + 4 <= outputDepth && inside; oc += 4) {
          const [f0, f1, f2, f3] = [oc * inputDepth, (oc + 1) * inputDepth, (oc + 2) * inputDepth, (oc + 3) * inputDepth];
          let [s0, s1, s2, s3] = [0, 0, 0, 0];
          for (let ic = 0; ic < inputDepth; ic++) {
            const value = input[inputAt + ic]!;
            s0 = Math.fround(s0 + Math.fround(filter[f0 + ic]! * value));
            s1 = Math.fround(s1 + Math.fround(filter[f1 + ic]! * value));
            s2 = Math.fround(s2 + Math.fround(filter[f2 + ic]! * value));
            s3 = Math.fround(s3 + Math.fround(filter[f3 + ic]! * value));
          }
          output[outputAt + oc] = bias === undefined ? s0 : Math.fround(s0 + bias[oc]!);
          output[outputAt + oc + 1] = bias === undefined ? s1 : Math.fround(s1 + bias[oc + 1]!);
          output[outputAt + oc + 2] = bias === undefined ? s2 : Math.fround(s2 + bias[oc + 2]!);
          output[outputAt + oc + 3] = bias === undefined ? s3 : Math.fround(s3 + bias[oc + 3]!);
        }
        for (; oc < outputDepth; oc++) {
          const filterAt = oc * inputDepth;
          let sum = 0;
          if (inside) for (let ic = 0; ic < inputDepth; ic++) sum = Math.fround(sum + Math.fround(filter[filterAt + ic]! * input[inputAt + ic]!));
          if (bias !== undefined) sum = Math.fround(sum + bias[oc]!);
          output[outputAt + oc] = sum;
        }
      }
    }
  }
}

function generalConv2d(shape: ConvShape, input: Float32Array, filter: Float32Array, bias: Float32Array | undefined, output: Float32Array): void {
  const { inputHeight, inputWidth, inputDepth, outputHeight, outputWidth, outputDepth, filterHeight, filterWidth } = shape;
  const filterSize = filterHeight * filterWidth * inputDepth;
  for (let n = 0; n < shape.batches; n++) {
    const inputBatch = n * inputHeight * inputWidth * inputDepth;
    for (let oy = 0; oy < outputHeight; oy++) {
      const y0 = oy * shape.strideHeight - shape.padTop;
      for (let ox = 0; ox < outputWidth; ox++) {
        const x0 = ox * shape.strideWidth - shape.padLeft;
        const outputAt = ((n * outputHeight + oy) * outputWidth + ox) * outputDepth;
        for (let oc = 0; oc < outputDepth; oc++) {
          const filterAt = oc * filterSize;
          let sum = 0;
          for (let ic = 0; ic < inputDepth; ic++) {
            for (let fy = 0; fy < filterHeight; fy++) {
              const y = y0 + fy * shape.dilationHeight;
              if (y < 0 || y >= inputHeight) continue;
              const inputRow = inputBatch + y * inputWidth * inputDepth + ic;
              const filterRow = filterAt + fy * filterWidth * inputDepth + ic;
              for (let fx = 0; fx < filterWidth; fx++) {
                const x = x0 + fx * shape.dilationWidth;
                if (x < 0 || x >= inputWidth) continue;
                sum = Math.fround(sum + Math.fround(filter[filterRow + fx * inputDepth]! * input[inputRow + x * inputDepth]!));
              }
            }
          }
          if (bias !== undefined) sum = Math.fround(sum + bias[oc]!);
          output[outputAt + oc] = sum;
        }
      }
    }
  }
}
