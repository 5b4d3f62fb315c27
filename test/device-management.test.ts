import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SimulatedDevice } from '../firmware-sim/index.js';
import { CONTENT_FORMAT, isFarsideError, type LwM2mNode, type ObjectInstance, type SingleResource } from '../lwm2m/index.js';
import { Harness } from './harness.js';

function resourceOf(node: LwM2mNode | undefined, id: number): SingleResource | undefined {
  if (node?.kind !== 'instance') return undefined;
  const r = node.resources.get(id);
  return r?.kind === 'single' ? r : undefined;
}

describe('device management toward a simulated device', () => {
  let h: Harness;
  let device: SimulatedDevice;

  beforeEach(async () => {
    h = await new Harness().start();
    device = await h.device('dm-1');
  });
  afterEach(() => h.close());

  describe.each([
    ['SenML CBOR', CONTENT_FORMAT.SENML_CBOR],
    ['SenML JSON', CONTENT_FORMAT.SENML_JSON],
    ['TLV', CONTENT_FORMAT.TLV],
  ])('reads in %s', (_name, accept) => {
    it('reads the Device object instance with its manufacturer and memory figures', async () => {
      const res = await h.server.send('dm-1', { kind: 'read', path: [3, 0], accept });
      expect(res.code).toBe('2.05');
      expect(res.format).toBe(accept);
      expect(resourceOf(res.node, 0)?.value).toBe('farside');
      expect(resourceOf(res.node, 17)?.value).toBe('embServe Node');
      expect(Number(resourceOf(res.node, 10)?.value)).toBeGreaterThan(0);
    });

    it('reads a whole object and a multiple resource', async () => {
      const object = await h.server.send('dm-1', { kind: 'read', path: [3], accept });
      expect(object.node?.kind).toBe('object');
      const sources = await h.server.send('dm-1', { kind: 'read', path: [3, 0, 6], accept });
      expect(sources.node).toMatchObject({ kind: 'multiple', id: 6 });
    });
  });

  it('prefers SenML CBOR when the device announced it', async () => {
    const res = await h.server.send('dm-1', { kind: 'read', path: [3, 0, 0] });
    expect(res.format).toBe(CONTENT_FORMAT.SENML_CBOR);
  });

  it('reads a single resource as plain text', async () => {
    const res = await h.server.send('dm-1', { kind: 'read', path: [3, 0, 1], accept: CONTENT_FORMAT.TEXT });
    expect(res).toMatchObject({ code: '2.05', format: 0, node: { kind: 'single', value: 'nRF52840-sim' } });
  });

  it('passes a device error code through as a value', async () => {
    const missing = await h.server.send('dm-1', { kind: 'read', path: [3, 0, 4] });
    expect(missing.code).toBe('4.05');
    const unknown = await h.server.send('dm-1', { kind: 'read', path: [3303, 9] });
    expect(unknown.code).toBe('4.04');
  });

  it('writes a resource (replace) and reads it back', async () => {
    const write = await h.server.send('dm-1', { kind: 'write', path: [1, 0, 1], mode: 'replace', node: { kind: 'single', id: 1, type: 'integer', value: 120 } });
    expect(write.code).toBe('2.04');
    const read = await h.server.send('dm-1', { kind: 'read', path: [1, 0, 1] });
    expect(read.node).toMatchObject({ value: 120 });
  });

  it('partially updates an instance without touching the other resources', async () => {
    const before = await h.server.send('dm-1', { kind: 'read', path: [1, 0] });
    const update = await h.server.send('dm-1', {
      kind: 'write',
      path: [1, 0],
      mode: 'update',
      node: { kind: 'instance', id: 0, resources: new Map([[1, { kind: 'single', id: 1, type: 'integer', value: 77 }]]) },
    });
    expect(update.code).toBe('2.04');
    const after = await h.server.send('dm-1', { kind: 'read', path: [1, 0] });
    expect(resourceOf(after.node, 1)?.value).toBe(77);
    expect(resourceOf(after.node, 7)?.value).toEqual(resourceOf(before.node, 7)?.value);
  });

  it('refuses to write a read-only resource with 4.05', async () => {
    const res = await h.server.send('dm-1', { kind: 'write', path: [3, 0, 0], mode: 'replace', node: { kind: 'single', id: 0, type: 'string', value: 'x' } });
    expect(res.code).toBe('4.05');
  });

  it('executes a resource with arguments', async () => {
    const calls: (string | undefined)[] = [];
    device.tree.onExecute([3, 0, 4], (args) => calls.push(args));
    const res = await h.server.send('dm-1', { kind: 'execute', path: [3, 0, 4], args: "0='now'" });
    expect(res.code).toBe('2.04');
    expect(calls).toEqual(["0='now'"]);
    expect((await h.server.send('dm-1', { kind: 'execute', path: [3, 0, 0] })).code).toBe('4.05');
  });

  it('creates an object instance, reads it, then deletes it', async () => {
    const instance: ObjectInstance = {
      kind: 'instance',
      id: 7,
      resources: new Map([
        [27200, { kind: 'single', id: 27200, type: 'string', value: 'local://temp/t' }],
        [27201, { kind: 'single', id: 27201, type: 'string', value: 'mqtt://broker/temp' }],
      ]),
    };
    const updated = h.next('updated');
    const created = await h.server.send('dm-1', { kind: 'create', path: [35001], instance });
    expect(created).toMatchObject({ code: '2.01', path: [35001, 7] });
    // A new instance changes the object list: the device tells the server.
    const [{ objectsChanged, registration }] = await updated;
    expect(objectsChanged).toBe(true);
    expect(registration.objects.get(35001)?.instances).toEqual([7]);
    const read = await h.server.send('dm-1', { kind: 'read', path: [35001, 7, 27201] });
    expect(read.node).toMatchObject({ value: 'mqtt://broker/temp' });
    expect((await h.server.send('dm-1', { kind: 'delete', path: [35001, 7] })).code).toBe('2.02');
    expect((await h.server.send('dm-1', { kind: 'read', path: [35001, 7] })).code).toBe('4.04');
  });

  it('creates an instance without an id and learns the id the device chose', async () => {
    const created = await h.server.send('dm-1', {
      kind: 'create',
      path: [35001],
      instance: { kind: 'instance', resources: new Map([
        [27200, { kind: 'single', id: 27200, type: 'string', value: 'local://svc/out' }],
        [27201, { kind: 'single', id: 27201, type: 'string', value: 'coap://127.0.0.1:5683/in' }],
      ]) },
    });
    expect(created.code).toBe('2.01');
    expect(created.path?.[0]).toBe(35001);
    expect(typeof created.path?.[1]).toBe('number');
  });

  it('discovers the resources of an instance, with attributes written on them', async () => {
    expect((await h.server.send('dm-1', { kind: 'writeAttributes', path: [3, 0, 9], attributes: { pmin: 5, pmax: 60 } })).code).toBe('2.04');
    const res = await h.server.send('dm-1', { kind: 'discover', path: [3, 0] });
    expect(res.code).toBe('2.05');
    const battery = res.links?.find((l) => l.uri === '/3/0/9');
    expect(battery?.params).toMatchObject({ pmin: '5', pmax: '60' });
    expect(res.links?.some((l) => l.uri === '/3/0/0')).toBe(true);
  });

  it('rejects write-attributes whose thresholds contradict each other', async () => {
    const res = await h.server.send('dm-1', { kind: 'writeAttributes', path: [4, 0, 2], attributes: { lt: 10, gt: 5 } });
    expect(res.code).toBe('4.00');
  });

  it('observes a resource and receives notifications until it cancels', async () => {
    const { response, observation } = await h.server.observe('dm-1', [4, 0, 2]);
    expect(response.code).toBe('2.05');
    expect(observation).toBeDefined();
    const notified = h.next('notification');
    device.tree.setValue([4, 0, 2], -42);
    const [n] = await notified;
    expect(n.node).toMatchObject({ kind: 'single', value: -42 });
    expect(n.observation.id).toBe(observation!.id);
    expect(h.server.observations('dm-1')).toHaveLength(1);

    h.server.cancelObservation(observation!.id, 'passive');
    expect(h.server.observations('dm-1')).toHaveLength(0);
    let late = 0;
    h.server.on('notification', () => late++);
    device.tree.setValue([4, 0, 2], -50);
    await new Promise((r) => setTimeout(r, 300));
    // The gateway answered the next notification with RST, which ends it on the device.
    device.tree.setValue([4, 0, 2], -55);
    await new Promise((r) => setTimeout(r, 300));
    expect(late).toBe(0);
  });

  it('cancels an observation actively with Observe=1', async () => {
    const { observation } = await h.server.observe('dm-1', [3, 0, 9]);
    h.server.cancelObservation(observation!.id, 'active');
    let late = 0;
    h.server.on('notification', () => late++);
    device.tree.setValue([3, 0, 9], 11);
    await new Promise((r) => setTimeout(r, 300));
    expect(late).toBe(0);
  });

  it('drops a device\'s observations when its endpoint registers again', async () => {
    await h.server.observe('dm-1', [4, 0, 2]);
    expect(h.server.observations('dm-1')).toHaveLength(1);
    const client = await h.rawClient();
    const registered = h.next('registered');
    const res = await client.request(h.address, { method: 'POST', path: ['rd'], query: ['ep=dm-1', 'lwm2m=1.1'], contentFormat: 40, payload: new TextEncoder().encode('</3/0>') });
    expect(res.code).toBe('2.01');
    const [{ replaced }] = await registered;
    expect(replaced?.endpoint).toBe('dm-1');
    expect(h.server.observations('dm-1')).toHaveLength(0);
    let late = 0;
    h.server.on('notification', () => late++);
    device.tree.setValue([4, 0, 2], -61);
    await new Promise((r) => setTimeout(r, 300));
    expect(late).toBe(0);
  });

  it('fails with a typed not-found error for an endpoint that is not registered', async () => {
    await expect(h.server.send('nobody', { kind: 'read', path: [3, 0] })).rejects.toSatisfy((e) => isFarsideError(e, 'FARSIDE_ERR_NOT_FOUND'));
  });
});

