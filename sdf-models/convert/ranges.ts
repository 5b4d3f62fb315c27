/**
 * The OMA registry's RangeEnumeration text, read only where its meaning is plain.
 * It is free text: `0..100`, `-110..-48`, `0..255 bytes`, `16,32,48`, `6`, or a sentence.
 */

export interface NumericRange {
  readonly min: number;
  readonly max: number;
}

const NUMBER = String.raw`[-+]?\d+(?:\.\d+)?`;
// `a..b` is the registry's form; `a-b` appears in older objects. Both need a <= b.
const INTERVAL = new RegExp(String.raw`^\s*(${NUMBER})\s*(?:\.\.|-)\s*(${NUMBER})\s*$`);
const BYTE_INTERVAL = new RegExp(String.raw`^\s*(${NUMBER})\s*\.\.\s*(${NUMBER})\s*bytes?\s*$`, 'i');

/** `min..max` (or `min-max`) of a numeric resource; undefined for anything else. */
export function numericRange(range: string | undefined): NumericRange | undefined {
  return interval(range === undefined ? undefined : INTERVAL.exec(range));
}

/**
 * `min..max` or `min..max bytes` of a string resource, a length. The registry counts
 * bytes and SDF's maxLength counts characters; a string of at most n UTF-8 bytes has at
 * most n characters, so only the upper bound carries over without a lie.
 */
export function stringMaxLength(range: string | undefined): number | undefined {
  if (range === undefined) return undefined;
  const bounds = interval(INTERVAL.exec(range) ?? BYTE_INTERVAL.exec(range));
  return bounds !== undefined && Number.isInteger(bounds.max) && bounds.min >= 0 ? bounds.max : undefined;
}

function interval(match: RegExpExecArray | null | undefined): NumericRange | undefined {
  if (!match) return undefined;
  const min = Number(match[1]);
  const max = Number(match[2]);
  return Number.isFinite(min) && Number.isFinite(max) && min <= max ? { min, max } : undefined;
}
