import { describe, expect, it } from 'vitest';
import { expectInvalidInput } from '../test/support/assertions.js';
import { fuzzDecoder } from '../test/support/fuzz.js';
import { editText } from '../test/support/prng.js';
import { formatLinkFormat, linksFromObjects, objectsFromLinks, parseLinkFormat, type RegisteredObjects } from './link-format.js';

function objectsFromText(text: string): RegisteredObjects {
  return objectsFromLinks(parseLinkFormat(text));
}

describe('objectsFromLinks', () => {
  it('reads objects, versions and instances with the default root path', () => {
    expect(objectsFromText('</1/0>,</3/0>;ver=1.1,</3303>;ver=1.0,</3303/0>')).toEqual({
      rootPath: '/',
      objects: new Map([
        [1, { instances: [0] }],
        [3, { version: '1.1', instances: [0] }],
        [3303, { version: '1.0', instances: [0] }],
      ]),
    });
  });

  it('reads an alternate root path and its content formats from the rt="oma.lwm2m" link', () => {
    expect(objectsFromText('</lwm2m>;rt="oma.lwm2m";ct=11543,</lwm2m/1/101>,</lwm2m/3/0>')).toEqual({
      rootPath: '/lwm2m',
      objects: new Map([
        [1, { instances: [101] }],
        [3, { instances: [0] }],
      ]),
      supportedFormats: [11543],
    });
  });

  it('reads a quoted list of content formats', () => {
    expect(objectsFromText('</>;rt="oma.lwm2m";ct="60 110 112 11542",</3/0>').supportedFormats).toEqual([60, 110, 112, 11542]);
  });

  it('reads formats from a plain </> link as LwM2M 1.0 clients send it', () => {
    const registered = objectsFromText('</>;ct=11543,</3/0>');
    expect(registered.rootPath).toBe('/');
    expect(registered.supportedFormats).toEqual([11543]);
    expect([...registered.objects.keys()]).toEqual([3]);
  });

  it('finds the root link wherever it appears in the list', () => {
    expect(objectsFromText('</dm/3/0>,</dm/>;rt="oma.lwm2m"').rootPath).toBe('/dm');
  });

  it('treats an object link without instances as a supported object with none', () => {
    expect(objectsFromText('</5>,</3/0>').objects.get(5)).toEqual({ instances: [] });
  });

  it('sorts objects and instances and drops repeated instance links', () => {
    const registered = objectsFromText('</3303/2>,</3303/0>,</1/0>,</3303/2>');
    expect([...registered.objects]).toEqual([
      [1, { instances: [0] }],
      [3303, { instances: [0, 2] }],
    ]);
  });

  it('accepts a version given on an instance link', () => {
    expect(objectsFromText('</3303/0>;ver=1.1').objects.get(3303)).toEqual({ version: '1.1', instances: [0] });
  });

  it('reads an empty list as no objects', () => {
    expect(objectsFromLinks([])).toEqual({ rootPath: '/', objects: new Map() });
  });

  it.each([
    ['a path deeper than an instance', '</3/0/1>'],
    ['a non-numeric path', '</abc>'],
    ['a non-numeric instance', '</3/x>'],
    ['an id above 65534', '</65535/0>'],
    ['a link outside the alternate root', '</lwm2m>;rt="oma.lwm2m",</3/0>'],
    ['a link that only shares a prefix with the root', '</lwm2m>;rt="oma.lwm2m",</lwm2mx/3/0>'],
    ['two root links', '</a>;rt="oma.lwm2m",</b>;rt="oma.lwm2m"'],
    ['a relative root path', '<lwm2m>;rt="oma.lwm2m"'],
    ['a root path with a query', '</lwm2m?x>;rt="oma.lwm2m"'],
    ['a ct that is not a number list', '</>;rt="oma.lwm2m";ct="json"'],
    ['a ct above 65535', '</>;rt="oma.lwm2m";ct=70000'],
    ['a ct without a value', '</>;rt="oma.lwm2m";ct'],
    ['a malformed version', '</3>;ver=one'],
    ['conflicting versions', '</3>;ver=1.0,</3/0>;ver=1.1'],
    ['a trailing slash on an object link', '</3/>'],
  ])('rejects %s', (_name, text) => {
    expectInvalidInput(() => objectsFromText(text));
  });
});

