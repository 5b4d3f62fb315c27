/**
 * What the WebAssembly engine's tests share: WAT compiled with wabt, service.json
 * packages around a module, and a WorkloadContext that records what a workload does.
 * Test-only; not exported from the folder's index.
 */
import wabtInit from 'wabt';
import { parseServiceJson, type ServiceJson } from '../../oci/index.js';
import type { SensorSource, ServiceValueType } from '../embserve/contracts.js';
import type { WorkloadContext } from '../embserve/workload-engine.js';
import { seededRandom, SYSTEM_CLOCK } from '../objects/index.js';

let wabt: Awaited<ReturnType<typeof wabtInit>> | undefined;

/** The binary of a module written in the WebAssembly text format. */
export async function wasmOf(wat: string): Promise<Uint8Array> {
  wabt ??= await wabtInit();
  const module = wabt.parseWat('test.wat', wat);
  try {
    return module.toBinary({}).buffer;
  } finally {
    module.destroy();
  }
}

/** A validated service.json running `wasm`, with one float output `out` and one int input `in` unless `extra` says otherwise. */
export function wasmService(wasm: Uint8Array, extra: Record<string, unknown> = {}): ServiceJson {
  const json = {
    name: 'wasm-test',
    version: '1.0.0',
    wasm: Buffer.from(wasm).toString('base64'),
    dependencies: { sdk_api: 1 },
    inputs: [{ key: 'in', type: 0 }],
    outputs: [{ key: 'out', type: 1 }],
    period_ms: 20,
    ...extra,
  };
  return parseServiceJson(new TextEncoder().encode(JSON.stringify(json)));
}

export interface RecordedOutput {
  readonly key: string;
  readonly type: ServiceValueType;
  readonly value: number;
}

export interface RecordingContext {
  readonly context: WorkloadContext;
  readonly outputs: RecordedOutput[];
  readonly logs: string[];
  /** Resolves with the first failure the workload reports. */
  readonly failed: Promise<{ code: number; message: string }>;
  /** Sensor values the board answers, keyed `object/resource`. */
  readonly sensorValues: Map<string, number>;
}

export function recordingContext(service: ServiceJson, periodMs = 20): RecordingContext {
  const outputs: RecordedOutput[] = [];
  const logs: string[] = [];
  const sensorValues = new Map<string, number>();
  const sensors: SensorSource = { sample: (objectId, resourceId = 5700) => sensorValues.get(`${objectId}/${resourceId}`) };
  let reportFailure: (failure: { code: number; message: string }) => void = () => {};
  const failed = new Promise<{ code: number; message: string }>((resolve) => (reportFailure = resolve));
  const context: WorkloadContext = {
    service,
    sensors,
    clock: SYSTEM_CLOCK,
    random: seededRandom(1),
    periodMs,
    output: (key, type, value) => outputs.push({ key, type, value }),
    log: (line) => logs.push(line),
    fail: (code, message) => reportFailure({ code, message }),
  };
  return { context, outputs, logs, failed, sensorValues };
}