describe('larger exchanges and device-initiated data', () => {
  let h: Harness;
  let device: SimulatedDevice;

  beforeEach(async () => {
    h = await new Harness().start();
    device = await h.device('big-1');
  });
  afterEach(() => h.close());

  const blob = (size: number, seed: number) => Uint8Array.from({ length: size }, (_, i) => (i * 31 + seed) & 0xff);

  it('reads a resource larger than 1 KB block-wise (Block2) and gets every byte', async () => {
    const data = blob(5000, 7);
    device.tree.addInstance(19, { id: 1, resources: new Map([[0, { kind: 'multiple', id: 0, type: 'opaque', instances: new Map([[0, data]]) }]]) });
    const res = await h.server.send('big-1', { kind: 'read', path: [19, 1, 0, 0], accept: CONTENT_FORMAT.OPAQUE });
    expect(res.code).toBe('2.05');
    expect(res.node).toMatchObject({ kind: 'resourceInstance', type: 'opaque' });
    expect(Buffer.from((res.node as { value: Uint8Array }).value).equals(Buffer.from(data))).toBe(true);
  });

  it('writes a payload larger than 1 KB block-wise (Block1) and the device stores all of it', async () => {
    device.tree.addInstance(19, { id: 1, resources: new Map([[0, { kind: 'multiple', id: 0, type: 'opaque', instances: new Map([[0, new Uint8Array([1])]]) }]]) });
    const data = blob(4000, 3);
    const res = await h.server.send('big-1', {
      kind: 'write',
      path: [19, 1, 0],
      mode: 'replace',
      node: { kind: 'multiple', id: 0, type: 'opaque', instances: new Map([[0, data]]) },
    });
    expect(res.code).toBe('2.04');
    const stored = device.tree.getResource([19, 1, 0]);
    expect(stored?.kind).toBe('multiple');
    const value = stored?.kind === 'multiple' ? stored.instances.get(0) : undefined;
    expect(value).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(value as Uint8Array).equals(Buffer.from(data))).toBe(true);
  });

  it('receives data a device pushes with Send (/dp)', async () => {
    const sent = h.next('send');
    expect(await device.send([[3, 0, 9], [4, 0, 2]])).toBe('2.04');
    const [{ registration, nodes }] = await sent;
    expect(registration.endpoint).toBe('big-1');
    expect(nodes.map((n) => n.path)).toEqual([[3, 0, 9], [4, 0, 2]]);
    expect(nodes[0]!.time).toBeInstanceOf(Date);
  });

  it('refuses Send from an address that is not registered', async () => {
    const client = await h.rawClient();
    const res = await client.request(h.address, { method: 'POST', path: ['dp'], contentFormat: CONTENT_FORMAT.SENML_JSON, payload: new TextEncoder().encode('[{"n":"/3/0/9","v":1}]') });
    expect(res.code).toBe('4.03');
  });

  it('ends an observation with 4.04 when the observed instance is deleted', async () => {
    device.tree.addInstance(35001, { id: 3, resources: new Map([
      [27200, { kind: 'single', id: 27200, type: 'string', value: 'local://a/x' }],
      [27201, { kind: 'single', id: 27201, type: 'string', value: 'local://b/y' }],
    ]) });
    const { observation } = await h.server.observe('big-1', [35001, 3]);
    expect(observation).toBeDefined();
    const ended = h.next('notification');
    expect((await h.server.send('big-1', { kind: 'delete', path: [35001, 3] })).code).toBe('2.02');
    const [n] = await ended;
    expect(n.code).toBe('4.04');
    expect(h.server.observations('big-1')).toHaveLength(0);
  });

  it('creates an instance without an id over TLV and the device picks the id', async () => {
    const make = () => h.server.send('big-1', {
      kind: 'create',
      path: [35001],
      instance: { kind: 'instance', resources: new Map([
        [27200, { kind: 'single', id: 27200, type: 'string', value: 'local://svc/out' }],
        [27201, { kind: 'single', id: 27201, type: 'string', value: 'coap://127.0.0.1:5683/in' }],
      ]) },
    });
    const first = await make();
    const second = await make();
    expect(first.code).toBe('2.01');
    expect(second.code).toBe('2.01');
    expect(first.path).toBeDefined();
    expect(second.path?.[1]).not.toBe(first.path?.[1]);
  });
});
