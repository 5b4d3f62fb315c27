/** The geometry of a 2-D convolution over NHWC tensors, padding already resolved. */
export interface ConvShape {
  readonly batches: number;
  readonly inputHeight: number;
  readonly inputWidth: number;
  readonly inputDepth: number;
  readonly outputHeight: number;
  readonly outputWidth: number;
  readonly outputDepth: number;
  readonly filterHeight: number;
  readonly filterWidth: number;
  readonly strideHeight: number;
  readonly strideWidth: number;
  readonly dilationHeight: number;
  readonly dilationWidth: number;
  readonly padTop: number;
  readonly padLeft: number;
}
