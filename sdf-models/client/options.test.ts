import { describe, expect, it } from 'vitest';
import { expectInvalidInput } from '../../test/support/assertions.js';
import { resolveSdfClientOptions } from './options.js';

describe('SdfClient options', () => {
  it('fill in documented defaults', () => {
    const options = resolveSdfClientOptions({ url: 'mqtt://127.0.0.1:1883' });
    expect(options).toMatchObject({ protocolVersion: 5, prefix: '', requestTimeoutMs: 5000, reconnectPeriodMs: 1000, connectTimeoutMs: 5000, qos: 1 });
    expect(options.clientId).toMatch(/^farside-sdf-[0-9a-f]{12}$/);
  });

  it('give every client its own default id', () => {
    expect(resolveSdfClientOptions({ url: 'mqtt://x' }).clientId).not.toBe(resolveSdfClientOptions({ url: 'mqtt://x' }).clientId);
  });

  it.each([
    ['a client id with a slash', { clientId: 'a/b' }, /clientId/],
    ['a prefix with a wildcard', { prefix: 'a/+' }, /prefix/],
    ['a prefix with an empty level', { prefix: 'a//b' }, /prefix/],
    ['a negative timeout', { requestTimeoutMs: -1 }, /requestTimeoutMs/],
    ['protocol version 3', { protocolVersion: 3 }, /protocolVersion/],
    ['QoS 2', { qos: 2 }, /qos/],
  ])('refuse %s, naming the option', (_why, bad, message) => {
    expectInvalidInput(() => resolveSdfClientOptions({ url: 'mqtt://x', ...(bad as object) }), message);
  });

  it('refuse a missing URL', () => {
    expectInvalidInput(() => resolveSdfClientOptions({ url: '' }), /url/);
  });
});
