import { describe, expect, it } from 'vitest';
import { isFarsideError } from './errors.js';
import { formatPath, isPathWithin, parsePath, pathsEqual } from './path.js';

describe('LwM2M paths', () => {
  it.each([
    ['/', []],
    ['/3', [3]],
    ['/3/0', [3, 0]],
    ['/3/0/9', [3, 0, 9]],
    ['/3/0/11/1', [3, 0, 11, 1]],
    ['3/0/9', [3, 0, 9]],
    ['/3303/0/5700/', [3303, 0, 5700]],
    ['/65534', [65534]],
  ])('parses %s', (text, path) => {
    expect(parsePath(text)).toEqual(path);
  });

  it.each(['/3/0/9/1/2', '/a', '/3//9', '/-1', '/65535', '/3/0.5', '/3/ 0', '/999999', '//'])('refuses %s with a clear invalid-input error', (text) => {
    expect(() => parsePath(text)).toThrow(/LwM2M path/);
    try {
      parsePath(text);
    } catch (err) {
      expect(isFarsideError(err, 'FARSIDE_ERR_INVALID_INPUT')).toBe(true);
    }
  });

  it('formats back to the canonical text', () => {
    expect(formatPath([3, 0, 11, 1])).toBe('/3/0/11/1');
    expect(formatPath([])).toBe('/');
  });

  it('compares paths and tells when one lies within another', () => {
    expect(pathsEqual([3, 0], [3, 0])).toBe(true);
    expect(pathsEqual([3, 0], [3, 0, 1])).toBe(false);
    expect(isPathWithin([3, 0, 9], [3])).toBe(true);
    expect(isPathWithin([3, 0, 9], [3, 0, 9])).toBe(true);
    expect(isPathWithin([3, 1, 9], [3, 0])).toBe(false);
    expect(isPathWithin([3], [3, 0])).toBe(false);
  });
});
