import { describe, expect, it } from 'vitest';
import { SOFTWARE_UPDATE_RESULT, UPDATE_RESULT_TEXT, explainUpdateResult, isUpdateFailure, updateResultWords, updateStateName } from './software-management-codes.js';

describe('Software Management codes in words', () => {
  it('explains an Update Result with its number, the OMA words and what it means for the workload', () => {
    expect(explainUpdateResult(51)).toBe('51 out of memory (the workload needs more RAM than the device has)');
    expect(explainUpdateResult(50)).toBe('50 not enough storage (the package needs more flash than the device has free)');
    expect(explainUpdateResult(3)).toBe('3 downloaded and verified');
    expect(explainUpdateResult(77)).toBe('77 unknown result');
    expect(updateResultWords(53)).toBe('integrity check failure');
  });

  it('has words for every Update Result OMA defines, and a reason for every failure', () => {
    for (const code of Object.values(SOFTWARE_UPDATE_RESULT)) {
      expect(UPDATE_RESULT_TEXT[code]?.words).toBeTruthy();
      expect(UPDATE_RESULT_TEXT[code]?.why !== undefined).toBe(isUpdateFailure(code));
    }
  });

  it('names the Update States as OMA does', () => {
    expect([0, 1, 2, 3, 4].map(updateStateName)).toEqual(['INITIAL', 'DOWNLOAD STARTED', 'DOWNLOADED', 'DELIVERED', 'INSTALLED']);
    expect(updateStateName(9)).toBe('UNKNOWN');
  });
});
