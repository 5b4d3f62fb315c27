import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONTENT_FORMAT, type CoapUdpEndpoint } from '../lwm2m/index.js';
import { Harness } from './harness.js';

const links = (text: string) => new TextEncoder().encode(text);

describe('the registration interface', () => {
  let h: Harness;
  let client: CoapUdpEndpoint;

  beforeEach(async () => {
    h = await new Harness().start();
    client = await h.rawClient();
  });
  afterEach(() => h.close());

  const register = (query: string[], payload = '</1/0>,</3/0>', contentFormat: number | undefined = CONTENT_FORMAT.LINK_FORMAT) =>
    client.request(h.address, { method: 'POST', path: ['rd'], query, payload: links(payload), contentFormat });

  it('answers a registration with 2.01 and a Location-Path rd/<id>, and reports it', async () => {
    const registered = h.next('registered');
    const res = await register(['ep=board-1', 'lt=120', 'lwm2m=1.1', 'b=U'], '</>;rt="oma.lwm2m";ct=110,</1/0>,</3/0>,</3303>;ver=1.1,</3303/0>,</3303/1>');
    expect(res.code).toBe('2.01');
    expect(res.locationPath[0]).toBe('rd');
    expect(res.locationPath).toHaveLength(2);
    const [{ registration }] = await registered;
    expect(registration.endpoint).toBe('board-1');
    expect(registration.id).toBe(res.locationPath[1]);
    expect(registration.lifetimeS).toBe(120);
    expect(registration.lwm2mVersion).toBe('1.1');
    expect(registration.supportedFormats).toEqual([110]);
    expect(registration.objects.get(3303)).toEqual({ version: '1.1', instances: [0, 1] });
    expect(h.server.registration('board-1')?.id).toBe(registration.id);
  });

  it('defaults the lifetime to 86400 s and the version to 1.0 when they are absent', async () => {
    const res = await register(['ep=plain']);
    expect(res.code).toBe('2.01');
    expect(h.server.registration('plain')).toMatchObject({ lifetimeS: 86400, lwm2mVersion: '1.0', queueMode: false });
  });

  it('takes queue mode from Q (1.1) and from a UQ binding (1.0)', async () => {
    await register(['ep=q11', 'lwm2m=1.1', 'Q']);
    await register(['ep=q10', 'lwm2m=1.0', 'b=UQ']);
    expect(h.server.registration('q11')?.queueMode).toBe(true);
    expect(h.server.registration('q10')).toMatchObject({ queueMode: true, binding: 'U' });
  });

  it('updates a registration with 2.04, and reports whether the object list changed', async () => {
    const res = await register(['ep=upd', 'lt=30', 'lwm2m=1.1']);
    const updated = h.next('updated');
    const up = await client.request(h.address, { method: 'POST', path: res.locationPath, query: ['lt=90'] });
    expect(up.code).toBe('2.04');
    const [first] = await updated;
    expect(first.objectsChanged).toBe(false);
    expect(first.registration.lifetimeS).toBe(90);

    const updated2 = h.next('updated');
    await client.request(h.address, { method: 'POST', path: res.locationPath, payload: links('</1/0>,</3/0>,</4/0>'), contentFormat: 40 });
    const [second] = await updated2;
    expect(second.objectsChanged).toBe(true);
    expect([...second.registration.objects.keys()]).toEqual([1, 3, 4]);
  });

  it('answers 4.04 to an update or de-registration of an unknown id', async () => {
    expect((await client.request(h.address, { method: 'POST', path: ['rd', 'nope'] })).code).toBe('4.04');
    expect((await client.request(h.address, { method: 'DELETE', path: ['rd', 'nope'] })).code).toBe('4.04');
  });

  it('de-registers with 2.02 and forgets the device', async () => {
    const res = await register(['ep=gone', 'lwm2m=1.1']);
    const deregistered = h.next('deregistered');
    expect((await client.request(h.address, { method: 'DELETE', path: res.locationPath })).code).toBe('2.02');
    await deregistered;
    expect(h.server.registration('gone')).toBeUndefined();
  });

  it('replaces the registration of an endpoint that registers again', async () => {
    const first = await register(['ep=twice', 'lwm2m=1.1']);
    const registered = h.next('registered');
    const second = await register(['ep=twice', 'lwm2m=1.1']);
    const [event] = await registered;
    expect(event.replaced?.id).toBe(first.locationPath[1]);
    expect(second.locationPath[1]).not.toBe(first.locationPath[1]);
    expect(h.server.registrationCount).toBe(1);
    // The old location is dead.
    expect((await client.request(h.address, { method: 'POST', path: first.locationPath })).code).toBe('4.04');
  });

  it('expires a registration whose lifetime ran out, and reports it', async () => {
    const expired = h.next('expired', 5_000);
    await register(['ep=short', 'lt=1', 'lwm2m=1.1']);
    const [{ registration }] = await expired;
    expect(registration.endpoint).toBe('short');
    expect(h.server.registration('short')).toBeUndefined();
  });

  it('keeps a registration alive while updates arrive before the lifetime ends', async () => {
    const res = await register(['ep=alive', 'lt=1', 'lwm2m=1.1']);
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setTimeout(r, 600));
      expect((await client.request(h.address, { method: 'POST', path: res.locationPath })).code).toBe('2.04');
    }
    expect(h.server.registration('alive')).toBeDefined();
  });

  describe('rejects bad registrations without changing anything', () => {
    it.each([
      ['a missing endpoint name', ['lt=60', 'lwm2m=1.1'], '</1/0>', '4.00'],
      ['an empty endpoint name', ['ep=', 'lwm2m=1.1'], '</1/0>', '4.00'],
      ['an unknown LwM2M version', ['ep=x', 'lwm2m=9.9'], '</1/0>', '4.12'],
      ['a lifetime that is not a number', ['ep=x', 'lt=soon'], '</1/0>', '4.00'],
      ['a zero lifetime', ['ep=x', 'lt=0'], '</1/0>', '4.00'],
      ['a malformed link format', ['ep=x'], '</1/0,,<<', '4.00'],
      ['a link to a non-numeric path', ['ep=x'], '</abc/0>', '4.00'],
      ['an empty object list', ['ep=x'], '', '4.00'],
    ])('%s', async (_name, query, payload, code) => {
      await register(['ep=keep', 'lwm2m=1.1']);
      const before = h.server.registration('keep');
      const res = await register(query, payload);
      expect(res.code).toBe(code);
      expect(h.server.registrationCount).toBe(1);
      expect(h.server.registration('keep')).toEqual(before);
    });

    it('a payload that is not link format', async () => {
      const res = await register(['ep=x'], '{"a":1}', CONTENT_FORMAT.SENML_JSON);
      expect(res.code).toBe('4.15');
      expect(h.server.registrationCount).toBe(0);
    });
  });
});

