/**
 * Sensor readings for a module, which runs on another thread than the device's sensors.
 * The worker asks synchronously: it posts a request and waits on SharedState until the
 * device's thread answers. So a value is as fresh as the call, `sensor_find` can ask about
 * any object, and a module looping in `main()` with `sleep_ms` (whose thread never returns
 * to its event loop) still reads sensors. The wait is off the module's CPU clock.
 */
import type { SensorSource } from '../embserve/contracts.js';
import { sharedNowMs, type SharedState } from './shared-state.js';
import type { SensorOperation, WorkerMessage } from './worker-protocol.js';

/** How long a module waits for the device to answer before it reads NaN (or "no sensor"), ms. */
export const SENSOR_ANSWER_TIMEOUT_MS = 1000;

/** IPSO Sensor Value, Min Range Value, Max Range Value: a sensor answers at least one of them. */
const PRESENCE_RESOURCES = [5700, 5603, 5604] as const;

/** Worker side: the blocking request. */
export function sensorRequester(shared: SharedState, post: (message: WorkerMessage) => void, timeoutMs = SENSOR_ANSWER_TIMEOUT_MS) {
  let seq = shared.sensorReplyCount();
  return (op: SensorOperation, objectId: number, resourceId: number): number => {
    seq = (seq + 1) | 0;
    post({ type: 'sensor', seq, op, objectId, resourceId });
    const deadline = sharedNowMs() + timeoutMs;
    for (;;) {
      const answered = shared.sensorReplyCount();
      if (answered === seq) return shared.sensorValue();
      const left = deadline - sharedNowMs();
      if (left <= 0) return Number.NaN;
      shared.waitForSensorReply(answered, left);
    }
  };
}

/** Device side: what the board says to one request. */
export function answerFromBoard(sensors: SensorSource, op: SensorOperation, objectId: number, resourceId: number): number {
  if (op === 'find') return PRESENCE_RESOURCES.some((r) => Number.isFinite(sensors.sample(objectId, r) ?? Number.NaN)) ? 1 : 0;
  const value = sensors.sample(objectId, resourceId);
  return value === undefined ? Number.NaN : value;
}
