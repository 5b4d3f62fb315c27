import { describe, expect, it } from 'vitest';
import { expectInvalidInput } from '../../test/support/assertions.js';
import { runFromJson } from './run-from-json.js';
import { modelBytes } from './test-support/models.js';

describe('running a model on a JSON input file (`farside tinyml run`)', () => {
  it('runs hello_world_int8 on a flat array of int8 values', () => {
    expect(runFromJson(modelBytes('hello_world_int8'), '[20]')).toEqual({
      outputs: [{ index: 9, name: 'StatefulPartitionedCall:0', type: 'int8', shape: [1, 1], values: [expect.any(Number)] }],
    });
  });

  it('runs the float model on float input and gives float output', () => {
    const result = runFromJson(modelBytes('hello_world_float'), '[1.5]');
    expect(result.outputs[0]!.values[0]).toBeCloseTo(Math.sin(1.5), 1);
  });

  it('also takes an array with one array per input', () => {
    expect(runFromJson(modelBytes('hello_world_int8'), '[[20]]')).toEqual(runFromJson(modelBytes('hello_world_int8'), '[20]'));
  });

  it('refuses input that is not JSON, not numbers, the wrong length or out of range', () => {
    const model = modelBytes('hello_world_int8');
    expectInvalidInput(() => runFromJson(model, '[20'), /not JSON/);
    expectInvalidInput(() => runFromJson(model, '{"x": 1}'), /array of numbers/);
    expectInvalidInput(() => runFromJson(model, '["1"]'), /array of numbers/);
    expectInvalidInput(() => runFromJson(model, '[1, 2]'), /takes 1 values/);
    expectInvalidInput(() => runFromJson(model, '[300]'), /not a valid int8/);
    expectInvalidInput(() => runFromJson(model, '[[1], [2]]'), /takes 1 inputs, the file gives 2/);
  });
});
