import { describe, expect, it } from 'vitest';
import { expectInvalidInput } from '../../test/support/assertions.js';
import { formatCreated, isRfc3339 } from './created.js';

describe('created annotation', () => {
  it('is written in whole seconds, UTC, with a Z, like Go time.RFC3339', () => {
    expect(formatCreated(new Date('2024-05-01T14:00:00.789+02:00'))).toBe('2024-05-01T12:00:00Z');
  });

  it('refuses an invalid date', () => {
    expectInvalidInput(() => formatCreated(new Date('not a date')), /valid date/);
    expectInvalidInput(() => formatCreated(new Date(Date.UTC(10_000, 0, 1))), /RFC 3339/);
  });

  it('accepts what Go time.Parse(time.RFC3339) accepts', () => {
    expect(isRfc3339('2024-05-01T12:00:00Z')).toBe(true);
    expect(isRfc3339('2024-02-29T23:59:59.123456789+05:30')).toBe(true);
    expect(isRfc3339('2000-02-29T00:00:00-00:00')).toBe(true);
  });

  it('refuses dates Go would refuse', () => {
    for (const text of ['2024-05-01 12:00:00Z', '2024-05-01t12:00:00z', '2023-02-29T00:00:00Z', '2024-13-01T00:00:00Z', '2024-05-01T24:00:00Z', '2024-05-01T12:00:00+24:00', '2024-05-01T12:00Z', 'yesterday']) {
      expect(isRfc3339(text), text).toBe(false);
    }
  });
});
