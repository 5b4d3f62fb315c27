/** ADD and MUL: two inputs broadcast against each other (shapes right-aligned), fused activation. */
import { add } from '../kernels/add.js';
import { broadcastIndices, type BroadcastIndices } from '../kernels/broadcast.js';
import { mul } from '../kernels/mul.js';
import type { OperatorContext, Step } from './context.js';

type BinaryKernel = (count: number, indices: BroadcastIndices | undefined, first: Float32Array, second: Float32Array, output: Float32Array) => void;

function broadcastShape(first: readonly number[], second: readonly number[]): number[] | undefined {
  const rank = Math.max(first.length, second.length);
  const shape: number[] = [];
  for (let d = 0; d < rank; d++) {
    const a = first[first.length - rank + d] ?? 1;
    const b = second[second.length - rank + d] ?? 1;
    if (a !== b && a !== 1 && b !== 1) return undefined;
    shape.push(a === 1 ? b : a);
  }
  return shape;
}

function prepareBinary(context: OperatorContext, optionsKind: 'add' | 'mul', kernel: BinaryKernel): Step {
  context.expectArity(2, 2);
  const options = context.operator.options;
  if (options.kind !== optionsKind && options.kind !== 'none') throw context.fail('has options of another operator');
  const activation = context.activation(options.kind === optionsKind ? options.activation : 'NONE');
  const [first, second, output] = [context.input(0), context.input(1), context.output()];
  const shape = broadcastShape(first.shape, second.shape);
  if (shape === undefined || shape.length !== output.shape.length || shape.some((dim, d) => dim !== output.shape[d])) {
    throw context.fail(`shapes [${first.shape.join(', ')}] and [${second.shape.join(', ')}] do not broadcast to the output [${output.shape.join(', ')}]`);
  }
  const indices = broadcastIndices(first.shape, second.shape, output.shape);
  const count = output.elements;
  const [a, b] = [context.source(first, 'first'), context.source(second, 'second')];
  const sink = context.sink(output, activation);
  return () => {
    kernel(count, indices, a.read(), b.read(), sink.target());
    sink.commit();
  };
}

export const prepareAdd = (context: OperatorContext): Step => prepareBinary(context, 'add', add);
export const prepareMul = (context: OperatorContext): Step => prepareBinary(context, 'mul', mul);
