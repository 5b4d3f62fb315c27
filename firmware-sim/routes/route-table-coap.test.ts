import { afterEach, describe, expect, it, vi } from 'vitest';
import { CoapUdpEndpoint, type CoapPeer, type InboundHandler, type InboundRequest } from '../../lwm2m/index.js';
import { coapSenderOf, type CoapSender } from './coap-route-sender.js';
import { DATA_ROUTE_OBJECT_ID as ROUTES } from './data-route.js';
import { decodeRoutePayload, encodeRoutePayload } from './route-payload.js';
import { RouteTable } from './route-table.js';
import { createRoute, FakeWorkloadBus, MemoryDeviceLog, routeTree } from './test-doubles.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function endpoint(onRequest?: InboundHandler): Promise<{ endpoint: CoapUdpEndpoint; peer: CoapPeer }> {
  const created = new CoapUdpEndpoint({ address: '127.0.0.1', onRequest });
  const started = await created.start();
  closers.push(() => created.close());
  return { endpoint: created, peer: { address: '127.0.0.1', port: started.port } };
}

/** A device: its CoAP endpoint serves route paths (else 4.04) and sends routes' POSTs. */
async function device(coap?: CoapSender) {
  const bus = new FakeWorkloadBus();
  const log = new MemoryDeviceLog();
  const tree = routeTree();
  // The table sends through the endpoint that serves its paths, as the device wires them.
  const table = new RouteTable({ bus, log, coap: coap ?? ((...args) => sendFromDevice(...args)) });
  closers.push(() => table.close());
  const own = await endpoint((request) => table.handleCoapRequest(request) ?? { code: '4.04' });
  const sendFromDevice = coapSenderOf(own.endpoint, 2_000);
  table.attach(tree);
  return { bus, log, tree, table, peer: own.peer };
}

/** A CoAP peer that records what it is sent and answers `code`. */
async function receiver(code = '2.04') {
  const received: InboundRequest[] = [];
  const { peer } = await endpoint((request) => {
    received.push(request);
    return { code };
  });
  return { received, peer };
}

describe('RouteTable with CoAP peers', () => {
  it('POSTs a workload output to a coap:// destination as CBOR from the device endpoint', async () => {
    const { bus, tree, table, peer: devicePeer } = await device();
    const { received, peer } = await receiver();
    createRoute(tree, 'local://temp/t', `coap://127.0.0.1:${peer.port}/data/in`);
    bus.emit('temp', { key: 't', type: 1, value: 21.5 });
    await vi.waitFor(() => expect(table.stats()[0]?.delivered).toBe(1));
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ method: 'POST', path: ['data', 'in'], contentFormat: 60, peer: devicePeer });
    expect(decodeRoutePayload(received[0]?.payload ?? new Uint8Array())).toEqual({ key: 't', type: 1, value: 21.5 });
  });

  it('resolves a host name before sending', async () => {
    const { bus, tree, table } = await device();
    const { received, peer } = await receiver();
    createRoute(tree, 'local://temp/t', `coap://localhost:${peer.port}/x`);
    bus.emit('temp', { key: 't', type: 0, value: 7 });
    await vi.waitFor(() => expect(table.stats()[0]?.delivered).toBe(1));
    expect(received[0]?.path).toEqual(['x']);
  });

  it('counts and logs a peer that answers with an error', async () => {
    const { bus, tree, table, log } = await device();
    const { peer } = await receiver('4.04');
    createRoute(tree, 'local://temp/t', `coap://127.0.0.1:${peer.port}/x`);
    bus.emit('temp', { key: 't', type: 0, value: 7 });
    await vi.waitFor(() => expect(table.stats()[0]?.failed).toBe(1));
    expect(log.lines).toEqual([`route 0: cannot deliver to coap://127.0.0.1:${peer.port}/x: the peer answered 4.04`]);
  });

  it('never throws when a peer is unreachable, and logs it once', async () => {
    const { bus, tree, table, log } = await device(() => Promise.reject(new Error('no response within 2000 ms')));
    createRoute(tree, 'local://temp/t', 'coap://10.0.0.7/x');
    for (let i = 0; i < 3; i++) expect(() => bus.emit('temp', { key: 't', type: 0, value: i })).not.toThrow();
    await vi.waitFor(() => expect(table.stats()[0]?.failed).toBe(3));
    expect(log.lines).toEqual(['route 0: cannot deliver to coap://10.0.0.7/x: no response within 2000 ms']);
  });

  it('counts an output that cannot be sent as the route type says', async () => {
    const sent: Uint8Array[] = [];
    const { bus, tree, table, log } = await device(async (_peer, _path, payload) => {
      sent.push(payload);
      return '2.04';
    });
    createRoute(tree, 'local://temp/t', 'coap://10.0.0.7/x');
    bus.emit('temp', { key: 't', type: 0, value: 1.5 });
    expect(sent).toEqual([]);
    expect(table.stats()).toMatchObject([{ delivered: 0, failed: 1 }]);
    expect(log.lines[0]).toMatch(/^route 0: cannot send temp\/t: .*int32/);
  });
});

