import { afterEach, describe, expect, it } from 'vitest';
import { isFarsideError } from '../errors.js';
import type { CoapPeer } from './coap-message.js';
import { CoapUdpEndpoint } from './coap-udp-endpoint.js';
import { configureCoapTiming } from './coap-timing.js';
import { LinkConditions } from './link-conditions.js';

const ping = { method: 'GET', path: ['ping'] } as const;
const text = (payload: Uint8Array): string => Buffer.from(payload).toString('utf8');

describe('a CoAP endpoint behind simulated link conditions', () => {
  const endpoints: CoapUdpEndpoint[] = [];
  afterEach(async () => {
    for (const endpoint of endpoints.splice(0)) await endpoint.close();
  });

  /** A device that answers every request with "pong", and a client behind `link`. */
  async function pair(link?: LinkConditions): Promise<{ client: CoapUdpEndpoint; device: CoapPeer; served: () => number }> {
    let served = 0;
    const device = new CoapUdpEndpoint({
      address: '127.0.0.1',
      onRequest: () => {
        served++;
        return { code: '2.05', payload: new TextEncoder().encode('pong') };
      },
    });
    const client = new CoapUdpEndpoint({ address: '127.0.0.1', link });
    endpoints.push(device, client);
    const address = await device.start();
    await client.start();
    return { client, device: address, served: () => served };
  }

  it('behaves as before without link conditions or with a perfect link', async () => {
    for (const link of [undefined, new LinkConditions({ lossPercent: 0 })]) {
      const { client, device } = await pair(link);
      const res = await client.request(device, ping, { timeoutMs: 1_000 });
      expect(res.code).toBe('2.05');
      expect(text(res.payload)).toBe('pong');
    }
  });

  it('fails a request with a typed timeout when every datagram is lost', async () => {
    const link = new LinkConditions({ lossPercent: 100 });
    const { client, device, served } = await pair(link);
    await expect(client.request(device, ping, { timeoutMs: 300 })).rejects.toSatisfy((e) => isFarsideError(e, 'FARSIDE_ERR_TIMEOUT'));
    expect(served()).toBe(0);
    expect(link.lost.outbound).toBeGreaterThanOrEqual(1);
  });

  it('still gets answers over a lossy link, by retransmitting', async () => {
    // Short RFC 7252 timers (this file's worker only) so that retransmissions happen within the test.
    configureCoapTiming({ ackTimeoutS: 0.25, ackRandomFactor: 1, maxRetransmit: 4 });
    try {
      const link = new LinkConditions({ lossPercent: 25, seed: 11 });
      const { client, device } = await pair(link);
      for (let i = 0; i < 4; i++) expect((await client.request(device, ping, { timeoutMs: 5_000 })).code).toBe('2.05');
      expect(link.lost.inbound + link.lost.outbound).toBeGreaterThan(0);
    } finally {
      configureCoapTiming({});
    }
  });

  it('adds the latency to each direction of an exchange', async () => {
    const latencyMs = 80;
    const { client, device } = await pair(new LinkConditions({ latencyMs }));
    const started = performance.now();
    const res = await client.request(device, ping, { timeoutMs: 1_500 });
    // Request out and answer in both wait; timers may fire up to 1 ms early.
    expect(performance.now() - started).toBeGreaterThanOrEqual(2 * latencyMs - 2);
    expect(res.code).toBe('2.05');
  });

  it('gets no answer while the link is down and answers again once it is back up', async () => {
    const link = new LinkConditions();
    const { client, device, served } = await pair(link);
    link.update({ down: true });
    await expect(client.request(device, ping, { timeoutMs: 300 })).rejects.toSatisfy((e) => isFarsideError(e, 'FARSIDE_ERR_TIMEOUT'));
    expect(served()).toBe(0);
    link.update({ down: false });
    const res = await client.request(device, ping, { timeoutMs: 1_000 });
    expect(text(res.payload)).toBe('pong');
  });

  it('loses a datagram held back by latency when the link goes down before it arrives', async () => {
    const link = new LinkConditions({ latencyMs: 150 });
    const { client, device, served } = await pair(link);
    const request = client.request(device, ping, { timeoutMs: 400 });
    link.update({ down: true });
    await expect(request).rejects.toSatisfy((e) => isFarsideError(e, 'FARSIDE_ERR_TIMEOUT'));
    expect(served()).toBe(0);
  });
});

describe('link conditions', () => {
  it.each([
    ['a loss above 100 %', { lossPercent: 101 }],
    ['a negative latency', { latencyMs: -1 }],
    ['a fractional jitter', { jitterMs: 1.5 }],
    ['a down flag that is not a boolean', { down: 'yes' as unknown as boolean }],
    ['a seed that is not a uint32', { seed: -3 }],
    ['an unknown condition', { los: 5 } as never],
  ])('refuses %s with a typed error', (_name, options) => {
    expect(() => new LinkConditions(options)).toThrow(expect.objectContaining({ code: 'FARSIDE_ERR_INVALID_INPUT' }));
  });

  it('changes nothing when an update holds one bad value among good ones', () => {
    const link = new LinkConditions({ lossPercent: 10, latencyMs: 5 });
    expect(() => link.update({ down: true, latencyMs: 20, lossPercent: 200 })).toThrow(expect.objectContaining({ code: 'FARSIDE_ERR_INVALID_INPUT' }));
    expect([link.down, link.latencyMs, link.lossPercent]).toEqual([false, 5, 10]);
  });

  it('replays the same losses and delays from the same seed', () => {
    const verdicts = (seed: number) => {
      const link = new LinkConditions({ lossPercent: 30, jitterMs: 50, latencyMs: 10, seed });
      return Array.from({ length: 200 }, (_, i) => link.verdict(i % 2 === 0 ? 'inbound' : 'outbound'));
    };
    const first = verdicts(42);
    expect(verdicts(42)).toEqual(first);
    expect(verdicts(43)).not.toEqual(first);
    const lost = first.filter((v) => v.kind === 'lose').length;
    expect(lost).toBeGreaterThan(30);
    expect(lost).toBeLessThan(90);
    const delays = first.flatMap((v) => (v.kind === 'deliver' ? [v.delayMs] : []));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(10);
    expect(Math.max(...delays)).toBeLessThan(60);
    expect(new Set(delays).size).toBeGreaterThan(10);
  });

  it('loses only what comes in while the receiver sleeps', () => {
    const link = new LinkConditions({ asleep: true });
    expect(link.verdict('inbound')).toEqual({ kind: 'lose' });
    expect(link.verdict('outbound')).toEqual({ kind: 'deliver', delayMs: 0 });
    link.update({ asleep: false });
    expect(link.verdict('inbound')).toEqual({ kind: 'deliver', delayMs: 0 });
  });

  it('counts what it lost in each direction', () => {
    const link = new LinkConditions({ down: true });
    link.verdict('inbound');
    link.verdict('outbound');
    link.verdict('outbound');
    expect(link.lost).toEqual({ inbound: 1, outbound: 2 });
  });
});