describe('linksFromObjects', () => {
  it('writes versioned objects as an object link followed by instance links', () => {
    const registered: RegisteredObjects = {
      rootPath: '/',
      objects: new Map([
        [3, { instances: [0] }],
        [1, { version: '1.1', instances: [0] }],
        [5, { instances: [] }],
      ]),
    };
    expect(formatLinkFormat(linksFromObjects(registered))).toBe('</1>;ver=1.1,</1/0>,</3/0>,</5>');
  });

  it('writes a root link for an alternate root path and content formats', () => {
    const registered: RegisteredObjects = { rootPath: '/lwm2m', objects: new Map([[3, { instances: [0] }]]), supportedFormats: [110, 112] };
    expect(formatLinkFormat(linksFromObjects(registered))).toBe('</lwm2m>;rt="oma.lwm2m";ct="110 112",</lwm2m/3/0>');
  });

  it('writes a root link for the default root only when formats are listed', () => {
    const objects = new Map([[3, { instances: [0] }]]);
    expect(formatLinkFormat(linksFromObjects({ rootPath: '/', objects, supportedFormats: [110] }))).toBe('</>;rt="oma.lwm2m";ct=110,</3/0>');
    expect(formatLinkFormat(linksFromObjects({ rootPath: '/', objects }))).toBe('</3/0>');
  });

  it.each<[string, RegisteredObjects]>([
    ['a fuller registration', {
      rootPath: '/lwm2m',
      objects: new Map([
        [1, { version: '1.1', instances: [0, 1] }],
        [3, { instances: [0] }],
        [19, { instances: [] }],
        [35001, { version: '1.0', instances: [] }],
      ]),
      supportedFormats: [60, 110, 112, 11542],
    }],
    ['a bare registration', { rootPath: '/', objects: new Map([[3303, { instances: [0, 65534] }]]) }],
  ])('round-trips %s through link-format text', (_name, registered) => {
    expect(objectsFromText(formatLinkFormat(linksFromObjects(registered)))).toEqual(registered);
  });

  it.each<[string, RegisteredObjects]>([
    ['a relative root path', { rootPath: 'lwm2m', objects: new Map() }],
    ['an object id above 65534', { rootPath: '/', objects: new Map([[65535, { instances: [] }]]) }],
    ['a negative instance id', { rootPath: '/', objects: new Map([[3, { instances: [-1] }]]) }],
    ['a malformed version', { rootPath: '/', objects: new Map([[3, { version: 'v1', instances: [0] }]]) }],
    ['a content format out of range', { rootPath: '/', objects: new Map(), supportedFormats: [1e6] }],
  ])('rejects %s', (_name, registered) => {
    expectInvalidInput(() => linksFromObjects(registered));
  });
});

describe('registration links: fuzz', () => {
  it('only ever throws FARSIDE_ERR_INVALID_INPUT on 10,000 mutated registration payloads, and what it reads writes back the same', () => {
    const samples = [
      '</lwm2m>;rt="oma.lwm2m";ct="60 110 112 11542",</lwm2m/1>;ver=1.1,</lwm2m/1/0>,</lwm2m/3/0>,</lwm2m/5>',
      '</>;ct=11543,</1/0>,</3/0>;ver=1.1,</3303>;ver=1.0,</3303/0>,</3303/1>',
    ];
    const alphabet = '<>/;,="0123456789. lwm2rtvec';
    fuzzDecoder({
      seed: 0x5eed,
      runs: 10_000,
      input: (rng) => editText(rng, rng.pick(samples), alphabet),
      decoders: { objectsFromText },
      check: (registered) => expect(objectsFromLinks(linksFromObjects(registered))).toEqual(registered),
      decodesMoreThan: 1000,
    });
  });
});
