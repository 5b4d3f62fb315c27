/**
 * The acceptance check: the reference models' outputs equal Arm NN CpuRef's (Debian's
 * python3-pyarmnn, Arm NN 20.08) bit for bit on seeded random inputs.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRng, type Rng } from '../../test/support/prng.js';
import { loadModel } from './interpreter.js';
import { readModel } from './model-reader.js';
import { armnnUnavailableReason, askArmnn, outputsOf, type OracleReply } from './oracle/armnn-oracle.js';
import { bitDifferences, runAll } from './test-support/bit-exact.js';
import { modelBytes, modelPath } from './test-support/models.js';
import { modelToWrite, writeModel } from './test-support/tflite-writer.js';

const unavailable = armnnUnavailableReason();
// vitest shows the title of a skipped suite, so the reason goes there.
const suite = (title: string): string => (unavailable === undefined ? title : `${title} (skipped: ${unavailable})`);

const int8s = (rng: Rng, n: number): number[] => Array.from({ length: n }, () => rng.int(256) - 128);
const rng = seededRng(0xa7e5);
const RUNS = {
  helloWorldInt8: Array.from({ length: 256 }, () => [int8s(rng, 1)]),
  helloWorldFloat: Array.from({ length: 200 }, () => [[Math.fround(rng.next() * 2 * Math.PI)]]),
  microSpeech: Array.from({ length: 40 }, (_, run) => [run % 2 === 0 ? int8s(rng, 1960) : int8s(rng, 1960).map((v) => Math.min(v, -128 + rng.int(60)))]),
  personDetect: Array.from({ length: 2 }, () => [int8s(rng, 96 * 96)]),
};

/**
 * person_detect's depthwise biases say quantized_dimension 3 on a 1-D tensor, which Arm NN
 * 20.08 refuses to load; TFLM and Arm NN both pick bias scales by output channel anyway,
 * so the same model with that field set to 0 computes the same and Arm NN loads it.
 */
function personDetectForArmnn(): Uint8Array {
  const model = modelToWrite(readModel(modelBytes('person_detect')));
  return writeModel({ ...model, tensors: model.tensors.map((t) => (t.quantization && t.shape.length === 1 ? { ...t, quantization: { ...t.quantization, axis: 0 } } : t)) });
}

describe.skipIf(unavailable !== undefined)(suite('outputs of the reference models against Arm NN CpuRef'), () => {
  let dir: string;
  let replies: OracleReply[];
  let personDetect: Uint8Array;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'farside-tinyml-'));
    personDetect = personDetectForArmnn();
    writeFileSync(join(dir, 'person_detect.tflite'), personDetect);
    replies = await askArmnn([
      { model: modelPath('hello_world_int8'), runs: RUNS.helloWorldInt8 },
      { model: modelPath('hello_world_float'), runs: RUNS.helloWorldFloat },
      { model: modelPath('micro_speech_quantized'), runs: RUNS.microSpeech },
      { model: join(dir, 'person_detect.tflite'), runs: RUNS.personDetect },
    ]);
  }, 60_000);

  afterAll(() => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('hello_world_int8 gives exactly Arm NN’s int8 output on 256 seeded random inputs', () => {
    expect(bitDifferences(runAll(loadModel(modelBytes('hello_world_int8')), RUNS.helloWorldInt8), outputsOf(replies[0]))).toEqual([]);
  });

  it('hello_world_float stays within 1e-6 relative of Arm NN on 200 seeded inputs (and is in fact identical)', () => {
    const ours = runAll(loadModel(modelBytes('hello_world_float')), RUNS.helloWorldFloat);
    const theirs = outputsOf(replies[1]);
    ours.forEach((outputs, run) => {
      const [got, want] = [outputs[0]![0]!, theirs[run]![0]![0]!];
      expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-6 * Math.abs(want));
    });
    expect(bitDifferences(ours, theirs)).toEqual([]);
  });

  it('micro_speech gives exactly Arm NN’s four int8 scores on 40 seeded random spectrograms', () => {
    expect(bitDifferences(runAll(loadModel(modelBytes('micro_speech_quantized')), RUNS.microSpeech), outputsOf(replies[2]))).toEqual([]);
  });

  it('person_detect gives exactly Arm NN’s two int8 scores on seeded random images', () => {
    const ours = runAll(loadModel(modelBytes('person_detect')), RUNS.personDetect);
    expect(bitDifferences(ours, outputsOf(replies[3]))).toEqual([]);
    // The rewrite Arm NN needed changes nothing for the interpreter either.
    expect(runAll(loadModel(personDetect), RUNS.personDetect)).toEqual(ours);
  });
});
