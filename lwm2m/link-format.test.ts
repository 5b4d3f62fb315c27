import { describe, expect, it } from 'vitest';
import { expectInvalidInput } from '../test/support/assertions.js';
import { fuzzDecoder, inTurn } from '../test/support/fuzz.js';
import { editText, truncate } from '../test/support/prng.js';
import { formatLinkFormat, MAX_LINK_FORMAT_CHARS, parseLinkFormat, type Link } from './link-format.js';

describe('parseLinkFormat', () => {
  it('reads the LwM2M 1.1 root link with a quoted rt and a bare ct', () => {
    expect(parseLinkFormat('</>;rt="oma.lwm2m";ct=110')).toEqual([{ uri: '/', params: { rt: 'oma.lwm2m', ct: '110' } }]);
  });

  it('reads a registration object list with versions', () => {
    expect(parseLinkFormat('</1/0>,</3/0>;ver=1.1,</3303>;ver=1.0,</3303/0>')).toEqual([
      { uri: '/1/0', params: {} },
      { uri: '/3/0', params: { ver: '1.1' } },
      { uri: '/3303', params: { ver: '1.0' } },
      { uri: '/3303/0', params: {} },
    ]);
  });

  it('keeps commas and semicolons inside quoted values and unescapes backslashes', () => {
    expect(parseLinkFormat('</a>;title="x, y; z",</b>;title="say \\"hi\\" \\\\ bye"')).toEqual([
      { uri: '/a', params: { title: 'x, y; z' } },
      { uri: '/b', params: { title: 'say "hi" \\ bye' } },
    ]);
  });

  it('reads parameters without a value as true', () => {
    expect(parseLinkFormat('</3/0/13>;obs;pmin=10')).toEqual([{ uri: '/3/0/13', params: { obs: true, pmin: '10' } }]);
  });

  it('allows whitespace and line breaks between links and around ;', () => {
    expect(parseLinkFormat('  </1/0> ,\r\n\t</3/0> ; ver=1.1 ;\n obs \n')).toEqual([
      { uri: '/1/0', params: {} },
      { uri: '/3/0', params: { ver: '1.1', obs: true } },
    ]);
  });

  it('keeps discover attributes as parameter strings', () => {
    expect(parseLinkFormat('</3303/0/5700>;dim=2;pmin=10;pmax=60;gt=50.5;lt=-3;st=0.5;ver=1.0')).toEqual([
      { uri: '/3303/0/5700', params: { dim: '2', pmin: '10', pmax: '60', gt: '50.5', lt: '-3', st: '0.5', ver: '1.0' } },
    ]);
  });

  it('returns no links for empty or blank text', () => {
    expect(parseLinkFormat('')).toEqual([]);
    expect(parseLinkFormat(' \n ')).toEqual([]);
  });

  it('lower-cases parameter names and keeps only the first of repeated parameters (RFC 8288 §3)', () => {
    expect(parseLinkFormat('</a>;RT="x";rt="y";Ver=1.0')).toEqual([{ uri: '/a', params: { rt: 'x', ver: '1.0' } }]);
  });

  it('keeps a parameter named __proto__ as plain data', () => {
    const [link] = parseLinkFormat('</a>;__proto__=x');
    expect(Object.getPrototypeOf(link?.params)).toBe(Object.prototype);
    expect(Object.hasOwn(link?.params ?? {}, '__proto__')).toBe(true);
  });

  it('accepts an empty link target and an empty quoted value', () => {
    expect(parseLinkFormat('<>;title=""')).toEqual([{ uri: '', params: { title: '' } }]);
  });

  it.each([
    ['a missing <', '/1/0>'],
    ['an unterminated <', '</1/0'],
    ['text after a link', '</1/0>x'],
    ['a trailing comma', '</1/0>,'],
    ['an empty link between commas', '</1/0>,,</2>'],
    ['a space inside the target', '</1 /0>'],
    ['a quote inside the target', '</1"/0>'],
    ['an empty parameter name', '</1>;=5'],
    ['a parameter with = but no value', '</1>;ct='],
    ['an unterminated quoted value', '</1>;rt="oma'],
    ['a trailing backslash in a quoted value', '</1>;rt="oma\\'],
    ['a newline inside a quoted value', '</1>;rt="a\nb"'],
    ['a space inside a bare value', '</1>;ct=60 110'],
    ['a bare value with a quote inside', '</1>;ct=6"0'],
    ['a missing comma', '</1></2>'],
  ])('rejects %s', (_name, text) => {
    expectInvalidInput(() => parseLinkFormat(text));
  });

  it(`rejects text longer than ${MAX_LINK_FORMAT_CHARS} characters`, () => {
    const link = '</65534/65534>,';
    const text = link.repeat(Math.ceil(MAX_LINK_FORMAT_CHARS / link.length) + 1).slice(0, -1);
    expectInvalidInput(() => parseLinkFormat(text));
    expect(parseLinkFormat(text.slice(0, MAX_LINK_FORMAT_CHARS - (MAX_LINK_FORMAT_CHARS % link.length) - 1))).not.toHaveLength(0);
  });
});

