import { describe, expect, it } from 'vitest';
import { isWorkloadLine } from './device-pod-provider.js';

describe('isWorkloadLine', () => {
  it('keeps the stamped device log lines of one Software Management instance only', () => {
    expect(isWorkloadLine('[00:00:05.000] /9/3 temperature: 21.5', 3)).toBe(true);
    expect(isWorkloadLine('[00:00:05.000] /9/3: instance deleted', 3)).toBe(true);
    expect(isWorkloadLine('[00:00:05.000] /9/31 other: 1', 3)).toBe(false);
    expect(isWorkloadLine('[00:00:05.000] power off', 3)).toBe(false);
    expect(isWorkloadLine('/9/3 temperature: unstamped', 3)).toBe(false);
  });
});
