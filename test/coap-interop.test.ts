import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Harness } from './harness.js';

const run = promisify(execFile);
const COAP_CLIENT = 'coap-client-notls';

/** libcoap's client is an independent CoAP implementation: if it agrees with us, we speak CoAP. */
describe('interop with libcoap (coap-client-notls)', () => {
  let h: Harness;

  beforeAll(async () => {
    await run(COAP_CLIENT, ['-h']).catch((err: { code?: string }) => {
      if (err.code === 'ENOENT') throw new Error(`${COAP_CLIENT} is not installed: apt-get install libcoap3-bin (.ci/run does)`);
    });
    h = await new Harness().start();
  });
  afterAll(() => h.close());

  it('registers a device with the gateway and receives 2.01 with a Location-Path', async () => {
    const registered = h.next('registered');
    const { address, port } = h.address;
    const { stdout, stderr } = await run(COAP_CLIENT, [
      '-m', 'post', '-t', '40', '-v', '7', '-B', '5',
      '-e', '</1/0>,</3/0>,</3303/0>',
      `coap://${address}:${port}/rd?ep=libcoap-board&lt=60&lwm2m=1.1`,
    ]);
    const output = stdout + stderr;
    expect(output).toMatch(/t:ACK c:2\.01/);
    const [{ registration }] = await registered;
    expect(output).toContain(`Location-Path:rd, Location-Path:${registration.id}`);
    expect(registration.endpoint).toBe('libcoap-board');
    expect([...registration.objects.keys()]).toEqual([1, 3, 3303]);
  });

  it('reads /3/0 from a simulated device as SenML JSON', async () => {
    const device = await h.device('sim-interop');
    const registration = h.server.registration('sim-interop')!;
    const { stdout } = await run(COAP_CLIENT, ['-m', 'get', '-A', '110', '-B', '5', `coap://127.0.0.1:${registration.peer.port}/3/0`]);
    const records = JSON.parse(stdout.trim()) as { bn?: string; n?: string; vs?: string }[];
    expect(records.some((r) => r.vs === 'farside')).toBe(true);
    expect(records.some((r) => r.vs === 'embServe Node')).toBe(true);
    expect(device.endpoint).toBe('sim-interop');
  });

  it('reads one resource from a simulated device as text', async () => {
    await h.device('sim-text');
    const { port } = h.server.registration('sim-text')!.peer;
    const { stdout } = await run(COAP_CLIENT, ['-m', 'get', '-B', '5', `coap://127.0.0.1:${port}/3/0/1`]);
    expect(stdout.trim()).toBe('nRF52840-sim');
  });
});
