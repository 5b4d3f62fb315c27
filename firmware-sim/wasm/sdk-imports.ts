/**
 * The `embserve` import object a module is instantiated with, in the worker. Sensors,
 * outputs, logs, time and the TinyML calls are thin: each checks its arguments against
 * the module's memory and the package's declarations, then hands over to the host side.
 */
import { MAX_LOG_LINE_CHARS } from '../embserve/device-log.js';
import type { GuestMemory } from './guest-memory.js';
import type { modelSdk } from './model-sdk.js';
import { MEMORY_NAME, SDK_MODULE, type SdkFunctionName } from './sdk-abi.js';
import type { DeclaredValue, SensorOperation } from './worker-protocol.js';
import type { WasmImports, WasmMemory } from './webassembly-api.js';

export interface SdkHost {
  readonly memory: GuestMemory;
  /** The outputs service.json declares; others are refused. */
  readonly outputs: readonly DeclaredValue[];
  output(value: DeclaredValue & { readonly value: number }): void;
  log(line: string): void;
  /** Asks the device: `find` answers 1 or 0, `read` the value (NaN when unknown). */
  sensor(op: SensorOperation, objectId: number, resourceId: number): number;
  /** Blocks for `ms`, delivering inputs meanwhile. */
  sleep(ms: number): void;
  now(): number;
  readonly model: ReturnType<typeof modelSdk>;
}

/** LwM2M object and resource ids are 16-bit (Core §7.1). */
const MAX_LWM2M_ID = 65_535;
/** SensorSource has one sensor per object: the board's own, instance 0. */
const BOARD_SENSOR_INSTANCE = 0;
/** Bytes of a log call decoded at most: enough for the longest line the device keeps. */
const LOG_DECODE_BYTES = 4 * MAX_LOG_LINE_CHARS;

const lenientUtf8 = new TextDecoder('utf-8');

export function sdkImports(host: SdkHost, importedMemory: WasmMemory | undefined): WasmImports {
  const { memory } = host;
  /** Handle → LwM2M object id of a sensor the module found. */
  const sensors: number[] = [];
  const isId = (id: number): boolean => id >= 0 && id <= MAX_LWM2M_ID;
  const functions: Record<SdkFunctionName, (...args: number[]) => number | void> = {
    sensor_find(objectId: number, instance: number): number {
      if (!isId(objectId) || instance !== BOARD_SENSOR_INSTANCE) return -1;
      const known = sensors.indexOf(objectId);
      if (known >= 0) return known;
      if (host.sensor('find', objectId, 0) !== 1) return -1;
      return sensors.push(objectId) - 1;
    },
    sensor_read(handle: number, resourceId: number): number {
      const objectId = sensors[handle];
      if (objectId === undefined || !isId(resourceId)) return Number.NaN;
      return host.sensor('read', objectId, resourceId);
    },
    output(keyPtr: number, keyLen: number, type: number, value: number): number {
      const key = memory.text(keyPtr, keyLen, 'output');
      const declared = host.outputs.find((o) => o.key === key);
      if (declared === undefined || declared.type !== type || !Number.isFinite(value)) return -1;
      host.output({ key, type: declared.type, value });
      return 0;
    },
    log(ptr: number, len: number): void {
      const bytes = memory.bytes(ptr, len, 'log');
      host.log(lenientUtf8.decode(bytes.subarray(0, LOG_DECODE_BYTES)));
    },
    now_ms: () => host.now(),
    sleep_ms: (ms: number) => host.sleep(ms),
    ...host.model,
  };
  return { [SDK_MODULE]: { ...functions, ...(importedMemory === undefined ? {} : { [MEMORY_NAME]: importedMemory }) } };
}
