import { once } from 'node:events';
import mqtt from 'mqtt';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ERROR_CODES, isFarsideError } from '../../errors/index.js';
import { startAedes, startMosquitto, type TestBroker } from '../../test/support/mqtt-brokers.js';
import { startFakeResponder, type FakeResponder } from '../../test/support/sdf-responder.js';
import { encodeAnnounce, encodeUnregister } from '../contract/announce.js';
import { encodeNotification } from '../contract/notification.js';
import type { SdfNotification } from '../contract/payloads.js';
import { formatSdfTopic, type SdfObservableTopic, type SdfTopic } from '../contract/topics.js';
import type { SdfClientWarning } from './events.js';
import { SdfClient } from './sdf-client.js';

const setups = [
  { name: 'aedes over MQTT 3.1.1', startBroker: startAedes, protocolVersion: 4 },
  { name: 'mosquitto over MQTT 5', startBroker: startMosquitto, protocolVersion: 5 },
] as const;

const temperature: SdfObservableTopic = { level: 'instance', thing: 'dev1', object: 'Temperature', instance: '0' };
const sensorValue: SdfObservableTopic = { ...temperature, level: 'property', property: 'Sensor_Value' };

function notification(seq: number): SdfNotification {
  return { dev1: { sdfObject: { Temperature: [{ label: '0', sdfProperty: { Sensor_Value: String(20 + seq) } }] } }, seq, ts: 1_700_000_000_000 + seq };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

describe.each(setups)('SdfClient through $name', ({ startBroker, protocolVersion }) => {
  let broker: TestBroker;
  let responder: FakeResponder;
  let client: SdfClient;
  let warnings: SdfClientWarning[];

  beforeAll(async () => {
    broker = await startBroker();
  });
  afterAll(async () => {
    await broker.close();
  });
  beforeEach(async () => {
    responder = await startFakeResponder({ url: broker.url, protocolVersion });
    client = new SdfClient({ url: broker.url, protocolVersion, requestTimeoutMs: 2_000, reconnectPeriodMs: 50 });
    warnings = [];
    client.on('warning', (warning) => warnings.push(warning));
    await client.start();
  });
  afterEach(async () => {
    await client.close();
    await responder.close();
  });

  it('resolves a request with the reply the gateway sent, values as text by default', async () => {
    const response = await client.request(temperature, 'GET');
    expect(response).toEqual({ response_code: 69, sdfObject: { Temperature: [{ label: '0', sdfProperty: { Sensor_Value: '21.5' } }] } });
    expect(responder.received[0]).toMatchObject({ topic: 'dev1/Temperature/0', request: { operation: 'GET' }, encoding: 'json', values: 'compat' });
  });

  it('matches concurrent requests to their own replies when the replies come back in another order', async () => {
    responder.handle = async ({ target }) => {
      const instance = (target as Extract<SdfTopic, { level: 'instance' }>).instance;
      await new Promise((resolve) => setTimeout(resolve, 60 - 30 * Number(instance)));
      return { response_code: 69, sdfObject: { Temperature: [{ label: instance }] } };
    };
    const labels = await Promise.all(
      ['0', '1', '2'].map(async (instance) => (await client.request({ ...temperature, instance }, 'GET')).sdfObject?.Temperature?.[0]?.label),
    );
    expect(labels).toEqual(['0', '1', '2']);
  });

  it('resolves with an error reply as a value rather than rejecting', async () => {
    const response = await client.request({ level: 'thing', thing: 'missing' }, 'GET');
    expect(response).toEqual({ response_code: 132, error: { title: 'Not Found', detail: 'no thing named missing' } });
  });

  it('sends data as the body field and lists things', async () => {
    await client.request(sensorValue, 'PUT', '22');
    expect(responder.received[0]?.request).toMatchObject({ operation: 'PUT', data: '22' });
    expect(await client.things()).toEqual({ response_code: 69, things: { dev1: { sdfObject: { Temperature: [{ label: '0' }] } } } });
  });

  it('rejects with FarsideError TIMEOUT when no reply comes in time', async () => {
    responder.handle = () => undefined;
    const err = await rejection(client.request(temperature, 'GET', undefined, { timeoutMs: 100 }));
    expect(isFarsideError(err, ERROR_CODES.TIMEOUT)).toBe(true);
  });

  it('rejects with FarsideError CANCELLED when the signal aborts or the client closes', async () => {
    responder.handle = () => undefined;
    const aborting = new AbortController();
    const aborted = client.request(temperature, 'GET', undefined, { signal: aborting.signal });
    aborting.abort();
    expect(isFarsideError(await rejection(aborted), ERROR_CODES.CANCELLED)).toBe(true);
    const waiting = rejection(client.request(temperature, 'GET'));
    await client.close();
    expect(isFarsideError(await waiting, ERROR_CODES.CANCELLED)).toBe(true);
    expect(isFarsideError(await rejection(client.request(temperature, 'GET')), ERROR_CODES.CANCELLED)).toBe(true);
  });

  it.runIf(protocolVersion === 5)('sends CBOR with its Content Type and asks for typed values with a user property', async () => {
    const response = await client.request(temperature, 'GET', undefined, { encoding: 'cbor', values: 'typed' });
    expect(response.sdfObject?.Temperature?.[0]?.sdfProperty?.Sensor_Value).toBe(21.5);
    expect(responder.received[0]).toMatchObject({ encoding: 'cbor', values: 'typed', routing: 'properties', userProperties: { 'sdf-values': 'typed' } });
    expect(responder.received[0]?.request.responseTopic).toBeUndefined();
    await client.request(sensorValue, 'PUT', new Uint8Array([0xca, 0xfe]), { encoding: 'cbor' });
    expect(new Uint8Array(responder.received[1]?.request.data as Uint8Array)).toEqual(new Uint8Array([0xca, 0xfe]));
  });

  it.runIf(protocolVersion === 4)('carries the reply topic, correlation id and values mode in the body', async () => {
    const response = await client.request(temperature, 'GET', undefined, { values: 'typed' });
    expect(response.sdfObject?.Temperature?.[0]?.sdfProperty?.Sensor_Value).toBe(21.5);
    const received = responder.received[0];
    expect(received).toMatchObject({ routing: 'body', values: 'typed', request: { responseTopic: `farside/clients/${client.clientId}/replies` } });
    expect(received?.request.correlationId).toMatch(/^[0-9a-f]{8}-\d+$/);
  });

  it.runIf(protocolVersion === 4)('refuses CBOR, which MQTT 3.1.1 cannot announce', async () => {
    const err = await rejection(client.request(temperature, 'GET', undefined, { encoding: 'cbor' }));
    expect(isFarsideError(err, ERROR_CODES.INVALID_INPUT)).toBe(true);
    expect(responder.received).toEqual([]);
  });

  it('delivers notifications on the observed topic and skips requests and replies published there', async () => {
    const seen: SdfNotification[] = [];
    const observation = await client.observe(temperature, (n) => seen.push(n));
    expect(observation.response.response_code).toBe(69);
    expect(responder.received[0]?.request.operation).toBe('START_OBSERVE');
    // Another client's request without a reply topic: the responder answers on the topic itself.
    const other = await mqtt.connectAsync(broker.url, { protocolVersion });
    await other.publishAsync('dev1/Temperature/0', '{"operation":"GET"}', { qos: 1 });
    await vi.waitFor(() => expect(responder.received).toHaveLength(2));
    await other.endAsync();
    await responder.publish('dev1/Temperature/0', encodeNotification(notification(1)));
    await responder.publish('dev1/Temperature/0', encodeNotification(notification(2)));
    await vi.waitFor(() => expect(seen.map((n) => n.seq)).toEqual([1, 2]));
    expect(warnings).toEqual([]);
  });

  it('warns when a notification listener throws and still calls the other listeners', async () => {
    const seen: number[] = [];
    await client.observe(temperature, () => {
      throw new Error('listener bug');
    });
    await client.observe(temperature, (n) => seen.push(n.seq));
    await responder.publish('dev1/Temperature/0', encodeNotification(notification(4)));
    await vi.waitFor(() => expect(seen).toEqual([4]));
    expect(warnings).toEqual([expect.objectContaining({ message: 'a notification listener threw', topic: 'dev1/Temperature/0' })]);
  });

  it('stops delivering and sends STOP_OBSERVE when an observation stops', async () => {
    const seen: SdfNotification[] = [];
    const observation = await client.observe(sensorValue, (n) => seen.push(n));
    await observation.stop();
    await observation.stop();
    expect(responder.received.map((r) => r.request.operation)).toEqual(['START_OBSERVE', 'STOP_OBSERVE']);
    await responder.publish(formatSdfTopic(sensorValue), encodeNotification(notification(1)));
    // A request round trip after the notification: had it been delivered, it would be by now.
    await client.request(temperature, 'GET');
    expect(seen).toEqual([]);
  });

  it('observes nothing when START_OBSERVE is answered with an error code', async () => {
    const observation = await client.observe({ ...temperature, thing: 'missing' }, () => expect.fail('no notification expected'));
    expect(observation.response.response_code).toBe(132);
    await observation.stop();
    expect(responder.received.map((r) => r.request.operation)).toEqual(['START_OBSERVE']);
  });

  it('hears announces and unregisters', async () => {
    const announced = new Promise((resolve) => client.onAnnounce(resolve));
    const unregistered = new Promise((resolve) => client.onUnregister(resolve));
    const things = { dev2: { sdfObject: { Device: [{ label: '0', sdfProperty: { Manufacturer: 'farside' } }] } } };
    await responder.publish('announce', encodeAnnounce(things));
    await responder.publish('unregister', encodeUnregister('dev2'));
    expect(await announced).toEqual(things);
    expect(await unregistered).toBe('dev2');
  });

  it('warns about, and otherwise ignores, an announce it cannot read', async () => {
    await responder.publish('announce', new TextEncoder().encode('{"dev2":{}}'));
    await vi.waitFor(() => expect(warnings[0]).toMatchObject({ topic: 'announce', message: expect.stringMatching(/could not be read/) }));
  });

  it('resubscribes after the broker restarts, then serves requests, notifications and announces again', async () => {
    const seen: SdfNotification[] = [];
    await client.observe(temperature, (n) => seen.push(n));
    const offline = once(client, 'offline');
    const ready = once(client, 'ready');
    await broker.restart();
    await offline;
    expect(await ready).toEqual([{ reconnect: true }]);
    await responder.ready();
    expect((await client.request(temperature, 'GET')).response_code).toBe(69);
    await responder.publish('dev1/Temperature/0', encodeNotification(notification(7)));
    await vi.waitFor(() => expect(seen.map((n) => n.seq)).toEqual([7]));
    const announced = new Promise((resolve) => client.onAnnounce(resolve));
    await responder.publish('announce', encodeAnnounce({ dev3: { sdfObject: {} } }));
    expect(await announced).toEqual({ dev3: { sdfObject: {} } });
  });

  it('holds a request made while offline until it is connected and subscribed again', async () => {
    // Reconnecting later than the responder (50 ms), so the request cannot overtake its subscription.
    const slow = new SdfClient({ url: broker.url, protocolVersion, reconnectPeriodMs: 300 });
    slow.on('warning', () => undefined);
    await slow.start();
    try {
      const offline = once(slow, 'offline');
      await broker.restart();
      await offline;
      const reply = slow.request(temperature, 'GET');
      expect(slow.state).toBe('connecting');
      expect((await reply).response_code).toBe(69);
    } finally {
      await slow.close();
    }
  });
});
