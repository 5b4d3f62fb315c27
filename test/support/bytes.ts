/** Byte helpers for tests that spell payloads out in hex. */

/** Bytes from hex text; white space anywhere is ignored, e.g. `hex('C8 00 14')` or `hex('2f33 2f30')`. */
export function hex(text: string): Uint8Array {
  const digits = text.replace(/\s+/g, '');
  // Buffer would silently drop a bad digit and everything after it; a typo in a test must fail loudly.
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(digits)) throw new Error(`not hex bytes: ${text}`);
  return Uint8Array.from(Buffer.from(digits, 'hex'));
}

/** Bytes as lower-case hex without separators, for failure messages. */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}
