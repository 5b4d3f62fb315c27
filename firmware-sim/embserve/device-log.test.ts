import { describe, expect, it } from 'vitest';
import { MAX_LOG_LINE_CHARS, RingDeviceLog, uptimeStamp } from './device-log.js';

describe('the device log', () => {
  it('stamps each line with the device uptime as [hh:mm:ss.mmm]', () => {
    let uptime = 0;
    const log = new RingDeviceLog({ uptimeMs: () => uptime });
    log.write('boot');
    uptime = 3_723_004;
    log.write('later');
    expect(log.recent(5)).toEqual(['[00:00:00.000] boot', '[01:02:03.004] later']);
    expect(uptimeStamp(101 * 3_600_000)).toBe('[101:00:00.000]');
  });

  it('keeps only the newest lines once full, oldest first', () => {
    const log = new RingDeviceLog({ uptimeMs: () => 0, capacity: 3 });
    for (let i = 1; i <= 5; i++) log.write(`line ${i}`);
    expect(log.recent(10).map((l) => l.slice(15))).toEqual(['line 3', 'line 4', 'line 5']);
    expect(log.recent(2).map((l) => l.slice(15))).toEqual(['line 4', 'line 5']);
  });

  it('returns nothing for a count below one and nothing before the first line', () => {
    const log = new RingDeviceLog({ uptimeMs: () => 0 });
    expect(log.recent(5)).toEqual([]);
    log.write('x');
    expect([log.recent(0), log.recent(-1), log.recent(0.5), log.recent(Number.NaN)]).toEqual([[], [], [], []]);
  });

  it('splits multi-line text into lines and cuts overlong ones', () => {
    const log = new RingDeviceLog({ uptimeMs: () => 0 });
    log.write('a\nb\r\nc');
    log.write('x'.repeat(1000));
    const lines = log.recent(4);
    expect(lines.slice(0, 3).map((l) => l.slice(15))).toEqual(['a', 'b', 'c']);
    expect(lines[3]?.slice(15)).toHaveLength(MAX_LOG_LINE_CHARS);
  });
});
