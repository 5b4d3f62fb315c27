import { describe, expect, it } from 'vitest';
import { linesAfter, parseDeviceLogLine, rfc3339Nano } from './log-lines.js';

describe('device log lines', () => {
  it('splits off the uptime stamp and the workload prefix', () => {
    expect(parseDeviceLogLine('[01:02:03.456] /9/3 temperature: 21.5 C: fine')).toEqual({ uptimeMs: 3_723_456, instance: 3, text: '21.5 C: fine' });
    expect(parseDeviceLogLine('[123:00:00.000] power off')).toEqual({ uptimeMs: 123 * 3_600_000, instance: undefined, text: 'power off' });
    expect(parseDeviceLogLine('no stamp here')).toEqual({ uptimeMs: undefined, instance: undefined, text: 'no stamp here' });
    // An instance with no package yet has no name in its prefix.
    expect(parseDeviceLogLine('[00:00:01.000] /9/12: instance deleted')).toEqual({ uptimeMs: 1_000, instance: 12, text: 'instance deleted' });
  });

  it('finds the lines after the last one sent even when the ring dropped old ones', () => {
    expect(linesAfter([], ['a', 'b'])).toEqual(['a', 'b']);
    expect(linesAfter(['a', 'b', 'c'], ['b', 'c', 'd'])).toEqual(['d']);
    expect(linesAfter(['a', 'b', 'c'], ['a', 'b', 'c'])).toEqual([]);
    expect(linesAfter(['x', 'y'], ['p', 'q'])).toEqual(['p', 'q']);
  });

  it('tells a repeated line from the one last sent by the lines before it', () => {
    expect(linesAfter(['a', 'tick', 'b', 'tick'], ['b', 'tick', 'c', 'tick'])).toEqual(['c', 'tick']);
  });

  it('formats times as Go RFC3339Nano does, without trailing zeros', () => {
    expect(rfc3339Nano(Date.parse('2025-06-01T12:00:00.000Z'))).toBe('2025-06-01T12:00:00Z');
    expect(rfc3339Nano(Date.parse('2025-06-01T12:00:00.120Z'))).toBe('2025-06-01T12:00:00.12Z');
  });
});
