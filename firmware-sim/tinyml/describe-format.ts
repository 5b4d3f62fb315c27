/** The text `farside tinyml inspect` prints for a ModelDescription (the JSON form is the description itself). */
import type { ModelDescription, OperatorDescription, TensorDescription } from './describe-model.js';

function optionsText(operator: OperatorDescription): string {
  const { kind: _kind, ...options } = operator.options as { kind: string } & Record<string, unknown>;
  const fields = Object.entries(options).filter(([, value]) => value !== undefined && value !== 'NONE');
  return fields.map(([key, value]) => `${key}=${Array.isArray(value) ? `[${value.join(',')}]` : String(value)}`).join(' ');
}

function quantizationText(tensor: TensorDescription): string {
  const q = tensor.quantization;
  if (q === null) return '';
  if (q.scale.length === 1) return `scale ${q.scale[0]} zero ${q.zeroPoint[0]}`;
  return `per-axis ${q.axis}: ${q.scale.length} scales ${Math.min(...q.scale).toPrecision(4)}..${Math.max(...q.scale).toPrecision(4)}`;
}

export function formatModelDescription(description: ModelDescription): string {
  const lines = [`model: ${description.description || '(no description)'} (schema ${description.schemaVersion})`];
  lines.push(`inputs: ${description.inputs.join(', ')}   outputs: ${description.outputs.join(', ')}`);
  lines.push('operators:');
  for (const operator of description.operators) {
    const mark = operator.supported ? '' : '  (unsupported)';
    lines.push(`  ${operator.index}  ${operator.name} v${operator.version}  in [${operator.inputs.join(', ')}] out [${operator.outputs.join(', ')}]  ${optionsText(operator)}${mark}`.trimEnd());
  }
  lines.push('tensors:');
  for (const tensor of description.tensors) {
    const bytes = tensor.bytes === null ? '' : `${tensor.bytes} B`;
    const kind = tensor.constant ? 'const' : 'activation';
    lines.push(`  ${tensor.index}  ${tensor.name}  ${tensor.type} [${tensor.shape.join(', ')}]  ${bytes} ${kind}  ${quantizationText(tensor)}`.trimEnd());
  }
  const arena = description.arena;
  lines.push(arena === null ? 'arena: not planned' : `arena: ${arena.arenaBytes} bytes (${arena.plannedBytes} planned + ${arena.persistentBytes} persistent)`);
  if (description.problem !== null) lines.push(`cannot run: ${description.problem}`);
  return `${lines.join('\n')}\n`;
}
