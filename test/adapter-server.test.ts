/**
 * What only the communication adapter does: readiness that follows the device, one shared
 * SDF observation per property, the object allowlist, and HTTP statuses for device replies
 * and transport failures.
 */
import mqtt from 'mqtt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ERROR_CODES, FarsideError } from '../errors/index.js';
import { AdapterServer, MAX_BODY_BYTES, type AdapterSdf } from '../adapters/index.js';
import { call, DeviceRig, putJson, takeEvents, THING } from '../adapters/test-rig.js';

const STREAM = '/v1/Temperature/0/Sensor_Value/stream';
const OBSERVED_TOPIC = `${THING}/Temperature/0/Property/Sensor_Value`;

describe('the communication adapter', () => {
  let rig: DeviceRig;

  beforeEach(async () => {
    rig = await new DeviceRig().start();
  });
  afterEach(() => rig.close());

  it('is live at once but ready only while its thing is registered with the gateway', async () => {
    const { url } = await rig.adapter();
    expect((await call(`${url}/healthz`)).status).toBe(200);
    const before = await call(`${url}/readyz`);
    expect(before.status).toBe(503);
    expect((before.body as { error: string }).error).toContain(`${THING} is not registered`);
    const device = await rig.device();
    expect((await call(`${url}/readyz`)).status).toBe(200);
    await device.stop();
    await expect.poll(async () => (await call(`${url}/readyz`)).status, { timeout: 5_000 }).toBe(503);
    expect((await call(`${url}/healthz`)).status).toBe(200);
  });

  it('is not ready, and answers 503 at once, while it has no MQTT connection', async () => {
    await rig.device();
    const offline = new AdapterServer({ sdf: { ...stubSdf(), state: 'connecting' }, thing: THING, port: 0, host: '127.0.0.1' });
    const url = `http://127.0.0.1:${await offline.start()}`;
    try {
      expect(await call(`${url}/readyz`)).toMatchObject({ status: 503, body: { error: expect.stringContaining('not connected to the MQTT broker') } });
      expect((await call(`${url}/v1/Temperature/0/Sensor_Value`)).status).toBe(503);
    } finally {
      await offline.close();
    }
  });

  it('shares one SDF observation among the streams of a property and stops it when the last one leaves', async () => {
    await rig.device();
    const { url } = await rig.adapter();
    const operations: string[] = [];
    const spy = await mqtt.connectAsync(rig.broker.url, { protocolVersion: 4 });
    try {
      await spy.subscribeAsync(OBSERVED_TOPIC);
      spy.on('message', (_topic, payload) => {
        const operation = (JSON.parse(payload.toString('utf8')) as { operation?: string }).operation;
        if (operation !== undefined) operations.push(operation);
      });
      const observations = () => rig.harness.server.observations(THING).length;
      // Two readers at once, each taking two events: the streams overlap.
      const [first, second] = await Promise.all([takeEvents<{ value: number }>(`${url}${STREAM}`, 2), takeEvents<{ value: number }>(`${url}${STREAM}`, 2)]);
      expect(first).toHaveLength(2);
      expect(second).toHaveLength(2);
      await expect.poll(observations, { timeout: 5_000 }).toBe(0);
      await expect.poll(() => operations.filter((o) => o === 'STOP_OBSERVE').length).toBe(1);
      expect(operations.filter((o) => o === 'START_OBSERVE')).toHaveLength(1);
    } finally {
      await spy.endAsync();
    }
  });

  it('keeps the device observation while one stream is still open after another left', async () => {
    await rig.device();
    const { url } = await rig.adapter();
    const lasting = new AbortController();
    const open = await fetch(`${url}${STREAM}`, { signal: lasting.signal });
    expect(open.headers.get('content-type')).toContain('text/event-stream');
    await takeEvents(`${url}${STREAM}`, 1);
    // The short stream left; the open one still gets values, from the same observation.
    const reader = open.body!.getReader();
    let text = '';
    while ((text.match(/^data: /gm) ?? []).length < 2) text += new TextDecoder().decode((await reader.read()).value);
    expect(rig.harness.server.observations(THING)).toHaveLength(1);
    lasting.abort();
    await expect.poll(() => rig.harness.server.observations(THING).length, { timeout: 5_000 }).toBe(0);
  });

  it('serves only the allowed objects and names the refused one', async () => {
    await rig.device();
    const { url } = await rig.adapter({ objects: ['Temperature'] });
    expect((await call(`${url}/v1`)).body).toEqual({ thing: THING, objects: { Temperature: ['0'] } });
    const refused = await call(`${url}/v1/Device/0/Manufacturer`);
    expect(refused.status).toBe(404);
    expect((refused.body as { error: string }).error).toContain('does not serve the object Device');
    expect((await call(`${url}/v1/Device/0/actions/Reboot`, { method: 'POST' })).status).toBe(404);
    expect((await call(`${url}/v1/Temperature/0/Sensor_Value`)).status).toBe(200);
  });

  it('passes the device\'s answers on with their HTTP status: unknown instance 404, wrong method 405, typed values', async () => {
    await rig.device();
    const { url } = await rig.adapter();
    expect((await call(`${url}/v1/Temperature/9/Sensor_Value`)).status).toBe(404);
    expect((await call(`${url}/v1/No_Object/0/Sensor_Value`)).body).toEqual({ error: expect.stringContaining('No_Object') });
    expect(await call(`${url}/v1/Temperature/0/Sensor_Value`, { method: 'DELETE' })).toMatchObject({ status: 405 });
    expect((await call(`${url}/v1/Device/0/Memory_Free`)).body).toEqual({ value: expect.any(Number) });
    expect((await call(`${url}/v1/Device/0/Manufacturer`)).body).toEqual({ value: expect.any(String) });
  });

  it('writes and reads opaque values as hex, here a device shell command and its reply', async () => {
    await rig.device();
    const { url } = await rig.adapter();
    const data = `${url}/v1/BinaryAppDataContainer/0/Data`;
    const command = Buffer.from('mlsysops knobs list', 'utf8').toString('hex');
    expect((await putJson(data, JSON.stringify({ value: { '0': command } }))).status).toBe(204);
    const { body } = await call(data);
    const value = (body as { value: Record<string, string> }).value;
    expect(value['0']).toBe(command);
    expect(value['1']).toMatch(/^([0-9a-f]{2})+$/);
    expect(Buffer.from(value['1']!, 'hex').toString('utf8')).toContain('TX_PWR');
  });

  it('refuses a value of the wrong type before it reaches the device, and a body over the size limit', async () => {
    await rig.device();
    const { url } = await rig.adapter();
    const wrongType = await putJson(`${url}/v1/Device/0/Current_Time`, '{"value": "noon"}');
    expect(wrongType.status).toBe(400);
    expect((wrongType.body as { error: string }).error).toContain('Device/0/Current_Time expects a number');
    const huge = await putJson(`${url}/v1/Device/0/Current_Time`, JSON.stringify({ value: 'x'.repeat(MAX_BODY_BYTES) }));
    expect(huge.status).toBe(413);
    expect((await putJson(`${url}/v1/Device/0/Current_Time`, '[1]')).status).toBe(400);
  });
});

