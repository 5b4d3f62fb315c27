import { invalidInput } from '../../errors/index.js';

/**
 * `org.opencontainers.image.created` as ORAS writes it: oras-go's
 * ensureAnnotationCreated formats `time.Now().UTC()` with Go's time.RFC3339 layout,
 * i.e. whole seconds and a `Z` (`2024-05-01T12:00:00Z`).
 */
export function formatCreated(date: Date): string {
  const time = date instanceof Date ? date.getTime() : Number.NaN;
  if (!Number.isFinite(time)) throw invalidInput('created is not a valid date');
  const iso = new Date(time).toISOString();
  if (!/^\d{4}-/.test(iso)) throw invalidInput(`created ${iso} is outside the years 0000-9999 RFC 3339 can write`);
  return iso.replace(/\.\d{3}Z$/, 'Z');
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:Z|[+-](\d{2}):(\d{2}))$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
}

/**
 * What Go's `time.Parse(time.RFC3339, text)` accepts, which is how oras-go checks a
 * caller-supplied created annotation (upper-case T and Z, optional fraction, fields in range).
 */
export function isRfc3339(text: string): boolean {
  const match = RFC3339.exec(text);
  if (!match) return false;
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, offsetHour = 0, offsetMinute = 0] = match
    .slice(1)
    .map((part) => (part === undefined ? 0 : Number(part)));
  return day >= 1 && day <= daysInMonth(year, month) && hour < 24 && minute < 60 && second < 60 && offsetHour < 24 && offsetMinute < 60;
}
