import { describe, expect, it } from 'vitest';
import { fuzzDecoder, inTurn } from '../../test/support/fuzz.js';
import { flipBits, randomBytes, truncate } from '../../test/support/prng.js';
import { DEFAULT_TOKEN_LIFETIME_S, parseTokenResponse } from './token-response.js';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('parseTokenResponse', () => {
  it('reads token and expires_in', () => {
    expect(parseTokenResponse(utf8('{"token":"abc.def.ghi","expires_in":300,"issued_at":"2026-01-01T00:00:00Z"}'))).toEqual({ token: 'abc.def.ghi', expiresInS: 300 });
  });

  it('takes the OAuth2 access_token name, and the spec default lifetime when none is given', () => {
    expect(parseTokenResponse(utf8('{"access_token":"t"}'))).toEqual({ token: 't', expiresInS: DEFAULT_TOKEN_LIFETIME_S });
  });

  it.each(['', 'null', '{}', '{"token":""}', '{"token":"has space"}', '{"token":"t","expires_in":-1}', '{"token":5}'])('refuses %j', (body) => {
    expect(() => parseTokenResponse(utf8(body))).toThrow(expect.objectContaining({ code: 'FARSIDE_ERR_INVALID_INPUT' }));
  });

  it('returns a token or throws FARSIDE_ERR_INVALID_INPUT on 10,000 seeded bodies', () => {
    const seeds = [utf8('{"token":"abc","expires_in":60}'), utf8('{"access_token":"x.y.z"}')];
    fuzzDecoder({
      seed: 0x70ce,
      runs: 10_000,
      input: (rng, round) => inTurn(round, [() => randomBytes(rng, rng.int(40), utf8('{}":,token_expires in0123')), () => truncate(rng, rng.pick(seeds)), () => flipBits(rng, rng.pick(seeds))]),
      decoders: { parseTokenResponse },
      decodesMoreThan: 300,
    });
  });
});
