/**
 * Execute arguments (Core §5.4.5): a comma-separated list of `digit` or `digit='value'`,
 * e.g. `0,1='http://example.com'`. Values may hold printable ASCII except `"`, `'` and `\`.
 */

/** Argument number → value (undefined for a bare digit). */
export type ExecuteArguments = ReadonlyMap<number, string | undefined>;

const ARGUMENT = /^([0-9])(?:='([\x21\x23-\x26\x28-\x5b\x5d-\x7e]*)')?$/;

/** Parses an Execute payload; undefined when it does not follow the grammar. */
export function parseExecuteArguments(text: string | undefined): ExecuteArguments | undefined {
  const args = new Map<number, string | undefined>();
  if (text === undefined || text === '') return args;
  // Values cannot contain a comma-quote pair, so splitting on quotes first keeps commas inside values.
  const parts = text.match(/[0-9](?:='[^']*')?|[^,]+/g) ?? [];
  if (parts.join(',') !== text) return undefined;
  for (const part of parts) {
    const match = ARGUMENT.exec(part);
    if (!match) return undefined;
    const id = Number(match[1]);
    if (args.has(id)) return undefined;
    args.set(id, match[2]);
  }
  return args;
}
