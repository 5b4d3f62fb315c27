import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SdfMqttBinding } from '../gateway/index.js';
import { nodeFromThing } from '../kubelet/index.js';
import { SdfClient } from '../sdf-models/index.js';
import { InMemoryThingSink, ThingWatcher } from '../watcher/index.js';
import { Harness } from './harness.js';
import { startAedes, type TestBroker } from './support/mqtt-brokers.js';

describe('the thing watcher against a gateway over SDF/MQTT', () => {
  let broker: TestBroker;
  let h: Harness;
  let binding: SdfMqttBinding;
  let client: SdfClient;
  const watchers: ThingWatcher[] = [];

  const watch = async (sink = new InMemoryThingSink()): Promise<InMemoryThingSink> => {
    const watcher = new ThingWatcher({ source: client, sink, requestTimeoutMs: 3_000 });
    watchers.push(watcher);
    await watcher.start();
    return sink;
  };

  beforeAll(async () => {
    broker = await startAedes();
  });
  afterAll(() => broker.close());

  beforeEach(async () => {
    h = await new Harness({ requestTimeoutMs: 1_500 }).start();
    binding = new SdfMqttBinding(h.server, { url: broker.url, protocolVersion: 4 });
    await binding.start();
    client = new SdfClient({ url: broker.url, protocolVersion: 4, requestTimeoutMs: 4_000, reconnectPeriodMs: 300 });
    await client.start();
  });
  afterEach(async () => {
    for (const watcher of watchers.splice(0)) await watcher.stop();
    await client.close();
    await h.close();
    await binding.close();
  });

  it('puts devices that register into the sink, and their description makes a FITA node', async () => {
    const sink = await watch();
    await h.device('dev-1');
    await h.device('dev-2');
    await expect.poll(() => [...sink.things.keys()].sort()).toEqual(['dev-1', 'dev-2']);
    const node = nodeFromThing('dev-1', sink.things.get('dev-1')!, { prefix: 'farside' });
    expect(node.metadata?.name).toBe('farside-dev-1');
    expect(node.metadata?.labels).toMatchObject({
      'extra.resources.fhp/embserve': 'true',
      'extra.resources.fhp/temperature': 'true',
      'extra.resources.fhp/humidity': 'true',
      'extra.resources.fhp/accelerometer': 'true',
      'extra.resources.fhp/tinyml': 'true',
    });
    expect(node.status?.capacity?.['memory']).toBe('256Ki');
    expect(node.metadata?.annotations?.['embserve.fhp.pt/model']).toBe('nRF52840-sim');
  });

  it('removes a device that stops', async () => {
    const sink = await watch();
    const device = await h.device('dev-1');
    await expect.poll(() => sink.things.has('dev-1')).toBe(true);
    await device.stop();
    await expect.poll(() => sink.things.has('dev-1')).toBe(false);
  });

  it('reconciles devices that registered before it started, with their values, and a restart adds no duplicates', async () => {
    await h.device('dev-1');
    await h.device('dev-2');
    const upserts: string[] = [];
    const removes: string[] = [];
    const sink = new InMemoryThingSink();
    const counted = {
      upsert: (t: string, d: Parameters<InMemoryThingSink['upsert']>[1]) => (upserts.push(t), sink.upsert(t, d)),
      remove: (t: string) => (removes.push(t), sink.remove(t)),
      known: () => sink.known(),
    };
    const first = new ThingWatcher({ source: client, sink: counted });
    await first.start();
    await first.stop();
    const second = new ThingWatcher({ source: client, sink: counted });
    watchers.push(second);
    await second.start();
    expect([...sink.things.keys()].sort()).toEqual(['dev-1', 'dev-2']);
    // Late announces may upsert again: updates of the same two things, never a removal or a third thing.
    expect(new Set(upserts)).toEqual(new Set(['dev-1', 'dev-2']));
    expect(removes).toEqual([]);
    const node = nodeFromThing('dev-2', sink.things.get('dev-2')!, { prefix: 'farside' });
    expect(node.status?.capacity?.['memory']).toBe('256Ki');
  });

  it('removes on start a thing that vanished while the watcher was down', async () => {
    await h.device('dev-1');
    const sink = new InMemoryThingSink([['gone', { Device: [{ label: '0' }] }]]);
    await watch(sink);
    expect([...sink.things.keys()]).toEqual(['dev-1']);
  });

  it('after its MQTT connection comes back, removes a device whose unregister it never heard', async () => {
    const sink = await watch();
    const device = await h.device('dev-1');
    await h.device('dev-2');
    await expect.poll(() => sink.things.size).toBe(2);
    // The gateway's MQTT side goes away, so dev-1's leaving is published nowhere.
    await binding.close();
    await device.stop();
    binding = new SdfMqttBinding(h.server, { url: broker.url, protocolVersion: 4, reconnectPeriodMs: 20 });
    await binding.start();
    expect([...sink.things.keys()].sort()).toEqual(['dev-1', 'dev-2']);
    // The client retries more slowly than the binding, so the gateway answers `things` when the client is back.
    const reconciled = new Promise((resolve) => watchers[0]!.once('reconciled', resolve));
    await broker.restart();
    await reconciled;
    expect([...sink.things.keys()]).toEqual(['dev-2']);
  });
});
