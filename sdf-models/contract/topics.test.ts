import { describe, expect, it } from 'vitest';
import { ERROR_CODES, isFarsideError } from '../../errors/index.js';
import {
  announceTopic,
  formatSdfTopic,
  isValidThingName,
  isValidTopicPrefix,
  parseSdfTopic,
  requestSubscriptions,
  RESERVED_TOPICS,
  thingsTopic,
  unregisterTopic,
  type SdfTopic,
} from './topics.js';

const examples: readonly [string, SdfTopic][] = [
  ['dev1', { level: 'thing', thing: 'dev1' }],
  ['dev1/Device', { level: 'object', thing: 'dev1', object: 'Device' }],
  ['dev1/LWM2M_Software_Management/0', { level: 'instance', thing: 'dev1', object: 'LWM2M_Software_Management', instance: '0' }],
  ['dev1/Temperature/2/Property/Sensor_Value', { level: 'property', thing: 'dev1', object: 'Temperature', instance: '2', property: 'Sensor_Value' }],
  ['dev1/Device/0/Action/Reboot', { level: 'action', thing: 'dev1', object: 'Device', instance: '0', action: 'Reboot' }],
  ['urn:dev:ops:32473-x 1/Device/0', { level: 'instance', thing: 'urn:dev:ops:32473-x 1', object: 'Device', instance: '0' }],
];

describe('SDF topics', () => {
  it.each(examples)('parses %s and formats it back to the same topic', (topic, parsed) => {
    expect(parseSdfTopic(topic)).toEqual(parsed);
    expect(formatSdfTopic(parsed)).toBe(topic);
  });

  it.each(examples)('parses and formats %s under a multi-level prefix', (topic, parsed) => {
    expect(parseSdfTopic(`site/a/${topic}`, 'site/a')).toEqual(parsed);
    expect(formatSdfTopic(parsed, 'site/a')).toBe(`site/a/${topic}`);
  });

  it('treats an empty prefix as no prefix', () => {
    expect(parseSdfTopic('dev1/Device', '')).toEqual({ level: 'object', thing: 'dev1', object: 'Device' });
    expect(formatSdfTopic({ level: 'thing', thing: 'dev1' }, '')).toBe('dev1');
  });

  it('returns undefined for a topic outside the prefix', () => {
    expect(parseSdfTopic('other/dev1', 'site')).toBeUndefined();
    expect(parseSdfTopic('site', 'site')).toBeUndefined();
    expect(parseSdfTopic('siteX/dev1', 'site')).toBeUndefined();
  });

  it.each(['announce', 'unregister', 'things', 'p/announce'])('does not take the reserved topic %s for a thing', (topic) => {
    expect(parseSdfTopic(topic, topic.startsWith('p/') ? 'p' : undefined)).toBeUndefined();
  });

  it('still allows reserved words below the thing level', () => {
    expect(parseSdfTopic('dev1/things/announce')).toEqual({ level: 'instance', thing: 'dev1', object: 'things', instance: 'announce' });
  });

  it.each([
    ['an empty topic', ''],
    ['a wildcard thing', '+/Device'],
    ['a multi-level wildcard', 'dev1/#'],
    ['a wildcard inside a name', 'dev+1/Device/0'],
    ['an empty level', 'dev1//0'],
    ['a trailing slash', 'dev1/Device/'],
    ['a leading slash', '/dev1'],
    ['four levels', 'dev1/Device/0/Property'],
    ['six levels', 'dev1/Device/0/Property/x/y'],
    ['an unknown affordance', 'dev1/Device/0/Event/x'],
    ['a lower-case affordance', 'dev1/Device/0/property/x'],
    ['a thing starting with $', '$SYS/broker'],
    ['a NUL character', 'dev\u00001'],
  ])('rejects %s', (_why, topic) => {
    expect(parseSdfTopic(topic)).toBeUndefined();
  });

  it.each<[string, SdfTopic]>([
    ['a reserved thing name', { level: 'thing', thing: RESERVED_TOPICS.THINGS }],
    ['an empty thing name', { level: 'thing', thing: '' }],
    ['a slash in an object name', { level: 'object', thing: 'd', object: 'a/b' }],
    ['a wildcard in an instance', { level: 'instance', thing: 'd', object: 'o', instance: '+' }],
    ['a hash in a property', { level: 'property', thing: 'd', object: 'o', instance: '0', property: '#' }],
    ['an empty action', { level: 'action', thing: 'd', object: 'o', instance: '0', action: '' }],
  ])('refuses to format a topic with %s', (_why, topic) => {
    let caught: unknown;
    try {
      formatSdfTopic(topic);
    } catch (err) {
      caught = err;
    }
    expect(isFarsideError(caught, ERROR_CODES.INVALID_INPUT)).toBe(true);
  });

  it('refuses to format under an invalid prefix', () => {
    expect(() => formatSdfTopic({ level: 'thing', thing: 'd' }, 'a/+')).toThrow(/prefix/);
    expect(isValidTopicPrefix('a//b')).toBe(false);
    expect(isValidTopicPrefix('a/b')).toBe(true);
  });

  it('accepts thing names with any character except + # / and NUL, and refuses reserved ones', () => {
    expect(isValidThingName('node-1.example:x y')).toBe(true);
    for (const name of ['', 'a+b', 'a#b', 'a/b', 'announce', 'unregister', 'things', '$dev']) expect(isValidThingName(name)).toBe(false);
  });

  it('builds the announce, unregister and things topics with and without a prefix', () => {
    expect([announceTopic(), unregisterTopic(), thingsTopic()]).toEqual(['announce', 'unregister', 'things']);
    expect([announceTopic('p'), unregisterTopic('p'), thingsTopic('p')]).toEqual(['p/announce', 'p/unregister', 'p/things']);
  });

  it('subscribes a gateway to one filter per request depth, covering things with the single-level one', () => {
    expect(requestSubscriptions()).toEqual(['+', '+/+', '+/+/+', '+/+/+/+/+']);
    expect(requestSubscriptions('farside')).toEqual(['farside/+', 'farside/+/+', 'farside/+/+/+', 'farside/+/+/+/+/+']);
  });
});
