import { describe, expect, it } from 'vitest';
import { NRF52840_PROFILE } from '../objects/index.js';
import { board, bytesOf, MODULE_BASE64, server, snapshot, temperatureService, value } from './test-fixture.js';

const MEMORY_FREE = [3, 0, 10] as const;
/** What the temperature service holds while active: 4 KB stack and heap plus 64 B for its one output. */
const TEMPERATURE_RAM_BYTES = 4096 + 64;

describe('Software Management: the FITA four-step flow', () => {
  it('delivers, installs and activates a package, and a 3303 instance follows the board’s sensor', () => {
    const { tree, clock, sensors, runtime } = board();
    sensors.set(3303, 5700, 21.5);
    const id = server.create(tree);
    expect(server.writePackage(tree, id, bytesOf(temperatureService()))).toBe('2.04');
    expect([value(tree, [9, id, 7]), value(tree, [9, id, 9]), value(tree, [9, id, 0]), value(tree, [9, id, 1])]).toEqual([3, 3, 'temperature', '1.0.0']);
    expect(server.execute(tree, id, 4)).toBe('2.04');
    expect([value(tree, [9, id, 7]), value(tree, [9, id, 9]), value(tree, [9, id, 12])]).toEqual([4, 2, false]);
    expect(server.execute(tree, id, 10)).toBe('2.04');
    expect(value(tree, [9, id, 12])).toBe(true);
    expect(value(tree, [3303, 0, 5700])).toBe(21.5);
    expect(value(tree, [3303, 0, 5701])).toBe('Cel');
    sensors.set(3303, 5700, 23.25);
    clock.advance(2000);
    expect(value(tree, [3303, 0, 5700])).toBe(23.25);
    expect(runtime.log.recent(10).join('\n')).toMatch(/\/9\/0 temperature: activated/);
  });

  it('notifies an observer of the mapped resource when the workload produces a new value', () => {
    const { tree, clock, sensors } = board();
    sensors.set(3303, 5700, 20);
    server.deploy(tree);
    const seen: unknown[] = [];
    const { cancel } = tree.observe([3303, 0, 5700], (node) => seen.push(node.kind === 'single' ? node.value : undefined));
    sensors.set(3303, 5700, 20.5);
    clock.advance(2000);
    cancel?.();
    expect(seen).toContain(20.5);
  });

  it('keeps the mapped instance across Deactivate and honours an explicit free instance id', () => {
    const { tree } = board();
    const id = server.deploy(tree, temperatureService({ outputs: [{ key: 'temp', type: 1, data_model_mapping: ['lwm2m:3303/7/5700'] }] }));
    expect(tree.read([3303, 7]).code).toBe('2.05');
    expect(server.execute(tree, id, 11)).toBe('2.04');
    expect(value(tree, [9, id, 12])).toBe(false);
    expect(tree.read([3303, 7]).code).toBe('2.05');
    expect(server.execute(tree, id, 6)).toBe('2.04');
    expect(tree.read([3303, 7]).code).toBe('4.04');
  });

  it('answers Activate again with 2.04 and holds the RAM once', () => {
    const { tree, runtime } = board();
    const id = server.deploy(tree);
    const free = runtime.memory.report().ramFree;
    expect(server.execute(tree, id, 10)).toBe('2.04');
    expect(runtime.memory.report().ramFree).toBe(free);
  });
});

