import { createSocket, type Socket } from 'node:dgram';
import { once } from 'node:events';
import { generate, parse, type ParsedPacket } from 'coap-packet';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { coapExchangeChannel, configureCoapTiming, isFarsideError, type CoapExchangeTrace } from '../lwm2m/index.js';
import { Harness } from './harness.js';

/**
 * A hand-driven "device": a bare UDP socket speaking CoAP through coap-packet, so a
 * test decides exactly which datagrams the gateway gets back.
 */
class RawDevice {
  readonly socket: Socket = createSocket('udp4');
  readonly received: ParsedPacket[] = [];
  #waiters: (() => void)[] = [];

  async start(): Promise<this> {
    this.socket.bind(0, '127.0.0.1');
    await once(this.socket, 'listening');
    this.socket.on('message', (msg) => {
      try {
        this.received.push(parse(msg));
      } catch {
        return;
      }
      for (const w of this.#waiters.splice(0)) w();
    });
    return this;
  }

  send(packet: Parameters<typeof generate>[0], port: number): void {
    this.socket.send(generate(packet), port, '127.0.0.1');
  }

  async waitFor(count: number, timeoutMs = 3_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.received.length < count) {
      if (Date.now() > deadline) throw new Error(`expected ${count} datagrams, got ${this.received.length}`);
      await new Promise<void>((resolve) => {
        this.#waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  register(port: number, ep: string, messageId = 0x1000, extraQuery: string[] = []): void {
    this.send(
      {
        confirmable: true,
        code: '0.02',
        messageId,
        token: Buffer.from([1, 2, 3, 4]),
        options: [
          { name: 'Uri-Path', value: Buffer.from('rd') },
          { name: 'Content-Format', value: Buffer.of(40) },
          ...[`ep=${ep}`, 'lwm2m=1.1', ...extraQuery].map((q) => ({ name: 'Uri-Query' as const, value: Buffer.from(q) })),
        ],
        payload: Buffer.from('</3/0>'),
      },
      port,
    );
  }

  /** Answers a request with a piggybacked 2.05 text payload. */
  reply(request: ParsedPacket, port: number, payload = 'ok'): void {
    this.send(
      { ack: true, code: '2.05', messageId: request.messageId, token: request.token, options: [{ name: 'Content-Format', value: Buffer.alloc(0) }], payload: Buffer.from(payload) },
      port,
    );
  }

  close(): void {
    this.socket.close();
  }
}

describe('CoAP transport behaviour of the gateway', () => {
  let h: Harness;
  let raw: RawDevice;

  beforeAll(() => {
    // Short RFC 7252 timers so retransmissions happen within the test.
    configureCoapTiming({ ackTimeoutS: 0.25, ackRandomFactor: 1, maxRetransmit: 2 });
  });
  afterEach(async () => {
    raw?.close();
    await h.close();
  });

  async function setup(options: ConstructorParameters<typeof Harness>[0] = {}): Promise<void> {
    h = await new Harness(options).start();
    raw = await new RawDevice().start();
    const registered = h.next('registered');
    raw.register(h.address.port, 'raw-1');
    await registered;
    await raw.waitFor(1);
    raw.received.splice(0);
  }

  it('answers a duplicated confirmable registration once, with the same response', async () => {
    h = await new Harness().start();
    raw = await new RawDevice().start();
    let registrations = 0;
    h.server.on('registered', () => registrations++);
    raw.register(h.address.port, 'dup', 0x2222);
    raw.register(h.address.port, 'dup', 0x2222);
    await raw.waitFor(2);
    await new Promise((r) => setTimeout(r, 100));
    expect(registrations).toBe(1);
    const [a, b] = raw.received;
    expect(a!.code).toBe('2.01');
    expect(b!.code).toBe('2.01');
    expect(b!.options).toEqual(a!.options);
  });

  it('retransmits a confirmable request that was not acknowledged, with the same message id', async () => {
    await setup();
    const read = h.server.send('raw-1', { kind: 'read', path: [3, 0, 0], accept: 0 });
    await raw.waitFor(2);
    const [first, second] = raw.received;
    expect(second!.messageId).toBe(first!.messageId);
    expect(second!.token).toEqual(first!.token);
    raw.reply(second!, h.address.port, 'acme');
    await expect(read).resolves.toMatchObject({ code: '2.05', node: { value: 'acme' } });
  });

  it('fails a request to a silent device with a typed timeout', async () => {
    await setup({ requestTimeoutMs: 800 });
    await expect(h.server.send('raw-1', { kind: 'read', path: [3, 0] })).rejects.toSatisfy((e) => isFarsideError(e, 'FARSIDE_ERR_TIMEOUT'));
  });

  it('keeps one request outstanding per device (NSTART 1)', async () => {
    await setup();
    const reads = [0, 1, 2].map((i) => h.server.send('raw-1', { kind: 'read', path: [3, 0, i], accept: 0 }));
    await raw.waitFor(1);
    await new Promise((r) => setTimeout(r, 100));
    // Only the first request went out; the others wait for its answer.
    const paths = () => new Set(raw.received.map((p) => p.options.filter((o) => o.name === 'Uri-Path').map((o) => o.value.toString()).join('/')));
    expect(paths()).toEqual(new Set(['3/0/0']));
    for (let i = 0; i < 3; i++) {
      const request = raw.received.find((p) => p.options.filter((o) => o.name === 'Uri-Path').map((o) => o.value.toString()).join('/') === `3/0/${i}`);
      expect(request).toBeDefined();
      raw.reply(request!, h.address.port, `v${i}`);
      if (i < 2) await raw.waitFor(raw.received.length + 1);
    }
    const results = await Promise.all(reads);
    expect(results.map((r) => (r.node as { value: string }).value)).toEqual(['v0', 'v1', 'v2']);
  });

  it('holds requests for a queue-mode device until it next updates', async () => {
    h = await new Harness({ awakeMs: 200 }).start();
    raw = await new RawDevice().start();
    const registered = h.next('registered');
    raw.register(h.address.port, 'sleepy', 0x3000, ['Q']);
    const [{ registration }] = await registered;
    await new Promise((r) => setTimeout(r, 300)); // past the awake window: the device sleeps
    raw.received.splice(0);
    let settled = false;
    const read = h.server.send('sleepy', { kind: 'read', path: [3, 0, 0], accept: 0 }).finally(() => (settled = true));
    await new Promise((r) => setTimeout(r, 300));
    expect(raw.received).toHaveLength(0);
    expect(settled).toBe(false);
    // The device wakes up and updates; the queued request goes out right after.
    raw.send({ confirmable: true, code: '0.02', messageId: 0x3001, token: Buffer.from([9]), options: [{ name: 'Uri-Path', value: Buffer.from('rd') }, { name: 'Uri-Path', value: Buffer.from(registration.id) }] }, h.address.port);
    await raw.waitFor(2);
    const request = raw.received.find((p) => p.code === '0.01');
    expect(request).toBeDefined();
    raw.reply(request!, h.address.port, 'awake');
    await expect(read).resolves.toMatchObject({ node: { value: 'awake' } });
  });

  it('gives up on a queued request when a sleeping device does not wake in time', async () => {
    h = await new Harness({ awakeMs: 50, queueTimeoutMs: 300 }).start();
    raw = await new RawDevice().start();
    const registered = h.next('registered');
    raw.register(h.address.port, 'asleep', 0x4000, ['Q']);
    await registered;
    await new Promise((r) => setTimeout(r, 100));
    await expect(h.server.send('asleep', { kind: 'read', path: [3, 0] })).rejects.toSatisfy((e) => isFarsideError(e, 'FARSIDE_ERR_DEVICE_UNAVAILABLE'));
  });

  it('answers 4.00 to a malformed Send payload and keeps the registration', async () => {
    await setup();
    const before = h.server.registration('raw-1');
    const warning = h.next('warning');
    raw.send(
      { confirmable: true, code: '0.02', messageId: 0x5000, token: Buffer.from([5]), options: [{ name: 'Uri-Path', value: Buffer.from('dp') }, { name: 'Content-Format', value: Buffer.of(110) }], payload: Buffer.from('[{"n":"/3/0/9","v":') },
      h.address.port,
    );
    await raw.waitFor(1);
    expect(raw.received[0]!.code).toBe('4.00');
    await warning;
    expect(h.server.registration('raw-1')).toEqual(before);
  });

  it.each([
    ['truncated TLV', 11542, Buffer.from('c8000d4f70656e', 'hex')],
    ['SenML JSON that is not JSON', 110, Buffer.from('[{"bn":')],
    ['SenML CBOR that is not CBOR', 112, Buffer.from('ffff00', 'hex')],
  ])('rejects %s from a device with a typed error and keeps its registration', async (_name, format, payload) => {
    await setup();
    const before = h.server.registration('raw-1');
    const read = h.server.send('raw-1', { kind: 'read', path: [3, 0], accept: format });
    await raw.waitFor(1);
    const request = raw.received[0]!;
    raw.send({ ack: true, code: '2.05', messageId: request.messageId, token: request.token, options: [{ name: 'Content-Format', value: format > 255 ? Buffer.of(format >> 8, format & 0xff) : Buffer.of(format) }], payload }, h.address.port);
    await expect(read).rejects.toSatisfy((e) => isFarsideError(e, 'FARSIDE_ERR_INVALID_INPUT'));
    expect(h.server.registration('raw-1')).toEqual(before);
    // The device is still reachable afterwards.
    const again = h.server.send('raw-1', { kind: 'read', path: [3, 0, 0], accept: 0 });
    await raw.waitFor(2);
    raw.reply(raw.received[1]!, h.address.port, 'fine');
    await expect(again).resolves.toMatchObject({ node: { value: 'fine' } });
  });

  it('traces every exchange on the diagnostics channel for whoever subscribes', async () => {
    const traces: CoapExchangeTrace[] = [];
    const listener = (m: unknown) => traces.push(m as CoapExchangeTrace);
    coapExchangeChannel.subscribe(listener);
    try {
      await setup();
    } finally {
      coapExchangeChannel.unsubscribe(listener);
    }
    expect(traces).toContainEqual(expect.objectContaining({ direction: 'inbound', method: 'POST', path: '/rd', code: '2.01' }));
  });
});
