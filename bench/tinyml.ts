/**
 * The TinyML interpreter's speed: inferences per second of the reference models, and of
 * Arm NN CpuRef (Debian's python3-pyarmnn) on micro_speech in the same run, timed by the
 * Python harness around its own invoke loop. ratio_micro_speech = ours / Arm NN's: above 1
 * means the bit-exact emulation in JS runs faster than the C++ reference it copies.
 * BENCH_SECONDS (default 2) is how long each model is timed.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadModel } from '../firmware-sim/tinyml/index.js';
import { armnnUnavailableReason, askArmnn, inferencesPerSecondOf } from '../firmware-sim/tinyml/oracle/armnn-oracle.js';
import { seededRandom } from '../firmware-sim/index.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
const WARMUP_SECONDS = 0.5;
const MODELS = { hello_world: 'hello_world_int8', micro_speech: 'micro_speech_quantized', person_detect: 'person_detect' } as const;

const round = (n: number, digits = 1): number => Number(n.toFixed(digits));
const modelPath = (file: string): string => fileURLToPath(new URL(`../firmware-sim/tinyml/testdata/${file}.tflite`, import.meta.url));

/** A seeded int8 input for every input tensor of the model. */
function inputsFor(elements: readonly number[]): number[][] {
  const next = seededRandom(1);
  return elements.map((count) => Array.from({ length: count }, () => Math.floor(next() * 256) - 128));
}

function inferencesPerSecond(file: string): { perSecond: number; input: number[][] } {
  const model = loadModel(new Uint8Array(readFileSync(modelPath(file))));
  const input = inputsFor(model.inputs.map((spec) => spec.shape.reduce((a, b) => a * b, 1)));
  input.forEach((values, index) => model.setInput(index, values));
  const timeFor = (seconds: number): { count: number; elapsed: number } => {
    const start = performance.now();
    let count = 0;
    while (performance.now() - start < seconds * 1000) {
      model.invoke();
      count++;
    }
    return { count, elapsed: (performance.now() - start) / 1000 };
  };
  timeFor(WARMUP_SECONDS);
  const { count, elapsed } = timeFor(SECONDS);
  process.stderr.write(`${file}: ${count} inferences in ${elapsed.toFixed(2)} s\n`);
  return { perSecond: count / elapsed, input };
}

async function armnnMicroSpeech(input: number[][]): Promise<number | null> {
  const unavailable = armnnUnavailableReason();
  if (unavailable !== undefined) {
    process.stderr.write(`Arm NN not measured: ${unavailable}\n`);
    return null;
  }
  process.stderr.write('Arm NN CpuRef: micro_speech\n');
  const [reply] = await askArmnn([{ model: modelPath(MODELS.micro_speech), bench: { input, seconds: SECONDS } }]);
  return inferencesPerSecondOf(reply);
}

export async function main(): Promise<void> {
  const helloWorld = inferencesPerSecond(MODELS.hello_world);
  const microSpeech = inferencesPerSecond(MODELS.micro_speech);
  const personDetect = inferencesPerSecond(MODELS.person_detect);
  const armnn = await armnnMicroSpeech(microSpeech.input);
  process.stdout.write(
    JSON.stringify({
      bench: 'tinyml',
      hello_world_inf_per_s: round(helloWorld.perSecond),
      micro_speech_inf_per_s: round(microSpeech.perSecond),
      person_detect_inf_per_s: round(personDetect.perSecond, 2),
      armnn_micro_speech_inf_per_s: armnn === null ? null : round(armnn),
      ratio_micro_speech: armnn === null ? null : round(microSpeech.perSecond / armnn, 2),
    }) + '\n',
  );
}
