import { describe, expect, it } from 'vitest';
import { parseServiceJson } from '../../oci/index.js';
import { seededRandom } from '../objects/index.js';
import { NativeEngine, servicePeriodMs } from './native-engine.js';
import { bytesOf, FakeSensors, ManualClock, temperatureService } from './test-fixture.js';
import type { WorkloadContext } from './workload-engine.js';

interface Produced {
  key: string;
  value: number;
}

function start(changes: Record<string, unknown>, sensors = new FakeSensors()) {
  const service = parseServiceJson(bytesOf(temperatureService(changes)));
  const clock = new ManualClock();
  const produced: Produced[] = [];
  const lines: string[] = [];
  const context: WorkloadContext = {
    service,
    sensors,
    clock,
    random: seededRandom(3),
    periodMs: 2000,
    output: (key, _type, value) => produced.push({ key, value }),
    log: (line) => lines.push(line),
    fail: () => undefined,
  };
  const engine = new NativeEngine();
  return { engine, service, workload: engine.start(context), clock, produced, lines };
}

describe('the native engine', () => {
  it('asks for 4 KB plus 64 B per value and the tensor arena in RAM, and the module plus 512 B in flash', () => {
    const engine = new NativeEngine();
    const service = parseServiceJson(bytesOf(temperatureService({ inputs: [{ key: 'a', type: 0 }], model: { tensor_arena_size: 10_000 } })));
    expect(engine.requirements(service)).toEqual({ ramBytes: 4096 + 2 * 64 + 10_000, flashBytes: 1024 + 512 });
  });

  it('accepts only packages with a native module', () => {
    const engine = new NativeEngine();
    expect(engine.accepts(parseServiceJson(bytesOf(temperatureService())))).toBe(true);
    expect(engine.accepts(parseServiceJson(bytesOf({ ...temperatureService(), service: undefined, wasm: 'AA==' })))).toBe(false);
  });

  it('produces each output every period from the mapped sensor, whole for int outputs', () => {
    const sensors = new FakeSensors();
    sensors.set(3303, 5700, 21.6);
    const outputs = [
      { key: 'temp', type: 1, data_model_mapping: ['lwm2m:3303/x/5700'] },
      { key: 'rounded', type: 0, data_model_mapping: ['lwm2m:3303/x/5700'] },
    ];
    const { workload, clock, produced } = start({ outputs }, sensors);
    clock.advance(1999);
    expect(produced).toEqual([]);
    clock.advance(1);
    expect(produced).toEqual([{ key: 'temp', value: 21.6 }, { key: 'rounded', value: 22 }]);
    clock.advance(4000);
    expect(produced).toHaveLength(6);
    workload.stop();
    clock.advance(10_000);
    expect(produced).toHaveLength(6);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('plays a plausible signal around room temperature when the board has no such sensor', () => {
    const { clock, produced } = start({});
    clock.advance(60_000);
    expect(produced).toHaveLength(30);
    for (const { value } of produced) expect(Math.abs(value - 22)).toBeLessThan(3);
    expect(new Set(produced.map((p) => p.value)).size).toBeGreaterThan(10);
  });

  it('uses the package’s period_ms when it is valid and the device default otherwise', () => {
    const service = (period: unknown) => parseServiceJson(bytesOf(temperatureService({ period_ms: period })));
    expect(servicePeriodMs(service(500), 2000)).toBe(500);
    expect([servicePeriodMs(service(-5), 2000), servicePeriodMs(service('fast'), 2000), servicePeriodMs(service(1.5), 2000)]).toEqual([2000, 2000, 2000]);
    const { clock, produced } = start({ period_ms: 500 });
    clock.advance(2000);
    expect(produced).toHaveLength(4);
  });

  it('keeps declared inputs that fit their type and refuses the others', () => {
    const { workload, lines } = start({ inputs: [{ key: 'limit', type: 0 }, { key: 'gain', type: 1 }] });
    expect(workload.input({ key: 'limit', type: 0, value: 5 })).toBe(true);
    expect(workload.input({ key: 'gain', type: 1, value: 0.5 })).toBe(true);
    expect(workload.input({ key: 'limit', type: 0, value: 5.5 })).toBe(false);
    expect(workload.input({ key: 'limit', type: 1, value: 5 })).toBe(false);
    expect(workload.input({ key: 'nope', type: 0, value: 1 })).toBe(false);
    expect(lines.filter((l) => l.startsWith('input'))).toEqual(['input limit=5', 'input gain=0.5']);
  });

  it('makes an output with no sensor of its own follow the running mean of every input received', () => {
    const sensors = new FakeSensors();
    sensors.set(3303, 5700, 50);
    const { workload, clock, produced } = start(
      {
        inputs: [{ key: 'temperature', type: 1, data_model_mapping: ['lwm2m:3303/0/5700'] }],
        outputs: [{ key: 'average', type: 1, data_model_mapping: ['lwm2m:3303/1/5700'] }],
      },
      sensors,
    );
    for (const celsius of [20, 22, 27]) workload.input({ key: 'temperature', type: 1, value: celsius });
    clock.advance(2000);
    workload.input({ key: 'temperature', type: 1, value: 19 });
    clock.advance(2000);
    expect(produced.map((p) => p.value)).toEqual([23, 22]);
  });

  it('keeps following a sensor of its own when no input reads that sensor', () => {
    const sensors = new FakeSensors();
    sensors.set(3303, 5700, 24);
    const { workload, clock, produced } = start({ inputs: [{ key: 'threshold', type: 0 }] }, sensors);
    workload.input({ key: 'threshold', type: 0, value: 30 });
    clock.advance(2000);
    expect(produced).toEqual([{ key: 'temp', value: 24 }]);
  });

  it('prints each input at most once per period, however often it changes', () => {
    const { workload, clock, lines } = start({ inputs: [{ key: 'gain', type: 1 }] });
    for (const gain of [1, 2, 3]) workload.input({ key: 'gain', type: 1, value: gain });
    clock.advance(2000);
    workload.input({ key: 'gain', type: 1, value: 4 });
    expect(lines.filter((l) => l.startsWith('input'))).toEqual(['input gain=1', 'input gain=4']);
  });

  it('reports a small non-zero CPU share and memory within its reservation while running, and zero once stopped', () => {
    const { engine, service, workload } = start({});
    const ram = engine.requirements(service).ramBytes;
    for (let i = 0; i < 50; i++) {
      expect(workload.cpuPercent()).toBeGreaterThan(0);
      expect(workload.cpuPercent()).toBeLessThanOrEqual(6);
      expect(workload.memoryBytes()).toBeGreaterThan(0);
      expect(workload.memoryBytes()).toBeLessThanOrEqual(ram);
    }
    workload.stop();
    expect([workload.cpuPercent(), workload.memoryBytes()]).toEqual([0, 0]);
  });
});
