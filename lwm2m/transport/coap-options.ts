/**
 * node-coap converts some options to strings on receipt (Content-Format becomes a
 * media type name). LwM2M works with the numbers, so we map them back here.
 */
const MEDIA_TYPES: Readonly<Record<string, number>> = {
  'text/plain': 0,
  'application/link-format': 40,
  'application/octet-stream': 42,
  'application/json': 50,
  'application/cbor': 60,
  'application/senml+json': 110,
  'application/senml+cbor': 112,
  'application/vnd.oma.lwm2m+tlv': 11542,
  'application/vnd.oma.lwm2m+json': 11543,
  'application/vnd.oma.lwm2m+cbor': 11544,
};

export function formatNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return MEDIA_TYPES[value] ?? MEDIA_TYPES[value.split(';')[0] ?? ''];
  if (Buffer.isBuffer(value)) return value.length === 0 ? 0 : value.readUIntBE(0, Math.min(value.length, 4));
  return undefined;
}

/** A Content-Format / Accept number as option bytes (RFC 7252 §3.2 uint). */
export function uintOption(value: number): Buffer {
  if (value === 0) return Buffer.alloc(0);
  if (value <= 0xff) return Buffer.of(value);
  if (value <= 0xffff) return Buffer.of(value >> 8, value & 0xff);
  const buf = Buffer.alloc(4);
  buf.writeUInt32BE(value);
  return buf;
}

export function stringOptions(values: readonly string[]): Buffer[] {
  return values.map((v) => Buffer.from(v, 'utf8'));
}

interface RawOption {
  readonly name: string | number;
  readonly value: unknown;
}

export function optionStrings(options: readonly RawOption[] | undefined, name: string): string[] {
  const out: string[] = [];
  for (const option of options ?? []) {
    if (option.name !== name) continue;
    const v = option.value;
    out.push(Buffer.isBuffer(v) ? v.toString('utf8') : String(v));
  }
  return out;
}

export function optionValue(options: readonly RawOption[] | undefined, name: string): unknown {
  return options?.find((o) => o.name === name)?.value;
}
