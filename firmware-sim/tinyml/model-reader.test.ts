import { describe, expect, it } from 'vitest';
import { expectInvalidInput } from '../../test/support/assertions.js';
import { readModel } from './model-reader.js';
import { modelBytes } from './test-support/models.js';
import { writeModel } from './test-support/tflite-writer.js';

describe('reading .tflite models', () => {
  it('reads hello_world_int8 as three FULLY_CONNECTED operators over int8 tensors', () => {
    const model = readModel(modelBytes('hello_world_int8'));
    expect(model.operators.map((op) => op.name)).toEqual(['FULLY_CONNECTED', 'FULLY_CONNECTED', 'FULLY_CONNECTED']);
    expect(model.operators.map((op) => op.options.kind === 'fullyConnected' && op.options.activation)).toEqual(['RELU', 'RELU', 'NONE']);
    const input = model.tensors[model.inputs[0]!]!;
    expect(input).toMatchObject({ type: 'INT8', shape: [1, 1], data: undefined });
    expect(input.quantization?.zeroPoint).toEqual([-128]);
    expect(input.quantization?.scale[0]).toBeCloseTo(0.02448, 5);
  });

  it('reads micro_speech with its per-axis weights, options and constant data', () => {
    const model = readModel(modelBytes('micro_speech_quantized'));
    expect(model.operators.map((op) => op.name)).toEqual(['RESHAPE', 'DEPTHWISE_CONV_2D', 'FULLY_CONNECTED', 'SOFTMAX']);
    expect(model.operators[1]!.options).toEqual({ kind: 'depthwiseConv2d', padding: 'SAME', strideW: 2, strideH: 2, depthMultiplier: 8, activation: 'RELU', dilationW: 1, dilationH: 1 });
    expect(model.operators[0]!.options).toEqual({ kind: 'reshape', newShape: [-1, 49, 40, 1] });
    const weights = model.tensors.find((tensor) => tensor.name === 'first_weights/read')!;
    expect(weights).toMatchObject({ type: 'INT8', shape: [1, 10, 8, 8], bytes: 640 });
    expect(weights.quantization).toMatchObject({ axis: 3, zeroPoint: [0, 0, 0, 0, 0, 0, 0, 0] });
    expect(weights.quantization!.scale).toHaveLength(8);
    expect(weights.data).toHaveLength(640);
  });

  it('reads person_detect, whose operator codes predate builtin_code', () => {
    const model = readModel(modelBytes('person_detect'));
    expect(model.operators).toHaveLength(31);
    expect(new Set(model.operators.map((op) => op.name))).toEqual(new Set(['DEPTHWISE_CONV_2D', 'CONV_2D', 'AVERAGE_POOL_2D', 'RESHAPE', 'SOFTMAX']));
    expect(model.tensors[model.outputs[0]!]!.shape).toEqual([1, 2]);
  });

  it('refuses bytes that are not a TFL3 FlatBuffer', () => {
    const bytes = modelBytes('hello_world_int8');
    bytes.set([0x54, 0x46, 0x4c, 0x32], 4); // "TFL2"
    expectInvalidInput(() => readModel(bytes), /file identifier is "TFL2"/);
    expectInvalidInput(() => readModel(new TextEncoder().encode('not a model at all')), /identifier/);
    expectInvalidInput(() => readModel(new Uint8Array(5)), /too short/);
  });

  it('refuses a truncated model', () => {
    const bytes = modelBytes('micro_speech_quantized');
    expectInvalidInput(() => readModel(bytes.subarray(0, 2000)), /outside|overrun/);
  });

  it('refuses a root offset that points outside the file', () => {
    const bytes = modelBytes('hello_world_float');
    new DataView(bytes.buffer).setUint32(0, 0xfffffff0, true);
    expectInvalidInput(() => readModel(bytes), /outside/);
  });

  it('refuses schema versions other than 3', () => {
    const bytes = writeModel({ version: 2, tensors: [{ type: 'FLOAT32', shape: [1] }], inputs: [0], outputs: [0], operators: [] });
    expectInvalidInput(() => readModel(bytes), /schema version 2/);
  });

  it('refuses references to tensors and data that do not exist', () => {
    const tensors = [{ type: 'FLOAT32' as const, shape: [2] }];
    expectInvalidInput(() => readModel(writeModel({ tensors, inputs: [3], outputs: [0], operators: [] })), /inputs tensor 3 does not exist/);
    expectInvalidInput(() => readModel(writeModel({ tensors, inputs: [0], outputs: [0], operators: [{ name: 'RELU', inputs: [0], outputs: [7] }] })), /outputs tensor 7/);
    const misfit = [{ type: 'FLOAT32' as const, shape: [2], data: new Uint8Array(7) }];
    expectInvalidInput(() => readModel(writeModel({ tensors: misfit, inputs: [], outputs: [0], operators: [] })), /constant data is 7 bytes.*needs 8/);
  });

  it('refuses negative dimensions and mismatched quantization parameters', () => {
    expectInvalidInput(() => readModel(writeModel({ tensors: [{ type: 'INT8', shape: [1, -1] }], inputs: [0], outputs: [0], operators: [] })), /dimension -1/);
    const quantization = { scale: [0.5, 0.25], zeroPoint: [0] };
    expectInvalidInput(() => readModel(writeModel({ tensors: [{ type: 'INT8', shape: [2], quantization }], inputs: [0], outputs: [0], operators: [] })), /2 scales but 1 zero points/);
  });
});
