import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Harness } from './harness.js';
import { mutate, randomBytes, seededRng, truncate } from './support/prng.js';

describe('the gateway under bad datagrams', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await new Harness().start();
  });
  afterEach(() => h.close());

  it('survives random, truncated and mutated datagrams and keeps serving registrations', async () => {
    await h.device('steady-1');
    const before = h.server.registration('steady-1');
    const socket = createSocket('udp4');
    socket.bind(0, '127.0.0.1');
    await once(socket, 'listening');
    const rng = seededRng(42);
    // CON POST /rd?ep=x-board with payload </3/0>
    const valid = Buffer.from('4402abcd12345678' + 'b27264' + '4a65703d782d626f617264' + 'ff3c2f332f303e', 'hex');
    let warnings = 0;
    h.server.on('warning', () => warnings++);
    for (let i = 0; i < 2000; i++) {
      const kind = i % 3;
      const datagram = kind === 0 ? randomBytes(rng, rng.int(64)) : kind === 1 ? truncate(rng, valid) : mutate(rng, valid, 1);
      socket.send(datagram, h.address.port, '127.0.0.1');
      if (i % 200 === 0) await new Promise((r) => setImmediate(r));
    }
    await new Promise((r) => setTimeout(r, 200));
    socket.close();
    // Still serving: a new device registers, the old one's registration is untouched.
    await h.device('steady-2');
    expect(h.server.registration('steady-1')).toEqual(before);
    expect((await h.server.send('steady-1', { kind: 'read', path: [3, 0, 0] })).code).toBe('2.05');
  });
});
