import { describe, expect, it } from 'vitest';
import { expectInvalidInput } from '../../test/support/assertions.js';
import { formatModelDescription } from './describe-format.js';
import { describeModel } from './describe-model.js';
import { modelBytes } from './test-support/models.js';
import { writeModel } from './test-support/tflite-writer.js';

describe('describing a model for `farside tinyml inspect`', () => {
  it('lists operators, tensors with quantization, and the planned arena of micro_speech', () => {
    const description = describeModel(modelBytes('micro_speech_quantized'));
    expect(description.operators.map((op) => [op.name, op.supported])).toEqual([
      ['RESHAPE', true],
      ['DEPTHWISE_CONV_2D', true],
      ['FULLY_CONNECTED', true],
      ['SOFTMAX', true],
    ]);
    expect(description.tensors[8]).toMatchObject({ name: 'first_weights/read', type: 'INT8', shape: [1, 10, 8, 8], bytes: 640, constant: true, quantization: { axis: 3 } });
    expect(description.arena).toEqual({ plannedBytes: 5968, persistentBytes: 344, arenaBytes: 6312 });
    expect(description.problem).toBeNull();
  });

  it('prints a readable summary', () => {
    const text = formatModelDescription(describeModel(modelBytes('hello_world_int8')));
    expect(text).toContain('0  FULLY_CONNECTED v4  in [0, 6, 5] out [7]  activation=RELU');
    expect(text).toContain('serving_default_dense_input:0  INT8 [1, 1]  1 B activation  scale 0.024480115622282028 zero -128');
    expect(text).toContain('arena: 272 bytes (32 planned + 240 persistent)');
  });

  it('describes a model the interpreter cannot run, saying why', () => {
    const bytes = writeModel({
      tensors: [{ type: 'FLOAT32', shape: [4] }, { type: 'FLOAT32', shape: [4] }],
      inputs: [0],
      outputs: [1],
      operators: [{ name: 'TANH', inputs: [0], outputs: [1] }],
    });
    const description = describeModel(bytes);
    expect(description.operators[0]).toMatchObject({ name: 'TANH', supported: false });
    expect(description.problem).toMatch(/unsupported operator TANH/);
    expect(formatModelDescription(description)).toContain('cannot run: unsupported operator TANH');
  });

  it('refuses bytes that are not a model', () => {
    expectInvalidInput(() => describeModel(new Uint8Array(64)), /identifier/);
  });
});