describe('Software Management: refused packages', () => {
  const bigModule = Buffer.alloc(600 * 1024, 1).toString('base64');
  const cases: [string, Uint8Array, number][] = [
    ['bytes that are not JSON', new TextEncoder().encode('{"name":'), 53],
    ['bytes that are not UTF-8', Uint8Array.of(0x7b, 0xc3, 0x28, 0x7d), 53],
    ['a service.json without a module', bytesOf({ ...temperatureService(), service: undefined }), 53],
    ['a service.json with an output declared twice', bytesOf(temperatureService({ outputs: [{ key: 't', type: 1 }, { key: 't', type: 0 }] })), 53],
    ['a module too large for the free flash', bytesOf(temperatureService({ service: bigModule })), 50],
    ['a tensor arena larger than all RAM workloads get', bytesOf(temperatureService({ model: { tensor_arena_size: 200_000 } })), 51],
    ['an unknown sdk_api', bytesOf(temperatureService({ dependencies: { sdk_api: 2 } })), 54],
    ['a WebAssembly-only module, which no engine here runs', bytesOf({ ...temperatureService(), service: undefined, wasm: 'AGFzbQEAAAA=' }), 54],
    ['a mapping to an unknown resource', bytesOf(temperatureService({ outputs: [{ key: 't', type: 1, data_model_mapping: ['lwm2m:3303/x/9999'] }] })), 54],
    ['a mapping to an unknown object', bytesOf(temperatureService({ outputs: [{ key: 't', type: 1, data_model_mapping: ['lwm2m:42424/x/1'] }] })), 54],
    ['a malformed mapping', bytesOf(temperatureService({ outputs: [{ key: 't', type: 1, data_model_mapping: ['lwm2m:3303-x-5700'] }] })), 54],
    ['a mapping to a text resource', bytesOf(temperatureService({ outputs: [{ key: 't', type: 1, data_model_mapping: ['lwm2m:3303/x/5701'] }] })), 54],
    ['a mapping into the Device object', bytesOf(temperatureService({ outputs: [{ key: 't', type: 0, data_model_mapping: ['lwm2m:3/x/9'] }] })), 54],
  ];

  for (const [what, bytes, result] of cases) {
    it(`answers ${what} with Update Result ${result}, stays INITIAL and changes nothing else`, () => {
      const { tree, runtime } = board();
      const id = server.create(tree);
      const before = snapshot(tree, [`/9/${id}/9`]);
      const memory = runtime.memory.report();
      expect(server.writePackage(tree, id, bytes)).toBe('2.04');
      expect([value(tree, [9, id, 7]), value(tree, [9, id, 9])]).toEqual([0, result]);
      expect(snapshot(tree, [`/9/${id}/9`])).toBe(before);
      expect(runtime.memory.report()).toEqual(memory);
      expect(runtime.directory.list()[0]).toMatchObject({ name: '', updateState: 0, updateResult: result, flashBytes: 0 });
      expect(runtime.log.recent(1)[0]).toMatch(/package refused: .*\(result \d+\)/);
    });
  }

  it('accepts a good package after a refused one', () => {
    const { tree } = board();
    const id = server.create(tree);
    server.writePackage(tree, id, bytesOf(temperatureService({ dependencies: { sdk_api: 9 } })));
    expect(server.writePackage(tree, id, bytesOf(temperatureService()))).toBe('2.04');
    expect([value(tree, [9, id, 7]), value(tree, [9, id, 9])]).toEqual([3, 3]);
  });
});

describe('Software Management: the state machine', () => {
  it('answers 4.05 to every operation in the wrong state and changes nothing', () => {
    const { tree } = board();
    const id = server.create(tree);
    const refusedIn = (allowed: () => void, operations: (() => string)[]): void => {
      const before = snapshot(tree);
      for (const operation of operations) expect(operation()).toBe('4.05');
      expect(snapshot(tree)).toBe(before);
      allowed();
    };
    const exec = (resourceId: number, args?: string) => () => server.execute(tree, id, resourceId, args);
    const write = () => server.writePackage(tree, id, bytesOf(temperatureService()));
    refusedIn(() => expect(write()).toBe('2.04'), [exec(4), exec(6), exec(6, '1'), exec(10), exec(11)]);
    refusedIn(() => expect(exec(4)()).toBe('2.04'), [write, () => server.writeUri(tree, id, 'http://example.invalid/s.json'), exec(10), exec(11)]);
    refusedIn(() => expect(exec(10)()).toBe('2.04'), [write, exec(4)]);
    refusedIn(() => expect(exec(6)()).toBe('2.04'), [write, exec(4)]);
    expect([value(tree, [9, id, 7]), value(tree, [9, id, 9]), value(tree, [9, id, 0])]).toEqual([0, 0, '']);
  });

  it('keeps PkgName and PkgVersion through an Uninstall for update', () => {
    const { tree } = board();
    const id = server.deploy(tree);
    expect(server.execute(tree, id, 6, '1')).toBe('2.04');
    expect([value(tree, [9, id, 7]), value(tree, [9, id, 0]), value(tree, [9, id, 1]), value(tree, [9, id, 12])]).toEqual([0, 'temperature', '1.0.0', false]);
  });

  it('refuses a Create that sets the state or carries a package', () => {
    const { tree } = board();
    const withState = new Map([[7, { kind: 'single' as const, id: 7, type: 'integer' as const, value: 4 }]]);
    expect(tree.create([9], { resources: withState }).code).toBe('4.00');
    const withPackage = new Map([[2, { kind: 'single' as const, id: 2, type: 'opaque' as const, value: bytesOf(temperatureService()) }]]);
    expect(tree.create([9], { resources: withPackage }).code).toBe('4.00');
    expect(tree.read([9]).node).toMatchObject({ instances: new Map() });
  });
});

