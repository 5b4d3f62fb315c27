import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { instanceFromValues, type ObjectTree } from '../objects/index.js';
import type { ServiceValue } from './contracts.js';
import { NativeEngine } from './native-engine.js';
import { board, models, server, trackSubscriptions, value } from './test-fixture.js';
import type { WorkloadEngine } from './workload-engine.js';

/** FITA's temperature-average service: reads /3303/0/5700, writes its average to /3303/1/5700. */
const FIXTURE: Record<string, unknown> = JSON.parse(readFileSync(new URL('../../oci/artifact/testdata/service.json', import.meta.url), 'utf8'));

const SENSOR = [3303, 0, 5700] as const;
const AVERAGE = [3303, 1, 5700] as const;
const PERIOD_MS = 2000;

function addSensor(tree: ObjectTree, celsius: number): void {
  tree.addInstance(3303, instanceFromValues(models, 3303, 0, new Map([[5700, celsius]])));
}

/** Runs the fixture and records, per started workload, every input it is handed. */
function recordingEngine(started: ServiceValue[][]): WorkloadEngine {
  const native = new NativeEngine();
  return {
    kind: 'recording',
    accepts: (service) => service.name === FIXTURE.name,
    requirements: (service) => native.requirements(service),
    start() {
      const received: ServiceValue[] = [];
      started.push(received);
      return { input: (input) => received.push(input) > 0, stop: () => undefined, cpuPercent: () => 1, memoryBytes: () => 4096 };
    },
  };
}

function recordingBoard() {
  const started: ServiceValue[][] = [];
  const b = board({ engines: [recordingEngine(started), new NativeEngine()] });
  addSensor(b.tree, 20);
  const live = trackSubscriptions(b.tree);
  const id = server.deploy(b.tree, FIXTURE);
  const values = (run: number): number[] => (started[run] ?? []).map((input) => input.value);
  return { ...b, started, live, id, values };
}

describe('feeding a workload’s mapped inputs', () => {
  it('makes /3303/1/5700 of the temperature-average service carry the running mean of what /3303/0/5700 reads', () => {
    const { tree, clock, sensors } = board();
    // The board's own thermometer is what the input reads, so the output must not simply copy it.
    sensors.set(3303, 5700, 50);
    addSensor(tree, 20);
    server.deploy(tree, FIXTURE);
    tree.setValue(SENSOR, 22);
    tree.setValue(SENSOR, 27);
    clock.advance(PERIOD_MS);
    expect(value(tree, AVERAGE)).toBeCloseTo(23, 9);
    tree.setValue(SENSOR, 19);
    clock.advance(PERIOD_MS);
    expect(value(tree, AVERAGE)).toBeCloseTo(22, 9);
  });

  it('hands the workload the sensor’s value at activation and then each change', () => {
    const { tree, values } = recordingBoard();
    tree.setValue(SENSOR, 21.5);
    expect(values(0)).toEqual([20, 21.5]);
  });

  it('feeds a sensor instance created after activation as soon as it appears', () => {
    const started: ServiceValue[][] = [];
    const { tree } = board({ engines: [recordingEngine(started)] });
    server.deploy(tree, FIXTURE);
    expect(started[0]).toEqual([]);
    addSensor(tree, 18);
    tree.setValue(SENSOR, 18.5);
    expect(started[0]?.map((input) => input.value)).toEqual([18, 18.5]);
  });

  it('stops on Deactivate: later changes of the sensor do not reach the workload', () => {
    const { tree, id, values, live } = recordingBoard();
    expect(server.execute(tree, id, 11)).toBe('2.04');
    tree.setValue(SENSOR, 30);
    expect([values(0), live()]).toEqual([[20], 0]);
  });

  it('leaves no observation or listener on the tree after Uninstall or Delete', () => {
    const { tree, id, live, values } = recordingBoard();
    expect(live()).toBe(2);
    expect(server.execute(tree, id, 6)).toBe('2.04');
    tree.setValue(SENSOR, 30);
    expect([live(), values(0)]).toEqual([0, [20]]);
    const again = server.deploy(tree, FIXTURE);
    expect(live()).toBe(2);
    expect(tree.delete([9, again]).code).toBe('2.02');
    expect(live()).toBe(0);
  });

  it('stops at power-off and feeds the re-activated workload again at boot', () => {
    const { tree, runtime, values, live } = recordingBoard();
    runtime.powerOff();
    tree.setValue(SENSOR, 30);
    expect([values(0), live()]).toEqual([[20], 0]);
    runtime.boot();
    tree.setValue(SENSOR, 31);
    expect(values(1)).toEqual([30, 31]);
    expect(live()).toBe(2);
  });

  it('answers 5.00 to Activate and holds nothing when the workload fails on its first fed value', () => {
    const failing: WorkloadEngine = {
      ...recordingEngine([]),
      start(context) {
        return { input: () => (context.fail(9, 'bad reading'), false), stop: () => undefined, cpuPercent: () => 1, memoryBytes: () => 4096 };
      },
    };
    const { tree } = board({ engines: [failing] });
    addSensor(tree, 20);
    const live = trackSubscriptions(tree);
    const id = server.create(tree);
    server.writePackage(tree, id, new TextEncoder().encode(JSON.stringify(FIXTURE)));
    server.execute(tree, id, 4);
    expect(server.execute(tree, id, 10)).toBe('5.00');
    expect([value(tree, [9, id, 12]), live()]).toEqual([false, 0]);
  });

  it('stops when the runtime closes', () => {
    const { tree, runtime, live, values } = recordingBoard();
    runtime.close();
    tree.setValue(SENSOR, 30);
    expect([live(), values(0)]).toEqual([0, [20]]);
  });
});
