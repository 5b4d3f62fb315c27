import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../errors/index.js';
import { fuzzDecoder, inTurn } from '../../test/support/fuzz.js';
import { flipBits, randomBytes, truncate } from '../../test/support/prng.js';
import type { HttpResponse } from './http-message.js';
import { describeRegistryErrors, errorFromResponse, type AuthorizationSent } from './registry-errors.js';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('describeRegistryErrors', () => {
  it('joins the codes and messages of a distribution-spec error body', () => {
    const body = utf8('{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown","detail":{}},{"code":"DENIED"}]}');
    expect(describeRegistryErrors(body)).toBe('MANIFEST_UNKNOWN: manifest unknown; DENIED');
  });

  it('gives nothing for a body that is not an error body, and never throws', () => {
    const seeds = [utf8('{"errors":[{"code":"X","message":"m"}]}')];
    expect(describeRegistryErrors(utf8('<html>502</html>'))).toBeUndefined();
    fuzzDecoder({
      seed: 0xe770,
      runs: 10_000,
      input: (rng, round) => inTurn(round, [() => randomBytes(rng, rng.int(30)), () => truncate(rng, rng.pick(seeds)), () => flipBits(rng, rng.pick(seeds))]),
      decoders: { describeRegistryErrors },
      decodesMoreThan: 9_999,
    });
  });
});

describe('errorFromResponse', () => {
  const answer = (status: number, body = ''): HttpResponse => ({ status, headers: {}, body: utf8(body), url: new URL('http://r.example/v2/') });
  const context = (authorization: AuthorizationSent = { scheme: 'none' }, retries = 0) => ({ registry: 'r.example', repository: 'team/app', subject: 'tag "v1"', authorization, retries });

  it('maps 401 and 403 to NOT_ALLOWED, saying whether credentials were sent', () => {
    expect(errorFromResponse(answer(401), context())).toMatchObject({ code: ERROR_CODES.NOT_ALLOWED, message: expect.stringContaining('no credentials were sent') });
    expect(errorFromResponse(answer(403), context({ scheme: 'basic', username: 'alice' }))).toMatchObject({ code: ERROR_CODES.NOT_ALLOWED, message: expect.stringContaining('user "alice"') });
    expect(errorFromResponse(answer(401), context({ scheme: 'bearer' })).message).toContain('anonymous token');
  });

  it('maps 404 to NOT_FOUND naming what is missing and where', () => {
    const error = errorFromResponse(answer(404, '{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}'), context());
    expect(error).toMatchObject({ code: ERROR_CODES.NOT_FOUND, message: 'tag "v1" not found in r.example/team/app (MANIFEST_UNKNOWN: manifest unknown)' });
  });

  it('maps 429 and 5xx to DEVICE_UNAVAILABLE, counting the retries spent', () => {
    expect(errorFromResponse(answer(503), context({ scheme: 'none' }, 3))).toMatchObject({ code: ERROR_CODES.DEVICE_UNAVAILABLE, message: expect.stringContaining('after 3 retries') });
    expect(errorFromResponse(answer(429), context())).toMatchObject({ code: ERROR_CODES.DEVICE_UNAVAILABLE });
  });

  it('maps 405 to NOT_ALLOWED and other 4xx to INVALID_INPUT with the registry error', () => {
    expect(errorFromResponse(answer(405), context())).toMatchObject({ code: ERROR_CODES.NOT_ALLOWED });
    expect(errorFromResponse(answer(400, '{"errors":[{"code":"MANIFEST_INVALID","message":"bad"}]}'), context())).toMatchObject({ code: ERROR_CODES.INVALID_INPUT, message: expect.stringContaining('MANIFEST_INVALID: bad') });
  });
});
