import { afterEach, describe, expect, it } from 'vitest';
import { singleResource } from '../../lwm2m/index.js';
import { DATA_ROUTE_OBJECT_ID as ROUTES, DATA_ROUTE_RESOURCE as RES } from './data-route.js';
import { RouteTable, type RouteTableOptions } from './route-table.js';
import { createRoute, FakeWorkloadBus, MemoryDeviceLog, newRoute, routeTree } from './test-doubles.js';

const tables: RouteTable[] = [];
afterEach(async () => {
  await Promise.all(tables.splice(0).map((table) => table.close()));
});

function setup(options: Partial<RouteTableOptions> = {}) {
  const bus = new FakeWorkloadBus();
  const log = new MemoryDeviceLog();
  const tree = routeTree();
  const table = new RouteTable({ bus, log, coap: () => Promise.resolve('2.04'), ...options });
  tables.push(table);
  table.attach(tree);
  const instances = () => tree.registeredObjects().objects.get(ROUTES)?.instances ?? [];
  return { bus, log, tree, table, instances };
}

const instanceWrite = (id: number, origin: string, destination: string) => ({
  kind: 'instance' as const,
  id,
  resources: new Map([
    [RES.ORIGIN_URI, singleResource(RES.ORIGIN_URI, 'string', origin)],
    [RES.DESTINATION_URI, singleResource(RES.DESTINATION_URI, 'string', destination)],
  ]),
});

