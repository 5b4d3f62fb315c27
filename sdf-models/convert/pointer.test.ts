import { describe, expect, it } from 'vitest';
import { expectInvalidInput } from '../../test/support/assertions.js';
import { pointerTokens, sdfPointer } from './pointer.js';

describe('sdfPointer', () => {
  it('joins plain SDF names as they are', () => {
    expect(sdfPointer('sdfObject', 'Device', 'sdfProperty', 'Battery_Level')).toBe('#/sdfObject/Device/sdfProperty/Battery_Level');
  });

  it('escapes ~ and / as RFC 6901 says, then percent-encodes what a URI fragment cannot hold', () => {
    expect(sdfPointer('sdfObject', 'a/b~c')).toBe('#/sdfObject/a~1b~0c');
    expect(sdfPointer('sdfObject', 'warning/danger alarm')).toBe('#/sdfObject/warning~1danger%20alarm');
    expect(sdfPointer('sdfProperty', 'Power_(|+A|)')).toBe('#/sdfProperty/Power_(%7C+A%7C)');
    expect(sdfPointer('sdfProperty', '50%_Zähler#1')).toBe('#/sdfProperty/50%25_Z%C3%A4hler%231');
  });
});

describe('pointerTokens', () => {
  it('reads back every name sdfPointer wrote', () => {
    const names = ['Device', 'a/b~c', '~01', 'warning/danger alarm', 'Power_(|+A|)', '50%_Zähler#1', ''];
    for (const name of names) expect(pointerTokens(sdfPointer('sdfObject', name))).toEqual(['sdfObject', name]);
  });

  it('refuses text that is not a same-document pointer, a bad escape or bad percent-encoding', () => {
    expectInvalidInput(() => pointerTokens('/sdfObject/Device'), /must start with '#\/'/);
    expectInvalidInput(() => pointerTokens('#/sdfObject/a~2'), /'~' must be followed by 0 or 1/);
    expectInvalidInput(() => pointerTokens('#/sdfObject/%E0%A4%A'), /bad percent-encoding/);
  });
});
