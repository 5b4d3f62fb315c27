/**
 * Every operator the interpreter runs, alone in a small model with seeded random weights,
 * against Arm NN CpuRef (Debian's python3-pyarmnn, Arm NN 20.08): outputs must be identical.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRng } from '../../test/support/prng.js';
import { loadModel } from './interpreter.js';
import { armnnUnavailableReason, askArmnn, outputsOf, type OracleReply } from './oracle/armnn-oracle.js';
import { bitDifferences, runAll } from './test-support/bit-exact.js';
import { operatorCases } from './test-support/operator-cases.js';
import { writeModel } from './test-support/tflite-writer.js';

const unavailable = armnnUnavailableReason();
// vitest shows the title of a skipped suite, so the reason goes there.
const suite = (title: string): string => (unavailable === undefined ? title : `${title} (skipped: ${unavailable})`);

const RUNS_PER_CASE = 25;
const rng = seededRng(0x0b5);
const cases = operatorCases(rng).map((operatorCase) => ({
  ...operatorCase,
  bytes: writeModel(operatorCase.model),
  runs: Array.from({ length: RUNS_PER_CASE }, () => operatorCase.input(rng)),
}));

describe.skipIf(unavailable !== undefined)(suite('each operator against Arm NN CpuRef'), () => {
  let dir: string;
  let replies: OracleReply[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'farside-tinyml-ops-'));
    const jobs = cases.map((operatorCase, i) => {
      const path = join(dir, `case-${i}.tflite`);
      writeFileSync(path, operatorCase.bytes);
      return { model: path, runs: operatorCase.runs };
    });
    replies = await askArmnn(jobs);
  }, 60_000);

  afterAll(() => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it.each(cases.map((operatorCase, i) => [operatorCase.name, i] as const))('%s gives exactly Arm NN’s outputs', (_name, i) => {
    const operatorCase = cases[i]!;
    expect(bitDifferences(runAll(loadModel(operatorCase.bytes), operatorCase.runs), outputsOf(replies[i]))).toEqual([]);
  });
});
