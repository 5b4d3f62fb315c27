import { describe, expect, it } from 'vitest';
import { CORTEX_M3_QEMU_PROFILE, ObjectTree } from '../objects/index.js';
import { MemoryBudget } from './memory-budget.js';
import { models } from './test-fixture.js';

describe('the memory budget', () => {
  it('gives workloads what the firmware leaves and refuses more, changing nothing', () => {
    const budget = new MemoryBudget(new ObjectTree({ models }), CORTEX_M3_QEMU_PROFILE);
    expect(budget.workloadRamCapacity).toBe(24 * 1024);
    expect(budget.reserveRam(1, 20 * 1024)).toBe(true);
    expect(budget.reserveRam(2, 5 * 1024)).toBe(false);
    expect(budget.reserveRam(2, -1)).toBe(false);
    expect(budget.report()).toEqual({ ramTotal: 64 * 1024, ramFree: 4 * 1024, flashTotal: 256 * 1024, flashFree: 88 * 1024 });
    budget.releaseRam(1);
    expect(budget.report().ramFree).toBe(24 * 1024);
    expect(budget.reserveFlash(1, 88 * 1024)).toBe(true);
    expect(budget.reserveFlash(2, 1)).toBe(false);
    expect(budget.flashHeldBy(1)).toBe(88 * 1024);
  });
});