describe('RouteTable serving an inbound coap:// route', () => {
  async function inbound() {
    const d = await device();
    const client = await endpoint();
    createRoute(d.tree, 'coap://0.0.0.0:5683/act/set', 'local://heater/target');
    const post = (payload: Uint8Array, path = ['act', 'set'], method: 'POST' | 'PUT' | 'GET' = 'POST') =>
      client.endpoint.request(d.peer, { method, path, contentFormat: 60, payload }, { timeoutMs: 2_000 });
    return { ...d, post };
  }

  it('hands a POSTed value to the destination workload under the destination key, and answers 2.04', async () => {
    const { bus, post, table } = await inbound();
    bus.running.add('heater');
    const response = await post(encodeRoutePayload({ key: 'whatever', type: 1, value: 19.5 }));
    expect(response.code).toBe('2.04');
    expect(bus.inputs).toEqual([{ service: 'heater', input: { key: 'target', type: 1, value: 19.5 } }]);
    expect(table.stats()).toMatchObject([{ delivered: 1, failed: 0 }]);
  });

  it('takes PUT as well as POST', async () => {
    const { bus, post } = await inbound();
    bus.running.add('heater');
    expect((await post(encodeRoutePayload({ key: 'k', type: 0, value: 3 }), ['act', 'set'], 'PUT')).code).toBe('2.04');
    expect(bus.inputs).toHaveLength(1);
  });

  it('answers 4.00 with the reason to a payload that is not [key, type, bytes]', async () => {
    const { bus, post, table } = await inbound();
    bus.running.add('heater');
    const response = await post(Uint8Array.of(0x83, 0x61, 0x74, 0x00, 0x43, 1, 2, 3));
    expect(response.code).toBe('4.00');
    expect(new TextDecoder().decode(response.payload)).toMatch(/value must be 4 bytes/);
    expect(bus.inputs).toEqual([]);
    expect(table.stats()).toMatchObject([{ delivered: 0, failed: 1 }]);
  });

  it('answers 5.03 when the destination workload is not running', async () => {
    const { post } = await inbound();
    expect((await post(encodeRoutePayload({ key: 'k', type: 0, value: 3 }))).code).toBe('5.03');
  });

  it('leaves other paths and deleted routes to the device, which answers 4.04', async () => {
    const { bus, post, tree } = await inbound();
    bus.running.add('heater');
    const payload = encodeRoutePayload({ key: 'k', type: 0, value: 3 });
    expect((await post(payload, ['act'])).code).toBe('4.04');
    expect(tree.delete([ROUTES, 0]).code).toBe('2.02');
    expect((await post(payload)).code).toBe('4.04');
    expect(bus.inputs).toEqual([]);
  });

  it('answers 4.05 to a GET on a route path', async () => {
    const { post } = await inbound();
    expect((await post(new Uint8Array(), ['act', 'set'], 'GET')).code).toBe('4.05');
  });
});