/** A stand-in SDF client whose every call fails as given. */
function stubSdf(fail: () => Promise<never> = () => Promise.reject(new FarsideError(ERROR_CODES.TIMEOUT, 'GET dev/Temperature/0/Property/Sensor_Value got no reply within 5000 ms'))): AdapterSdf {
  return { state: 'ready', request: fail, observe: fail, things: fail } as unknown as AdapterSdf;
}

describe('the communication adapter without a device answer', () => {
  it('answers 504 when the gateway does not reply in time and 503 when the client is closing, and keeps serving', async () => {
    for (const [code, status] of [
      [ERROR_CODES.TIMEOUT, 504],
      [ERROR_CODES.CANCELLED, 503],
      [ERROR_CODES.DEVICE_UNAVAILABLE, 503],
    ] as const) {
      const server = new AdapterServer({ sdf: stubSdf(() => Promise.reject(new FarsideError(code, 'no answer'))), thing: THING, port: 0, host: '127.0.0.1' });
      const url = `http://127.0.0.1:${await server.start()}`;
      try {
        expect(await call(`${url}/v1/Temperature/0/Sensor_Value`)).toMatchObject({ status, body: { error: 'no answer' } });
        expect((await call(`${url}/v1/Temperature/0/Sensor_Value/stream`)).status).toBe(status);
        expect((await call(`${url}/healthz`)).status).toBe(200);
      } finally {
        await server.close();
      }
    }
  });

  it('answers 500 without internals when the client breaks its contract', async () => {
    const server = new AdapterServer({ sdf: stubSdf(() => Promise.reject(new TypeError('secret internals'))), thing: THING, port: 0, host: '127.0.0.1' });
    const url = `http://127.0.0.1:${await server.start()}`;
    try {
      expect(await call(`${url}/v1/Temperature/0/Sensor_Value`)).toMatchObject({ status: 500, body: { error: 'internal error' } });
    } finally {
      await server.close();
    }
  });
});
