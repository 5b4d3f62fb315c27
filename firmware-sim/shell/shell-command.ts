/**
 * One top-level shell command: its help lines and what it does with its arguments.
 * A command answers with plain text, one item per line; a refusal starts with `error: `,
 * says what was wrong and what would be right, and changes nothing.
 */
export interface ShellCommand {
  /** `[usage, summary]` pairs for `help`; a command with sub-commands has one per sub-command. */
  readonly help: readonly (readonly [string, string])[];
  /** `args` are the words after the command's name. May throw; the shell turns that into an error reply. */
  run(args: readonly string[]): string;
}

export function errorReply(message: string): string {
  return `error: ${message}`;
}

/** A byte count in KB as devices show it: whole KB, or one decimal below 10 KB. */
export function kilobytes(bytes: number): string {
  const kb = bytes / 1024;
  return kb >= 10 || Number.isInteger(kb) ? String(Math.round(kb)) : kb.toFixed(1);
}