describe('a simulated device\'s registration', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await new Harness().start();
  });
  afterEach(() => h.close());

  it('updates before its lifetime runs out, so it never expires', async () => {
    let expired = 0;
    h.server.on('expired', () => expired++);
    await h.device('short-lived', { lifetimeS: 1 });
    const updated = h.next('updated', 3_000);
    await updated;
    await new Promise((r) => setTimeout(r, 1_200));
    expect(expired).toBe(0);
    expect(h.server.registration('short-lived')).toBeDefined();
  });

  it('registers again when the gateway forgot it', async () => {
    const device = await h.device('forgotten', { lifetimeS: 60 });
    const registration = h.server.registration('forgotten')!;
    const client = await h.rawClient();
    // Someone else's de-registration of its id stands in for a gateway restart.
    await client.request(h.address, { method: 'DELETE', path: ['rd', registration.id] });
    const registered = h.next('registered');
    await device.update();
    const [{ registration: again }] = await registered;
    expect(again.endpoint).toBe('forgotten');
    expect(again.id).not.toBe(registration.id);
  });

  it('de-registers when it stops', async () => {
    const device = await h.device('stopper');
    const deregistered = h.next('deregistered');
    await device.stop();
    await deregistered;
    expect(h.server.registration('stopper')).toBeUndefined();
  });
});
