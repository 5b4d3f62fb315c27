import { describe, expect, it } from 'vitest';
import { expectInvalidInput } from '../../test/support/assertions.js';
import { seededRng } from '../../test/support/prng.js';
import { loadModel } from './interpreter.js';
import { modelBytes } from './test-support/models.js';
import { float32Data, writeModel, type ModelToWrite } from './test-support/tflite-writer.js';
import type { Activation } from './schema.js';

/** y = W·x + b over float32, 2 inputs → 2 outputs, with a fused activation. */
function floatDense(activation: Activation, operatorName = 'FULLY_CONNECTED'): ModelToWrite {
  return {
    tensors: [
      { name: 'x', type: 'FLOAT32', shape: [1, 2] },
      { name: 'w', type: 'FLOAT32', shape: [2, 2], data: float32Data([1, 2, -3, 4]) },
      { name: 'b', type: 'FLOAT32', shape: [2], data: float32Data([0.5, -0.5]) },
      { name: 'y', type: 'FLOAT32', shape: [1, 2] },
    ],
    inputs: [0],
    outputs: [3],
    operators: [{ name: operatorName, inputs: [0, 1, 2], outputs: [3], options: { kind: 'fullyConnected', activation, weightsFormat: 0, keepNumDims: false } }],
  };
}

function run(model: ReturnType<typeof loadModel>, input: number[]): number[] {
  model.setInput(0, input);
  model.invoke();
  return Array.from(model.output(0) as Float32Array);
}

describe('loading and running models', () => {
  it('loads the reference models with their operators, tensors and planned arenas', () => {
    const helloWorld = loadModel(modelBytes('hello_world_int8'));
    expect(helloWorld.operators).toEqual(['FULLY_CONNECTED', 'FULLY_CONNECTED', 'FULLY_CONNECTED']);
    expect(helloWorld.inputs[0]).toMatchObject({ name: 'serving_default_dense_input:0', type: 'int8', shape: [1, 1], bytes: 1, quantization: { zeroPoint: [-128], axis: 0 } });
    expect(helloWorld.arenaBytes).toBe(272);
    const microSpeech = loadModel(modelBytes('micro_speech_quantized'));
    expect(microSpeech.outputs[0]).toMatchObject({ type: 'int8', shape: [1, 4] });
    expect(microSpeech.arenaBytes).toBe(6312);
    expect(loadModel(modelBytes('hello_world_float')).inputs[0]).toMatchObject({ type: 'float32', bytes: 4 });
  });

  it('runs person_detect to a two-element int8 output with an arena of a plausible size', () => {
    const model = loadModel(modelBytes('person_detect'));
    expect(model.inputs[0]).toMatchObject({ type: 'int8', shape: [1, 96, 96, 1] });
    const rng = seededRng(96);
    model.setInput(0, Array.from({ length: 96 * 96 }, () => rng.int(256) - 128));
    model.invoke();
    const scores = model.output(0);
    expect(scores).toBeInstanceOf(Int8Array);
    expect(scores).toHaveLength(2);
    expect(model.arenaBytes).toBeGreaterThan(50 * 1024);
    expect(model.arenaBytes).toBeLessThan(150 * 1024);
  });

  it('computes a float model and its fused activations', () => {
    expect(run(loadModel(writeModel(floatDense('NONE'))), [1, 1])).toEqual([3.5, 0.5]);
    expect(run(loadModel(writeModel(floatDense('RELU'))), [1, -1])).toEqual([0, 0]);
    expect(run(loadModel(writeModel(floatDense('RELU6'))), [3, 1])).toEqual([5.5, 0]);
    expect(run(loadModel(writeModel(floatDense('RELU_N1_TO_1'))), [1, 1])).toEqual([1, 0.5]);
  });

  it('refuses an unsupported operator at load, naming it', () => {
    expectInvalidInput(() => loadModel(writeModel(floatDense('NONE', 'TANH'))), /unsupported operator TANH/);
    expectInvalidInput(() => loadModel(writeModel(floatDense('TANH'))), /FULLY_CONNECTED.*fused activation TANH/);
  });

  it('refuses an operator that reads a tensor no operator writes', () => {
    const model = floatDense('NONE');
    const dangling = { ...model, tensors: [...model.tensors, { type: 'FLOAT32' as const, shape: [1, 2] }], operators: [{ ...model.operators[0]!, inputs: [4, 1, 2] }] };
    expectInvalidInput(() => loadModel(writeModel(dangling)), /reads tensor 4 before any operator writes it/);
  });

  it('refuses inputs of the wrong length, range or index and keeps the last good input', () => {
    const model = loadModel(modelBytes('hello_world_int8'));
    model.setInput(0, [20]);
    model.invoke();
    const before = model.output(0);
    expectInvalidInput(() => model.setInput(0, [1, 2]), /takes 1 values, not 2/);
    expectInvalidInput(() => model.setInput(0, [128]), /not a valid int8/);
    expectInvalidInput(() => model.setInput(0, [1.5]), /not a valid int8/);
    expectInvalidInput(() => model.setInput(1, [1]), /no input 1/);
    expectInvalidInput(() => model.output(3), /no output 3/);
    model.invoke();
    expect(model.output(0)).toEqual(before);
  });

  it('gives the same output on a second invoke, though the input bytes were reused in the arena', () => {
    const model = loadModel(modelBytes('micro_speech_quantized'));
    const rng = seededRng(1960);
    model.setInput(0, Array.from({ length: 1960 }, () => rng.int(256) - 128));
    model.invoke();
    const first = model.output(0);
    model.invoke();
    expect(model.output(0)).toEqual(first);
  });

  it('hands out copies of outputs', () => {
    const model = loadModel(writeModel(floatDense('NONE')));
    model.setInput(0, [1, 1]);
    model.invoke();
    (model.output(0) as Float32Array).fill(99);
    expect(Array.from(model.output(0) as Float32Array)).toEqual([3.5, 0.5]);
  });
});
