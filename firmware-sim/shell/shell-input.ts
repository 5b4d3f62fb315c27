/**
 * A command line as it reaches the shell: bytes (from LwM2M object 19) or text (from
 * kubectl exec). It must be UTF-8 and at most MAX_COMMAND_BYTES long; words are separated
 * by any whitespace, and a trailing newline is just whitespace.
 */

/** The longest command line the shell takes, bytes; embServe's shell buffer is this size. */
export const MAX_COMMAND_BYTES = 256;

/** The words of a command line, or what is wrong with it. */
export type CommandLine = { readonly words: readonly string[] } | { readonly problem: string };

const UTF8 = new TextDecoder('utf-8', { fatal: true });
// In a `u` regex a surrogate pair is one code point, so this only finds lone surrogates.
const LONE_SURROGATE = /\p{Cs}/u;

export function commandLineFrom(input: Uint8Array | string): CommandLine {
  let text: string;
  if (typeof input === 'string') {
    if (LONE_SURROGATE.test(input)) return { problem: 'the command is not valid UTF-8 text' };
    const bytes = Buffer.byteLength(input, 'utf8');
    if (bytes > MAX_COMMAND_BYTES) return { problem: tooLong(bytes) };
    text = input;
  } else {
    if (input.length > MAX_COMMAND_BYTES) return { problem: tooLong(input.length) };
    try {
      text = UTF8.decode(input);
    } catch {
      return { problem: 'the command is not valid UTF-8 text; send it as UTF-8' };
    }
  }
  const words = text.split(/\s+/u).filter((word) => word.length > 0);
  return words.length === 0 ? { problem: 'empty command; try: help' } : { words };
}

function tooLong(bytes: number): string {
  return `the command is ${bytes} bytes long; the most the shell takes is ${MAX_COMMAND_BYTES}`;
}

/** A word from the user, quoted so that any character shows and the reply stays one line. */
export function quoted(word: string): string {
  const LONGEST = 40;
  const chars = [...word];
  return JSON.stringify(chars.slice(0, LONGEST).join('')) + (chars.length > LONGEST ? '...' : '');
}
