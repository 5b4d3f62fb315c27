import type { ResourceValue } from '../node.js';

/** LwM2M 1.1 Core Appendix C: Integer is a signed 64-bit value. */
export const INT64_MIN = -(2n ** 63n);
export const INT64_MAX = 2n ** 63n - 1n;
/** LwM2M 1.1 Core Appendix C: Unsigned Integer is an unsigned 64-bit value. */
export const UINT64_MAX = 2n ** 64n - 1n;

const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Decoded integers are plain numbers unless that would lose precision (node.ts contract). */
export function integerFromBigInt(value: bigint): number | bigint {
  return value >= MIN_SAFE && value <= MAX_SAFE ? Number(value) : value;
}

/** The value as a bigint when it is a whole number (number or bigint), else undefined. */
export function bigIntFromValue(value: ResourceValue): bigint | undefined {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  return undefined;
}

/** Date's range is ±8.64e15 ms (ECMA-262 §21.4.1.1), so seconds beyond ±8.64e12 cannot be a Date. */
const MAX_TIME_S = 8_640_000_000_000n;

/** Time (Core Appendix C) is whole seconds since the Unix epoch; undefined when Date cannot hold it. */
export function dateFromSeconds(seconds: bigint): Date | undefined {
  if (seconds < -MAX_TIME_S || seconds > MAX_TIME_S) return undefined;
  return new Date(Number(seconds) * 1000);
}

/** Whole seconds of a Date (rounding toward the past), undefined for an invalid Date. */
export function secondsFromDate(date: Date): bigint | undefined {
  const ms = date.getTime();
  return Number.isNaN(ms) ? undefined : BigInt(Math.floor(ms / 1000));
}
