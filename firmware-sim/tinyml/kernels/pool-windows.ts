/**
 * Where each pooling window of Arm NN's reference Pooling2d lands: the window is cut at
 * the far padding edge, clamped to the input, and (PaddingMethod::Exclude, what its
 * TfLiteParser asks for) averaged over the clamped area only. A window over padding
 * alone yields 0 by Arm NN's convention. Computed once per operator, used every invoke.
 */
export interface PoolShape {
  readonly batches: number;
  readonly inputHeight: number;
  readonly inputWidth: number;
  readonly depth: number;
  readonly outputHeight: number;
  readonly outputWidth: number;
  readonly filterHeight: number;
  readonly filterWidth: number;
  readonly strideHeight: number;
  readonly strideWidth: number;
  readonly padTop: number;
  readonly padBottom: number;
  readonly padLeft: number;
  readonly padRight: number;
}

/** Clamped [start, end) per output row (or column), and whether it covers padding only. */
export interface PoolSpans {
  readonly start: Int32Array;
  readonly end: Int32Array;
  readonly paddingOnly: Uint8Array;
}

export interface PoolWindows {
  readonly rows: PoolSpans;
  readonly columns: PoolSpans;
}

function clampTo(value: number, limit: number): number {
  return Math.min(Math.max(value, 0), limit);
}

/**
 * Arm NN tests "padding only" on rows after clamping them, on columns before: both are
 * kept as it does, since they differ for windows that start past the input.
 */
function spans(outputs: number, stride: number, padFront: number, padBack: number, filter: number, input: number, clampFirst: boolean): PoolSpans {
  const result = { start: new Int32Array(outputs), end: new Int32Array(outputs), paddingOnly: new Uint8Array(outputs) };
  for (let o = 0; o < outputs; o++) {
    let start = o * stride - padFront;
    let end = Math.min(start + filter, input + padBack);
    if (clampFirst && (start < 0 || end > input)) [start, end] = [clampTo(start, input), clampTo(end, input)];
    result.paddingOnly[o] = end <= 0 || start > input ? 1 : 0;
    result.start[o] = clampTo(start, input);
    result.end[o] = clampTo(end, input);
  }
  return result;
}

export function poolWindows(shape: PoolShape): PoolWindows {
  return {
    rows: spans(shape.outputHeight, shape.strideHeight, shape.padTop, shape.padBottom, shape.filterHeight, shape.inputHeight, true),
    columns: spans(shape.outputWidth, shape.strideWidth, shape.padLeft, shape.padRight, shape.filterWidth, shape.inputWidth, false),
  };
}
