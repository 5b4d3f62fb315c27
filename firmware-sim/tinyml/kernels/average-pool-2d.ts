/** AVERAGE_POOL_2D over float32 NHWC, as Arm NN's reference Pooling2d: Σ in row-major window order from 0.0f, ÷ the clamped area. */
import type { PoolShape, PoolWindows } from './pool-windows.js';

export function averagePool2d(shape: PoolShape, windows: PoolWindows, input: Float32Array, output: Float32Array): void {
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
        const area = (y1 - y0) * (x1 - x0);
        for (let c = 0; c < depth; c++) {
          if (paddingOnly) {
            output[outputAt + c] = 0;
            continue;
          }
          let sum = 0;
          for (let y = y0; y < y1; y++) {
            for (let x = x0; x < x1; x++) sum = Math.fround(sum + input[((n * inputHeight + y) * inputWidth + x) * depth + c]!);
          }
          output[outputAt + c] = Math.fround(sum / area);
        }
      }
    }
  }
}