describe('RouteTable: creating, writing and deleting routes', () => {
  it.each([
    ['local://temp/t', 'coap://10.0.0.7/data'],
    ['local://temp/t', 'mqtt://broker/sensors/temp'],
    ['local://temp/t', 'local://alarm/in'],
    ['coap://0.0.0.0/act', 'local://alarm/in'],
    ['mqtt://broker/act', 'local://alarm/in'],
  ])('creates a route from %s to %s', (origin, destination) => {
    const { tree, table } = setup({ connectMqtt: undefined });
    expect(tree.create([ROUTES], newRoute(origin, destination)).code).toBe('2.01');
    expect(table.stats()).toMatchObject([{ instanceId: 0, origin, destination, delivered: 0, failed: 0 }]);
  });

  it.each([
    ['http://host/x', 'local://alarm/in'],
    ['local://temp/t', 'mqtt://broker/sensors/#'],
    ['local://temp/', 'local://alarm/in'],
    ['coap://10.0.0.7/a', 'mqtt://broker/t'],
    ['mqtt://broker/t', 'coap://10.0.0.7/a'],
    ['coap://10.0.0.7/a', 'coap://10.0.0.8/b'],
    ['mqtt://broker/a', 'mqtt://broker/b'],
    ['coap://10.0.0.7/3/0', 'local://alarm/in'],
  ])('answers 4.00 to a route from %s to %s and creates nothing', (origin, destination) => {
    const { tree, table, instances } = setup();
    expect(tree.create([ROUTES], newRoute(origin, destination)).code).toBe('4.00');
    expect(instances()).toEqual([]);
    expect(table.stats()).toEqual([]);
  });

  it('refuses a route beyond the device limit with 4.00', () => {
    const { tree, instances } = setup({ maxRoutes: 2 });
    createRoute(tree, 'local://a/x', 'local://b/x');
    createRoute(tree, 'local://a/y', 'local://b/y');
    expect(tree.create([ROUTES], newRoute('local://a/z', 'local://b/z')).code).toBe('4.00');
    expect(instances()).toEqual([0, 1]);
  });

  it('refuses a Write that would make a bad route and keeps the old one', () => {
    const { tree, table } = setup();
    const id = createRoute(tree, 'local://temp/t', 'coap://10.0.0.7/data');
    expect(tree.write([ROUTES, id, RES.ORIGIN_URI], singleResource(RES.ORIGIN_URI, 'string', 'mqtt://broker/t'), 'replace').code).toBe('4.00');
    expect(tree.write([ROUTES, id, RES.DESTINATION_URI], singleResource(RES.DESTINATION_URI, 'string', 'coap://10.0.0.7'), 'replace').code).toBe('4.00');
    expect(tree.getValue([ROUTES, id, RES.ORIGIN_URI])).toBe('local://temp/t');
    expect(table.stats()).toMatchObject([{ origin: 'local://temp/t', destination: 'coap://10.0.0.7/data' }]);
  });

  it('carries the new route after a valid Write of one URI', () => {
    const { tree, table, bus } = setup();
    bus.running.add('alarm');
    const id = createRoute(tree, 'local://temp/t', 'coap://10.0.0.7/data');
    expect(tree.write([ROUTES, id, RES.DESTINATION_URI], singleResource(RES.DESTINATION_URI, 'string', 'local://alarm/in'), 'replace').code).toBe('2.04');
    bus.emit('temp', { key: 't', type: 1, value: 2.5 });
    expect(bus.inputs).toEqual([{ service: 'alarm', input: { key: 'in', type: 1, value: 2.5 } }]);
    expect(table.stats()).toMatchObject([{ destination: 'local://alarm/in', delivered: 1 }]);
  });

  it('judges a Write of both URIs by the route they make together', () => {
    const { tree, table } = setup();
    const id = createRoute(tree, 'local://temp/t', 'coap://10.0.0.7/data');
    expect(tree.write([ROUTES, id], instanceWrite(id, 'local://hum/h', 'mqtt://broker/hum'), 'update').code).toBe('2.04');
    expect(table.stats()).toMatchObject([{ origin: 'local://hum/h', destination: 'mqtt://broker/hum' }]);
    // Each new URI beside the old other one makes a good route; together they make coap -> coap.
    const back = createRoute(tree, 'coap://0.0.0.0/act', 'local://alarm/in');
    expect(tree.write([ROUTES, back], instanceWrite(back, 'local://temp/t', 'coap://10.0.0.9/c'), 'update').code).toBe('2.04');
    expect(tree.write([ROUTES, back], instanceWrite(back, 'coap://0.0.0.0/b', 'coap://10.0.0.9/d'), 'update').code).toBe('4.00');
    expect(tree.getValue([ROUTES, back, RES.ORIGIN_URI])).toBe('local://temp/t');
    expect(tree.getValue([ROUTES, back, RES.DESTINATION_URI])).toBe('coap://10.0.0.9/c');
  });

  it('checks the URIs of a Write in turn, so reversing a route takes a Delete and a Create', () => {
    // The tree asks about one URI at a time: the new origin is judged beside the old destination.
    const { tree, table } = setup();
    const id = createRoute(tree, 'local://temp/t', 'coap://10.0.0.7/data');
    expect(tree.write([ROUTES, id], instanceWrite(id, 'coap://0.0.0.0/act', 'local://alarm/in'), 'update').code).toBe('4.00');
    expect(table.stats()).toMatchObject([{ origin: 'local://temp/t', destination: 'coap://10.0.0.7/data' }]);
    // The refused Write leaves nothing behind for the next one to be judged against.
    expect(tree.write([ROUTES, id, RES.DESTINATION_URI], singleResource(RES.DESTINATION_URI, 'string', 'local://alarm/in'), 'replace').code).toBe('2.04');
  });

  it('stops delivering once a route is deleted', () => {
    const { tree, table, bus } = setup();
    bus.running.add('alarm');
    const id = createRoute(tree, 'local://temp/t', 'local://alarm/in');
    bus.emit('temp', { key: 't', type: 0, value: 1 });
    expect(tree.delete([ROUTES, id]).code).toBe('2.02');
    bus.emit('temp', { key: 't', type: 0, value: 2 });
    expect(bus.inputs.map(({ input }) => input.value)).toEqual([1]);
    expect(table.stats()).toEqual([]);
  });

  it('delivers only the outputs whose service and key the origin names, under the destination key', () => {
    const { tree, bus } = setup();
    bus.running.add('alarm');
    createRoute(tree, 'local://temp/t', 'local://alarm/in');
    bus.emit('temp', { key: 'other', type: 0, value: 1 });
    bus.emit('humidity', { key: 't', type: 0, value: 2 });
    bus.emit('temp', { key: 't', type: 0, value: 3 });
    expect(bus.inputs).toEqual([{ service: 'alarm', input: { key: 'in', type: 0, value: 3 } }]);
  });

  it('carries routes the device stored itself, and logs those it cannot carry', () => {
    const { tree, table, log } = setup();
    tree.addInstance(ROUTES, { id: 4, ...newRoute('local://temp/t', 'local://alarm/in') });
    tree.addInstance(ROUTES, { id: 5, ...newRoute('coap://h/a', 'coap://h/b') });
    expect(table.stats().map((route) => route.instanceId)).toEqual([4]);
    expect(log.lines).toEqual([expect.stringMatching(/^route 5 is not carried: a route from coap:\/\/ must go to local/)]);
    tree.removeInstance([ROUTES, 4]);
    expect(table.stats()).toEqual([]);
  });

  it('logs failures at most once per route per interval, then says how many it left out', () => {
    let now = 0;
    const { tree, table, bus, log } = setup({ clock: { now: () => now } });
    createRoute(tree, 'local://temp/t', 'local://stopped/in');
    for (let i = 0; i < 3; i++) bus.emit('temp', { key: 't', type: 0, value: i });
    expect(log.lines).toEqual(['route 0: workload stopped is not running or takes no input in']);
    now = 10_000;
    bus.emit('temp', { key: 't', type: 0, value: 9 });
    expect(log.lines[1]).toBe('route 0: workload stopped is not running or takes no input in (2 more failures since the last line)');
    expect(table.stats()).toMatchObject([{ delivered: 0, failed: 4 }]);
  });

  it('leaves the tree and the bus when closed', async () => {
    const { tree, table, bus } = setup();
    createRoute(tree, 'local://temp/t', 'local://alarm/in');
    await table.close();
    expect(bus.listenerCount).toBe(0);
    expect(table.stats()).toEqual([]);
    // Without the table's hooks, the tree no longer checks routes.
    expect(tree.create([ROUTES], newRoute('http://x/y', 'z')).code).toBe('2.01');
  });
});
