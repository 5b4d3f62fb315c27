import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isFarsideError } from '../../lwm2m/errors.js';
import { singleResource } from '../../lwm2m/node.js';
import { seededRng } from '../../test/support/prng.js';
import { createStandardObjects, type StandardObjectsOptions } from './standard-objects.js';
import { REBOOT_PATH, REGISTRATION_UPDATE_TRIGGER_PATH } from './standard-resources.js';

const T0 = Date.UTC(2025, 0, 1, 12, 0, 0, 400);

function standard(extra: Partial<StandardObjectsOptions> = {}) {
  let now = T0;
  const objects = createStandardObjects({
    endpoint: 'node-1',
    lifetimeS: 120,
    serverUri: 'coap://gateway:5683',
    // Seeded, so the random walks are reproducible.
    random: seededRng(7).next,
    now: () => now,
    ...extra,
  });
  return { ...objects, setNow: (ms: number) => (now = ms) };
}

const multiple = (node: unknown) => Object.fromEntries((node as { instances: Map<number, unknown> }).instances);

describe('createStandardObjects', () => {
  it('fills the Device object of an nRF52840-class embServe node', () => {
    const { tree } = standard();
    const value = (id: number) => tree.getValue([3, 0, id]);
    expect(value(0)).toBe('farside');
    expect(value(1)).toBe('nRF52840-sim');
    expect(value(17)).toBe('embServe Node');
    expect(value(16)).toBe('UQ');
    expect(value(21)).toBe(256);
    expect(value(10)).toBeGreaterThan(0);
    expect(value(10)).toBeLessThan(256);
    expect(multiple(tree.read([3, 0, 6]).node)).toEqual({ 0: 1, 1: 5 });
    expect(multiple(tree.read([3, 0, 11]).node)).toEqual({ 0: 0 });
    expect(Object.keys(multiple(tree.read([3, 0, 7]).node))).toEqual(['0', '1']);
  });

  it('derives a stable serial number and address from the endpoint name', () => {
    const a = standard().tree;
    const b = standard().tree;
    const c = standard({ endpoint: 'node-2' }).tree;
    expect(a.getValue([3, 0, 2])).toMatch(/^SN-[0-9A-F]{12}$/);
    expect(a.getValue([3, 0, 2])).toBe(b.getValue([3, 0, 2]));
    expect(a.getValue([3, 0, 2])).not.toBe(c.getValue([3, 0, 2]));
    const ip = multiple(a.read([4, 0, 4]).node)[0] as string;
    expect(ip).toMatch(/^fd00::[0-9a-f]{1,4}(:[0-9a-f]{1,4}){3}$/);
  });

  it('reads Current Time from the clock in whole seconds and lets a server set it', () => {
    const { tree, setNow } = standard();
    expect(tree.read([3, 0, 13]).node).toEqual(singleResource(13, 'time', new Date(T0 - 400)));
    setNow(T0 + 60_000);
    expect(tree.getValue([3, 0, 13])).toEqual(new Date(T0 - 400 + 60_000));
    expect(tree.write([3, 0, 13], singleResource(13, 'time', new Date(Date.UTC(2030, 0, 1))), 'replace').code).toBe('2.04');
    setNow(T0 + 70_000);
    expect(tree.getValue([3, 0, 13])).toEqual(new Date(Date.UTC(2030, 0, 1, 0, 0, 10)));
  });

  it('sets up the Server account with a writable lifetime and U binding', () => {
    const { tree } = standard();
    expect(tree.getValue([1, 0, 0])).toBe(1);
    expect(tree.getValue([1, 0, 1])).toBe(120);
    expect(tree.getValue([1, 0, 7])).toBe('U');
    expect(tree.getValue([1, 0, 6])).toBe(true);
    expect(tree.write([1, 0, 1], singleResource(1, 'integer', 600), 'replace').code).toBe('2.04');
  });

  it('keeps the Security instance from the DM server but readable by the device', () => {
    const { tree } = standard();
    expect(tree.read([0, 0]).code).toBe('4.01');
    expect(tree.getValue([0, 0, 0])).toBe('coap://gateway:5683');
    expect(tree.getValue([0, 0, 2])).toBe(3);
    expect(tree.getValue([0, 0, 10])).toBe(1);
  });

  it('lets the client hook Reboot and the Registration Update Trigger', () => {
    const { tree } = standard();
    const reboot = vi.fn();
    const update = vi.fn();
    tree.onExecute(REBOOT_PATH, reboot);
    tree.onExecute(REGISTRATION_UPDATE_TRIGGER_PATH, update);
    expect(tree.execute([3, 0, 4]).code).toBe('2.04');
    expect(tree.execute([1, 0, 8]).code).toBe('2.04');
    expect(tree.execute([3, 0, 5]).code).toBe('2.04');
    expect(reboot).toHaveBeenCalledOnce();
    expect(update).toHaveBeenCalledOnce();
  });

  it('reports an IEEE 802.15.4 bearer and an RSSI around -70 dBm', () => {
    const { tree } = standard();
    expect(tree.getValue([4, 0, 0])).toBe(23);
    expect(tree.getValue([4, 0, 2])).toBe(-70);
    expect(tree.getValue([4, 0, 3])).toBeGreaterThan(0);
  });

  it('lists Server, Device, Connectivity Monitoring and Data Route with their versions for registration', () => {
    const { tree } = standard();
    expect([...tree.registeredObjects().objects]).toEqual([
      [1, { version: '1.2', instances: [0] }],
      [3, { version: '1.2', instances: [0] }],
      [4, { version: '1.3', instances: [0] }],
      [35001, { instances: [] }],
    ]);
  });

  it('lets a server create Data Route instances, or only the objects it is told', () => {
    const route = { resources: new Map([[27200, singleResource(27200, 'string', 'local://t')], [27201, singleResource(27201, 'string', 'mqtt://b/t')]]) };
    expect(standard().tree.create([35001], route).code).toBe('2.01');
    expect(standard({ emptyObjects: [] }).tree.create([35001], route).code).toBe('4.04');
  });

  it('keeps the RSSI walk within its bounds over many ticks and notifies observers', () => {
    const { tree, tick } = standard();
    const listener = vi.fn();
    tree.observe([4, 0, 2], listener);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      tick();
      const rssi = tree.getValue([4, 0, 2]) as number;
      expect(rssi).toBeGreaterThanOrEqual(-85);
      expect(rssi).toBeLessThanOrEqual(-55);
      seen.add(rssi);
    }
    expect(seen.size).toBeGreaterThan(10);
    expect(listener.mock.calls.length).toBeGreaterThan(100);
  });

  it('reports an RSSI about 16 dB higher on average at TX power HIGH than at LOW', () => {
    const meanRssi = (level: 'LOW' | 'HIGH'): number => {
      const { tree, tick, radio } = standard();
      radio.setTxPower(level);
      let sum = 0;
      for (let i = 0; i < 4000; i++) {
        tick();
        sum += tree.getValue([4, 0, 2]) as number;
      }
      return sum / 4000;
    };
    const low = meanRssi('LOW');
    const high = meanRssi('HIGH');
    expect(low).toBeGreaterThan(-80);
    expect(low).toBeLessThan(-76);
    expect(high - low).toBeGreaterThan(14.5);
    expect(high - low).toBeLessThan(17.5);
  });

  it('shows a TX power change in RSSI and Link Quality at once and notifies their observers', () => {
    const { tree, radio } = standard();
    const rssiSeen = vi.fn();
    tree.observe([4, 0, 2], rssiSeen);
    const linkQualityAtMed = tree.getValue([4, 0, 3]) as number;
    expect(radio.txPower()).toBe('MED');
    radio.setTxPower('HIGH');
    expect(radio.txPower()).toBe('HIGH');
    expect(tree.getValue([4, 0, 2])).toBe(-62);
    expect(tree.getValue([4, 0, 3])).toBeGreaterThan(linkQualityAtMed);
    expect(rssiSeen).toHaveBeenCalledOnce();
    radio.setTxPower('LOW');
    expect(tree.getValue([4, 0, 2])).toBe(-78);
  });

  it('refuses a TX power level it does not know and keeps the current one', () => {
    const { tree, radio } = standard();
    let thrown: unknown;
    try {
      radio.setTxPower('MAX' as 'HIGH');
    } catch (err) {
      thrown = err;
    }
    expect(isFarsideError(thrown, 'FARSIDE_ERR_INVALID_INPUT')).toBe(true);
    expect(radio.txPower()).toBe('MED');
    expect(tree.getValue([4, 0, 2])).toBe(-70);
  });

  it('boots at the profile TX power and hands tick listeners the elapsed time until removed', () => {
    const { tree, tick, onTick, setNow } = standard({ profile: { txPowerAtBoot: 'HIGH' } });
    expect(tree.getValue([4, 0, 2])).toBe(-62);
    const elapsed: number[] = [];
    const remove = onTick((ms) => elapsed.push(ms));
    setNow(T0 + 5000);
    tick();
    setNow(T0 + 4000);
    tick();
    remove();
    tick();
    expect(elapsed).toEqual([5000, 0]);
  });

  it('leaves Memory Free to the part that accounts it', () => {
    const { tree, tick } = standard();
    tree.setValue([3, 0, 10], 100);
    for (let i = 0; i < 50; i++) tick();
    expect(tree.getValue([3, 0, 10])).toBe(100);
  });

  it('drains the battery slowly with elapsed time', () => {
    const { tree, tick, setNow } = standard();
    expect(tree.getValue([3, 0, 9])).toBe(96);
    setNow(T0 + 10 * 3_600_000);
    tick();
    expect(tree.getValue([3, 0, 9])).toBe(91);
  });

  it('rejects unusable options with FARSIDE_ERR_INVALID_INPUT', () => {
    for (const bad of [{ endpoint: '' }, { lifetimeS: 0 }, { lifetimeS: 1.5 }, { serverUri: '' }, { tickIntervalMs: -5 }, { profile: { txPowerAtBoot: 'MAX' as 'HIGH' } }]) {
      let thrown: unknown;
      try {
        standard(bad);
      } catch (err) {
        thrown = err;
      }
      expect(isFarsideError(thrown, 'FARSIDE_ERR_INVALID_INPUT'), JSON.stringify(bad)).toBe(true);
    }
  });
});

describe('createStandardObjects timers', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs no timer until start and ticks every interval after it', () => {
    const objects = createStandardObjects({ endpoint: 'n', lifetimeS: 60, serverUri: 'coap://gw', random: seededRng(3).next, tickIntervalMs: 1000 });
    expect(vi.getTimerCount()).toBe(0);
    const listener = vi.fn();
    objects.tree.observe([4, 0, 2], listener);
    objects.start();
    objects.start();
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(10_000);
    expect(listener.mock.calls.length).toBeGreaterThan(3);
    objects.stop();
    expect(vi.getTimerCount()).toBe(0);
    objects.close();
  });

  it('clears its own and the observations timers on close', () => {
    const objects = createStandardObjects({ endpoint: 'n', lifetimeS: 60, serverUri: 'coap://gw' });
    objects.tree.writeAttributes([4, 0, 2], { pmax: 30 });
    objects.tree.observe([4, 0, 2], vi.fn());
    objects.start();
    expect(vi.getTimerCount()).toBe(2);
    objects.close();
    expect(vi.getTimerCount()).toBe(0);
  });
});
