import mqtt, { type MqttClient } from 'mqtt';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startAedes, type TestBroker } from '../../test/support/mqtt-brokers.js';
import { freePort } from '../../test/support/processes.js';
import { DATA_ROUTE_OBJECT_ID as ROUTES } from './data-route.js';
import type { MqttConnect } from './mqtt-broker-link.js';
import { decodeRoutePayload, encodeRoutePayload } from './route-payload.js';
import { RouteTable } from './route-table.js';
import { createRoute, FakeWorkloadBus, MemoryDeviceLog, routeTree } from './test-doubles.js';

const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function broker(): Promise<TestBroker> {
  const started = await startAedes();
  closers.push(() => started.close());
  return started;
}

/** A device whose route table counts the MQTT clients it opens. */
function device() {
  const bus = new FakeWorkloadBus();
  const log = new MemoryDeviceLog();
  const tree = routeTree();
  const clients: MqttClient[] = [];
  const connectMqtt: MqttConnect = (options) => {
    const client = mqtt.connect(options);
    clients.push(client);
    return client;
  };
  const table = new RouteTable({ bus, log, coap: () => Promise.resolve('2.04'), connectMqtt });
  closers.push(() => table.close());
  table.attach(tree);
  return { bus, log, tree, table, clients };
}

/** An outside MQTT client, as an integrator's would be. */
async function outsider(url: string): Promise<MqttClient> {
  const client = await mqtt.connectAsync(url, { reconnectPeriod: 0 });
  closers.push(() => client.endAsync(true));
  return client;
}

const brokerUp = (table: RouteTable) => () => expect(table.stats().map((route) => route.broker)).toEqual(['up']);

describe('RouteTable with MQTT brokers', () => {
  it('publishes a workload output to an mqtt:// destination as CBOR', async () => {
    const b = await broker();
    const subscriber = await outsider(b.url);
    const messages: { topic: string; payload: Uint8Array }[] = [];
    subscriber.on('message', (topic, payload) => messages.push({ topic, payload }));
    await subscriber.subscribeAsync('sensors/temp');
    const { bus, tree, table } = device();
    createRoute(tree, 'local://temp/t', `mqtt://127.0.0.1:${b.port}/sensors/temp`);
    await vi.waitFor(brokerUp(table));
    bus.emit('temp', { key: 't', type: 1, value: -3.25 });
    await vi.waitFor(() => expect(messages).toHaveLength(1));
    expect(messages[0]?.topic).toBe('sensors/temp');
    expect(decodeRoutePayload(messages[0]?.payload ?? new Uint8Array())).toEqual({ key: 't', type: 1, value: -3.25 });
    expect(table.stats()).toMatchObject([{ delivered: 1, failed: 0 }]);
  });

  it('delivers messages on an mqtt:// origin to the destination workload', async () => {
    const b = await broker();
    const { bus, tree, table } = device();
    bus.running.add('heater');
    createRoute(tree, `mqtt://127.0.0.1:${b.port}/act/heater`, 'local://heater/target');
    await vi.waitFor(brokerUp(table));
    const publisher = await outsider(b.url);
    await publisher.publishAsync('act/heater', Buffer.from(encodeRoutePayload({ key: 'set', type: 0, value: -20 })));
    await publisher.publishAsync('act/heater', Buffer.from('not cbor'));
    await vi.waitFor(() => expect(table.stats()).toMatchObject([{ delivered: 1, failed: 1 }]));
    expect(bus.inputs).toEqual([{ service: 'heater', input: { key: 'target', type: 0, value: -20 } }]);
  });

  it('shares one client among the routes to a broker and closes it with the last', async () => {
    const b = await broker();
    const { tree, table, clients } = device();
    const first = createRoute(tree, 'local://temp/t', `mqtt://127.0.0.1:${b.port}/a`);
    const second = createRoute(tree, `mqtt://127.0.0.1:${b.port}/b`, 'local://heater/target');
    await vi.waitFor(() => expect(table.stats().map((route) => route.broker)).toEqual(['up', 'up']));
    expect(clients).toHaveLength(1);
    tree.delete([ROUTES, first]);
    expect(clients[0]?.connected).toBe(true);
    tree.delete([ROUTES, second]);
    await vi.waitFor(() => expect(clients[0]?.disconnected).toBe(true));
    expect(clients[0]?.connected).toBe(false);
  });

  it('stops taking messages from an origin topic once its route is deleted', async () => {
    const b = await broker();
    const { bus, tree, table } = device();
    bus.running.add('heater');
    // A second route keeps the shared client connected, so only the subscription goes.
    createRoute(tree, 'local://temp/t', `mqtt://127.0.0.1:${b.port}/out`);
    const id = createRoute(tree, `mqtt://127.0.0.1:${b.port}/in`, 'local://heater/target');
    await vi.waitFor(() => expect(table.stats().map((route) => route.broker)).toEqual(['up', 'up']));
    tree.delete([ROUTES, id]);
    const publisher = await outsider(b.url);
    await publisher.publishAsync('in', Buffer.from(encodeRoutePayload({ key: 'k', type: 0, value: 1 })));
    // A marker through the same broker and client: once it is back, the message above was not delivered.
    const marker = createRoute(tree, `mqtt://127.0.0.1:${b.port}/marker`, 'local://heater/marker');
    await vi.waitFor(() => expect(table.stats().find((route) => route.instanceId === marker)?.broker).toBe('up'));
    await publisher.publishAsync('marker', Buffer.from(encodeRoutePayload({ key: 'k', type: 0, value: 2 })));
    await vi.waitFor(() => expect(bus.inputs).toHaveLength(1));
    expect(bus.inputs[0]?.input).toEqual({ key: 'marker', type: 0, value: 2 });
  });

  it('reconnects and subscribes again after the broker restarts', async () => {
    const b = await broker();
    const { bus, tree, table } = device();
    bus.running.add('heater');
    createRoute(tree, `mqtt://127.0.0.1:${b.port}/act`, 'local://heater/target');
    await vi.waitFor(brokerUp(table));
    await b.restart();
    await vi.waitFor(brokerUp(table), { timeout: 5_000 });
    const publisher = await outsider(b.url);
    await publisher.publishAsync('act', Buffer.from(encodeRoutePayload({ key: 'k', type: 0, value: 5 })));
    await vi.waitFor(() => expect(bus.inputs).toHaveLength(1));
  });

  it('never throws when the broker is down, and logs it once', async () => {
    const port = await freePort();
    const { bus, tree, table, log } = device();
    createRoute(tree, 'local://temp/t', `mqtt://127.0.0.1:${port}/sensors/temp`);
    for (let i = 0; i < 3; i++) expect(() => bus.emit('temp', { key: 't', type: 0, value: i })).not.toThrow();
    await vi.waitFor(() => expect(table.stats()).toMatchObject([{ delivered: 0, failed: 3, broker: 'down' }]));
    expect(log.lines).toHaveLength(1);
    expect(log.lines[0]).toMatch(new RegExp(`^route 0: cannot deliver to mqtt://127.0.0.1:${port}/sensors/temp: MQTT broker 127.0.0.1:${port} is unreachable: .*ECONNREFUSED`));
  });
});
