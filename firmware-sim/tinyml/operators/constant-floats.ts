/**
 * A constant tensor (weights, bias, a constant operand) decoded once, at load, into the
 * float32 values Arm NN's Decoder for it would return (backends/reference/workloads/
 * Decoders.hpp): per-tensor int8/uint8/int16 as (q - zero point) × scale; per-axis int8 as
 * q × scale[channel] with zero points ignored (QSymm8PerAxisDecoder); int32 biases as
 * (float)q × scale (ScaledInt32Decoder, per axis when there are several scales), or plain
 * (float)q when the tensor has no scale (Int32Decoder).
 */
import { invalidInput } from '../../../errors/index.js';
import { dequantizeValue } from '../quantization.js';
import type { TfliteTensor } from '../model.js';
import type { TensorData } from '../contracts.js';

/** Which channel element i belongs to, for per-axis scales; `channels` is how many there are. */
export interface ChannelIndexing {
  readonly channels: number;
  channelOf(element: number): number;
}

/** `where` names the operator in errors. */
export function constantFloats(tensor: TfliteTensor, values: TensorData, channels: ChannelIndexing | undefined, where: string): Float32Array {
  const fail = (problem: string): never => {
    throw invalidInput(`${where}: tensor ${tensor.index} (${tensor.name}) ${problem}`);
  };
  if (values instanceof Float32Array) return values;
  if (values instanceof BigInt64Array || tensor.type === 'BOOL') return fail(`of type ${tensor.type} cannot be read as numbers`);
  const floats = new Float32Array(tensor.elements);
  const quantization = tensor.quantization;
  if (quantization === undefined) {
    if (tensor.type !== 'INT32') return fail(`of type ${tensor.type} has no quantization`);
    for (let i = 0; i < floats.length; i++) floats[i] = Math.fround(values[i]!);
    return floats;
  }
  const { scale, zeroPoint } = quantization;
  if (scale.length === 1) {
    // Arm NN's ScaledInt32Decoder has no zero point; its 8- and 16-bit decoders do.
    const offset = tensor.type === 'INT32' ? 0 : zeroPoint[0]!;
    for (let i = 0; i < floats.length; i++) floats[i] = dequantizeValue(values[i]!, scale[0]!, offset);
    return floats;
  }
  if (channels === undefined) return fail('has per-axis quantization, which this operator does not take there');
  if (scale.length !== channels.channels) return fail(`has ${scale.length} scales for ${channels.channels} channels`);
  for (let i = 0; i < floats.length; i++) floats[i] = dequantizeValue(values[i]!, scale[channels.channelOf(i)]!, 0);
  return floats;
}
