import { describe, expect, it } from 'vitest';
import { fuzzDecoder, inTurn } from '../../test/support/fuzz.js';
import { editText, randomText, truncate } from '../../test/support/prng.js';
import { parseAuthChallenge } from './challenge.js';

describe('parseAuthChallenge', () => {
  it('reads a Bearer challenge with realm, service and scope', () => {
    const challenge = parseAuthChallenge('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/alpine:pull"');
    expect(challenge).toEqual({ scheme: 'bearer', params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/alpine:pull' } });
  });

  it('reads a Basic challenge, lower-casing scheme and parameter names', () => {
    expect(parseAuthChallenge('BASIC Realm="farside test"')).toEqual({ scheme: 'basic', params: { realm: 'farside test' } });
  });

  it('unescapes quoted strings and accepts unquoted tokens and spaces around "="', () => {
    const challenge = parseAuthChallenge('Bearer realm = "a\\"b" , error=insufficient_scope');
    expect(challenge.params).toEqual({ realm: 'a"b', error: 'insufficient_scope' });
  });

  it('keeps the first challenge when the header offers several', () => {
    expect(parseAuthChallenge('Basic realm="r1", Bearer realm="r2"')).toEqual({ scheme: 'basic', params: { realm: 'r1' } });
  });

  it('treats a parameter called __proto__ as a plain parameter', () => {
    expect(parseAuthChallenge('Bearer __proto__="x"').params.__proto__).toBe('x');
  });

  it.each(['', '   ', '"Bearer"', 'Bearer realm="unterminated', 'Bearer realm=', 'Bearer =x'])('refuses %j', (header) => {
    expect(() => parseAuthChallenge(header)).toThrow(expect.objectContaining({ code: 'FARSIDE_ERR_INVALID_INPUT' }));
  });

  it('returns a challenge or throws FARSIDE_ERR_INVALID_INPUT on 10,000 seeded inputs', () => {
    const seeds = ['Bearer realm="https://a/token",service="s",scope="repository:a:pull,push"', 'Basic realm="r"', 'Bearer error="invalid_token"'];
    fuzzDecoder({
      seed: 0xc4a1,
      runs: 10_000,
      input: (rng, round) => inTurn(round, [() => randomText(rng, rng.int(60), 'Bearer realm="\\,= :/'), () => truncate(rng, rng.pick(seeds)), () => editText(rng, rng.pick(seeds), '"\\,= x')]),
      decoders: { parseAuthChallenge },
      decodesMoreThan: 3_000,
    });
  });
});
