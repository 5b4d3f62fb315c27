import { invalidInput } from '../errors.js';

// fatal: a device sending broken UTF-8 should be told so, not have its bytes silently
// replaced by U+FFFD. ignoreBOM keeps a leading BOM as part of the value, as sent.
const DECODER = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const ENCODER = new TextEncoder();

/** Decodes UTF-8 or throws FARSIDE_ERR_INVALID_INPUT naming `where`. */
export function decodeUtf8(bytes: Uint8Array, where: string): string {
  try {
    return DECODER.decode(bytes);
  } catch (err) {
    throw invalidInput(`${where}: not valid UTF-8`, err);
  }
}

export function encodeUtf8(text: string): Uint8Array {
  return ENCODER.encode(text);
}