describe('formatLinkFormat', () => {
  it('writes the root link with rt quoted and a single ct bare', () => {
    expect(formatLinkFormat([{ uri: '/', params: { rt: 'oma.lwm2m', ct: '110' } }])).toBe('</>;rt="oma.lwm2m";ct=110');
  });

  it('quotes values that are not tokens and escapes quotes and backslashes', () => {
    const links: Link[] = [
      { uri: '/lwm2m', params: { rt: 'oma.lwm2m', ct: '60 110 112 11542' } },
      { uri: '/a', params: { title: 'x, "y"; \\z', obs: true, empty: '' } },
    ];
    const text = formatLinkFormat(links);
    expect(text).toBe('</lwm2m>;rt="oma.lwm2m";ct="60 110 112 11542",</a>;title="x, \\"y\\"; \\\\z";obs;empty=""');
    expect(parseLinkFormat(text)).toEqual(links);
  });

  it('writes registration and discover links without quotes where tokens suffice', () => {
    const links: Link[] = [
      { uri: '/3/0', params: { ver: '1.1' } },
      { uri: '/3303/0/5700', params: { pmin: '10', gt: '-2.5' } },
    ];
    expect(formatLinkFormat(links)).toBe('</3/0>;ver=1.1,</3303/0/5700>;pmin=10;gt=-2.5');
  });

  it('writes nothing for no links', () => {
    expect(formatLinkFormat([])).toBe('');
  });

  it('rejects targets, names and values the grammar cannot hold', () => {
    expectInvalidInput(() => formatLinkFormat([{ uri: '/a>b', params: {} }]));
    expectInvalidInput(() => formatLinkFormat([{ uri: '/a b', params: {} }]));
    expectInvalidInput(() => formatLinkFormat([{ uri: '/a', params: { 'bad name': '1' } }]));
    expectInvalidInput(() => formatLinkFormat([{ uri: '/a', params: { title: 'line\nbreak' } }]));
  });
});

describe('link format: fuzz', () => {
  it('only ever throws FARSIDE_ERR_INVALID_INPUT on 10,000 random and mutated texts, and what it parses formats back the same', () => {
    const samples = [
      '</lwm2m>;rt="oma.lwm2m";ct="60 110 112 11542",</lwm2m/1>;ver=1.1,</lwm2m/1/0>,</lwm2m/3/0>',
      '</1/0>,</3/0>;ver=1.1,</3303>;ver=1.0,</3303/0>',
      '</3303/0/5700>;dim=2;pmin=10;pmax=60;gt=50.5;obs,</a>;title="x, \\"y\\";z"',
    ];
    const alphabet = '<>/;,="\\ \n\tabc019.-_*~é';
    fuzzDecoder({
      seed: 0x11f0,
      runs: 10_000,
      input: (rng, round) => {
        const sample = rng.pick(samples);
        return inTurn(round, [
          // Mostly link-format syntax, with now and then any character of the first 12,288.
          () => Array.from({ length: rng.int(40) }, () => (rng.int(10) === 0 ? String.fromCharCode(rng.int(0x3000)) : rng.pick(alphabet))).join(''),
          () => truncate(rng, sample),
          () => editText(rng, sample, alphabet),
        ]);
      },
      decoders: { parseLinkFormat: (text) => parseLinkFormat(text) },
      check: (links) => expect(parseLinkFormat(formatLinkFormat(links))).toEqual(links),
      decodesMoreThan: 1000,
    });
  });
});
