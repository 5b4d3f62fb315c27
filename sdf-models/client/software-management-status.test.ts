import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../errors/index.js';
import { fuzzDecoder, inTurn, MIN_FUZZ_RUNS } from '../../test/support/fuzz.js';
import { randomText, type Rng } from '../../test/support/prng.js';
import type { SdfInstance } from '../contract/payloads.js';
import { workloadStatusFromSdf } from './software-management-status.js';

const installed: SdfInstance = {
  label: '1',
  sdfProperty: { PkgName: 'temperature', PkgVersion: '1.0.0', Update_State: '4', Update_Result: '2', Activation_State: 'true' },
};
const deviceMonitoring: SdfInstance = { label: '0', sdfProperty: { Sofware_Package: 'Device/0', CPU_Usage: '9.5', Memory_Usage: '90000', Uptime: '5000', Error: '' } };
const workloadMonitoring: SdfInstance = {
  label: '2',
  sdfProperty: { Sofware_Package: 'LWM2M_Software_Management/1', CPU_Usage: '6.5', Memory_Usage: '12288', Uptime: '1200', Error: '' },
};

describe('a workload status from the gateway', () => {
  it('reads compat values (all text) and takes the monitoring instance linked to it', () => {
    expect(workloadStatusFromSdf(installed, [deviceMonitoring, workloadMonitoring])).toEqual({
      instance: 1,
      name: 'temperature',
      version: '1.0.0',
      updateState: 4,
      updateStateName: 'INSTALLED',
      updateResult: 2,
      updateResultText: 'installed',
      active: true,
      monitoring: { cpuPercent: 6.5, memoryBytes: 12288, uptimeMs: 1200, error: '' },
    });
  });

  it('reads typed values too, and has no monitoring when no instance links to it', () => {
    const typed = { label: '1', sdfProperty: { PkgName: '', PkgVersion: '', Update_State: 0, Update_Result: 51, Activation_State: false } };
    const status = workloadStatusFromSdf(typed, [deviceMonitoring]);
    expect(status).toMatchObject({ updateStateName: 'INITIAL', updateResult: 51, updateResultText: 'out of memory', active: false });
    expect(status.monitoring).toBeUndefined();
  });

  it.each([
    ['a label that is no instance id', { ...installed, label: 'x' }],
    ['an Update State that is no number', { ...installed, sdfProperty: { ...installed.sdfProperty, Update_State: 'four' } }],
    ['no Activation State', { label: '1', sdfProperty: { Update_State: '4', Update_Result: '2' } }],
  ])('refuses %s with INVALID_INPUT', (_what, instance) => {
    expect(() => workloadStatusFromSdf(instance)).toThrow(expect.objectContaining({ code: ERROR_CODES.INVALID_INPUT }) as Error);
  });

  it('never throws anything but INVALID_INPUT, whatever the gateway sends', () => {
    const spoilt = (rng: Rng): unknown =>
      inTurn<unknown>(rng.int(6), [() => rng.pick(['', '-', '1e999', 'four', '1.5.2']), () => rng.next() * 100, () => null, () => ({ 0: '1' }), () => [1], () => randomText(rng, rng.int(6), '0123456789.-eE')]);
    const valid: Readonly<Record<string, (rng: Rng) => unknown>> = {
      PkgName: (rng) => randomText(rng, rng.int(8), 'abc-_.'),
      PkgVersion: (rng) => rng.pick(['1.0.0', '', '2']),
      Update_State: (rng) => rng.pick([String(rng.int(6)), rng.int(6)]),
      Update_Result: (rng) => rng.pick([String(rng.int(60)), rng.int(60)]),
      Activation_State: (rng) => rng.pick(['true', 'false', true, false]),
      CPU_Usage: (rng) => rng.pick([String(rng.int(1000) / 10), rng.next() * 100]),
      Memory_Usage: (rng) => String(rng.int(100_000)),
      Uptime: (rng) => rng.int(100_000),
      Error: (rng) => rng.pick(['', 'out of memory']),
    };
    const properties = (rng: Rng, names: readonly string[]): Record<string, unknown> =>
      Object.fromEntries(names.filter(() => rng.next() < 0.98).map((name) => [name, rng.next() < 0.9 ? valid[name]!(rng) : spoilt(rng)]));
    fuzzDecoder({
      seed: 0x9a7e,
      runs: MIN_FUZZ_RUNS,
      input: (rng) => ({
        software: { label: rng.next() < 0.95 ? String(rng.int(3)) : randomText(rng, 3, '0a-'), sdfProperty: properties(rng, ['PkgName', 'PkgVersion', 'Update_State', 'Update_Result', 'Activation_State']) },
        monitoring: [{ label: '1', sdfProperty: { ...properties(rng, ['CPU_Usage', 'Memory_Usage', 'Uptime', 'Error']), Sofware_Package: `LWM2M_Software_Management/${rng.int(3)}` } }],
      }),
      decoders: { workloadStatusFromSdf: ({ software, monitoring }) => workloadStatusFromSdf(software as SdfInstance, monitoring as SdfInstance[]) },
      show: (input) => JSON.stringify(input),
      decodesMoreThan: MIN_FUZZ_RUNS / 5,
    });
  });
});
