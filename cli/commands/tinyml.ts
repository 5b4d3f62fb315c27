import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { describeModel, formatModelDescription, runFromJson } from '../../firmware-sim/index.js';
import { invalidInput } from '../../lwm2m/index.js';

async function readInput(path: string, what: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (err) {
    throw invalidInput(`cannot read ${what} ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, err);
  }
}

export function registerTinymlCommand(program: Command): void {
  const tinyml = program.command('tinyml').description('inspect and run TinyML (.tflite) models with the simulator’s interpreter');
  tinyml
    .command('inspect')
    .description('print a model’s operators, tensors (type, shape, quantization) and the tensor arena it needs')
    .argument('<model>', '.tflite file')
    .option('--json', 'print JSON instead of text')
    .action(async (model: string, options: { json?: boolean }) => {
      const description = describeModel(new Uint8Array(await readInput(model, 'model')));
      process.stdout.write(options.json ? `${JSON.stringify(description)}\n` : `${formatModelDescription(description)}\n`);
    });
  tinyml
    .command('run')
    .description('run a model once and print its output tensors as JSON')
    .argument('<model>', '.tflite file')
    .requiredOption('--input <file>', 'JSON file: the input tensor as a flat array of numbers in its own type (an array of arrays for several inputs)')
    .action(async (model: string, options: { input: string }) => {
      const bytes = new Uint8Array(await readInput(model, 'model'));
      const input = (await readInput(options.input, 'input file')).toString('utf8');
      process.stdout.write(`${JSON.stringify(runFromJson(bytes, input))}\n`);
    });
}
