/** MAX_POOL_2D over float32 NHWC, as Arm NN's reference Pooling2d: the largest value, starting from the lowest float. */
import type { PoolShape, PoolWindows } from './pool-windows.js';

/** std::numeric_limits<float>::lowest(). */
const LOWEST_FLOAT32 = -3.4028234663852886e38;

export function maxPool2d(shape: PoolShape, windows: PoolWindows, input: Float32Array, output: Float32Array): void {
  const { inputHeight, inputWidth, depth, outputHeight, outputWidth } = shape;
  const { rows, columns } = windows;
  for (let n = 0; n < shape.batches; n++) {
    for (let oy = 0; oy < outputHeight; oy++) {
      const y0 = rows.start[oy]!;
      const y1 = rows.end[oy]!;
      for (let ox = 0; ox < outputWidth; ox++) {
        const x0 = columns.start[ox]!;
        const x1 = columns.end[ox]!;
        const outputAt = ((n * outputHeight + oy) * outputWidth + ox) * depth;
        const paddingOnly = rows.paddingOnly[oy] === 1 || columns.paddingOnly[ox] === 1;
        for (let c = 0; c < depth; c++) {
          let max = paddingOnly ? 0 : LOWEST_FLOAT32;
          for (let y = y0; y < y1 && !paddingOnly; y++) {
            for (let x = x0; x < x1; x++) {
              const value = input[((n * inputHeight + y) * inputWidth + x) * depth + c]!;
              if (value > max) max = value;
            }
          }
          output[outputAt + c] = max;
        }
      }
    }
  }
}
