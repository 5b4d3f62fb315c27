/**
 * A stand-in TinyML interpreter for the engine's tests, in the shape of
 * firmware-sim/tinyml's `loadModel`: a "model" is the bytes `FAKE` plus one byte giving its
 * arena in 256-byte units; it doubles its int8 input, saturating. Test-only.
 */
import { invalidInput } from '../../errors/index.js';
import type { LoadedModel, TensorSpec } from '../tinyml/contracts.js';

export const FAKE_SCALE = 0.5;
export const FAKE_ZERO_POINT = -3;

export function fakeModelBytes(arenaUnits: number): Uint8Array {
  return new Uint8Array([...new TextEncoder().encode('FAKE'), arenaUnits]);
}

export function loadModel(bytes: Uint8Array): LoadedModel {
  if (new TextDecoder().decode(bytes.subarray(0, 4)) !== 'FAKE' || bytes.length !== 5) throw invalidInput('not a fake model');
  const spec = (name: string): TensorSpec => ({ index: 0, name, type: 'int8', shape: [1, 1], quantization: { scale: [FAKE_SCALE], zeroPoint: [FAKE_ZERO_POINT], axis: 0 }, bytes: 1 });
  let input = 0;
  let output = 0;
  return {
    inputs: [spec('x')],
    outputs: [spec('y')],
    operators: ['FAKE_DOUBLE'],
    arenaBytes: (bytes[4] ?? 0) * 256,
    setInput(index, values) {
      if (index !== 0 || values.length !== 1) throw invalidInput('the fake model takes one int8');
      input = values[0] ?? 0;
    },
    invoke() {
      output = Math.max(-128, Math.min(127, 2 * input));
    },
    output: () => Int8Array.of(output),
  };
}
