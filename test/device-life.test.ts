/**
 * What a simulated device's life does to the gateway: sleeping in queue mode, a bad radio
 * (loss, latency), a device that stops answering and comes back.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../errors/index.js';
import { configureCoapTiming, LinkConditions } from '../lwm2m/index.js';
import { Harness } from './harness.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a simulated device over a real link', () => {
  let h: Harness;

  beforeAll(() => {
    // Short RFC 7252 timers so that retransmissions and timeouts happen within the test.
    configureCoapTiming({ ackTimeoutS: 0.25, ackRandomFactor: 1, maxRetransmit: 4 });
  });
  afterEach(() => h.close());

  it('sleeps in queue mode: a request waits for the next update and is answered then', async () => {
    h = await new Harness({ awakeMs: 200, queueTimeoutMs: 10_000, requestTimeoutMs: 5_000 }).start();
    const device = await h.device('sleepy', { queueMode: true, awakeMs: 200 });
    await sleep(400);
    expect(device.link.asleep).toBe(true);
    let answered = false;
    const read = h.server.send('sleepy', { kind: 'read', path: [3, 0, 0] }).finally(() => (answered = true));
    await sleep(500);
    expect(answered).toBe(false);
    await device.update();
    expect((await read).code).toBe('2.05');
  });

  it('gives a typed timeout while the device stops answering, and answers again once it is back', async () => {
    h = await new Harness({ requestTimeoutMs: 1_500 }).start();
    const device = await h.device('flaky');
    device.link.update({ down: true });
    await expect(h.server.send('flaky', { kind: 'read', path: [3, 0, 0] })).rejects.toMatchObject({ code: ERROR_CODES.TIMEOUT });
    device.link.update({ down: false });
    expect((await h.server.send('flaky', { kind: 'read', path: [3, 0, 0] })).code).toBe('2.05');
  });

  it('registers and answers every read through 20 % packet loss, thanks to CoAP retransmission', async () => {
    h = await new Harness({ requestTimeoutMs: 10_000 }).start();
    const link = new LinkConditions({ lossPercent: 20, seed: 7 });
    await h.device('lossy', { link, requestTimeoutMs: 10_000 });
    for (let i = 0; i < 6; i++) expect((await h.server.send('lossy', { kind: 'read', path: [3, 0, 9] })).code).toBe('2.05');
    expect(link.lost.inbound + link.lost.outbound).toBeGreaterThan(0);
  });

  it('adds the link latency to every exchange', async () => {
    h = await new Harness().start();
    await h.device('far', { link: new LinkConditions({ latencyMs: 150 }) });
    const t0 = performance.now();
    expect((await h.server.send('far', { kind: 'read', path: [3, 0, 0] })).code).toBe('2.05');
    expect(performance.now() - t0).toBeGreaterThanOrEqual(290);
  });
});