describe('Software Management: memory', () => {
  it('lowers Memory_Free by the workload’s RAM on Activate and restores it exactly on Deactivate and Uninstall', () => {
    const { tree, runtime } = board();
    const bootFree = runtime.memory.report();
    expect(value(tree, MEMORY_FREE)).toBe(NRF52840_PROFILE.memoryTotalKB - NRF52840_PROFILE.firmwareRamKB);
    const id = server.deploy(tree);
    expect(runtime.memory.report().ramFree).toBe(bootFree.ramFree - TEMPERATURE_RAM_BYTES);
    expect(value(tree, MEMORY_FREE)).toBe(Math.floor((bootFree.ramFree - TEMPERATURE_RAM_BYTES) / 1024));
    expect(runtime.memory.report().flashFree).toBe(bootFree.flashFree - 1024 - 512);
    server.execute(tree, id, 11);
    expect(value(tree, MEMORY_FREE)).toBe(NRF52840_PROFILE.memoryTotalKB - NRF52840_PROFILE.firmwareRamKB);
    server.execute(tree, id, 10);
    server.execute(tree, id, 6);
    expect(runtime.memory.report()).toEqual(bootFree);
    expect(value(tree, MEMORY_FREE)).toBe(NRF52840_PROFILE.memoryTotalKB - NRF52840_PROFILE.firmwareRamKB);
  });

  it('answers Activate with 5.00 when the RAM is taken, stays inactive and says why', () => {
    const { tree, runtime } = board();
    const big = temperatureService({ model: { tensor_arena_size: 100 * 1024 } });
    server.deploy(tree, big);
    const id = server.create(tree);
    server.writePackage(tree, id, bytesOf(big));
    server.execute(tree, id, 4);
    const free = runtime.memory.report();
    expect(server.execute(tree, id, 10)).toBe('5.00');
    expect(value(tree, [9, id, 12])).toBe(false);
    expect(runtime.memory.report()).toEqual(free);
    expect(value(tree, [35003, 2, 27404])).toBe('out of memory (need 105 KB, 47 KB free)');
    expect(runtime.log.recent(1)[0]).toMatch(/\/9\/1 temperature: not activated: out of memory \(need 105 KB, 47 KB free\)/);
    expect(runtime.directory.list()[1]).toMatchObject({ active: false, error: 51, ramBytes: 0 });
  });

  it('runs two copies of one service at once, each with its own 3303 instance and RAM', () => {
    const { tree, runtime, sensors, clock } = board();
    const before = runtime.memory.report().ramFree;
    const first = server.deploy(tree);
    const second = server.deploy(tree);
    expect([value(tree, [9, first, 12]), value(tree, [9, second, 12])]).toEqual([true, true]);
    expect(runtime.memory.report().ramFree).toBe(before - 2 * TEMPERATURE_RAM_BYTES);
    sensors.set(3303, 5700, 30);
    clock.advance(2000);
    expect([value(tree, [3303, 0, 5700]), value(tree, [3303, 1, 5700])]).toEqual([30, 30]);
    expect(runtime.directory.list().map((w) => [w.instanceId, w.name, w.active])).toEqual([[0, 'temperature', true], [1, 'temperature', true]]);
  });
});

describe('Software Management: deleting an instance', () => {
  it('stops the workload and frees its RAM, flash, mapped and monitoring instances', () => {
    const { tree, runtime, clock } = board();
    const bootMemory = runtime.memory.report();
    const id = server.deploy(tree);
    expect(tree.read([35003, 1]).code).toBe('2.05');
    expect(clock.pendingTimers()).toBeGreaterThan(0);
    expect(tree.delete([9, id]).code).toBe('2.02');
    expect(tree.read([3303, 0]).code).toBe('4.04');
    expect(tree.read([35003, 1]).code).toBe('4.04');
    expect(runtime.memory.report()).toEqual(bootMemory);
    expect(runtime.directory.list()).toEqual([]);
    expect(clock.pendingTimers()).toBe(0);
    expect(server.execute(tree, id, 10)).toBe('4.04');
  });

  it('refuses a server’s Create or Delete of monitoring instances', () => {
    const { tree } = board();
    server.deploy(tree);
    expect(tree.delete([35003, 1]).code).toBe('4.05');
    expect(tree.create([35003], { resources: new Map() }).code).toBe('4.05');
  });
});

it('uses MODULE_BASE64 of 1 KB so flash figures above are exact', () => {
  expect(Buffer.from(MODULE_BASE64, 'base64').length).toBe(1024);
});
