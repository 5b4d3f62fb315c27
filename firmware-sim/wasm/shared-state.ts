/**
 * The few numbers the device's thread and a workload's worker share without messages,
 * in one SharedArrayBuffer: the worker must be readable while it is stuck in a loop (the
 * watchdog, the CPU share) and must be wakeable while it blocks in `sleep_ms` or waits
 * for a sensor reading. Integers that signal go through Atomics; the figures are plain
 * aligned f64s, written by one side only.
 */

/** What the module is running, for the watchdog's message. */
export const CALL_KIND = { NONE: 0, START: 1, INIT: 2, MAIN: 3, TICK: 4, ON_INPUT: 5 } as const;
export type CallKind = (typeof CALL_KIND)[keyof typeof CALL_KIND];

const CALL_NAMES: Readonly<Record<CallKind, string>> = { 0: 'the module', 1: 'the start function', 2: 'init()', 3: 'main()', 4: 'tick()', 5: 'on_input()' };

export function callName(kind: number): string {
  return CALL_NAMES[kind as CallKind] ?? 'the module';
}

/** Int32 slots. */
const I32 = { WAKE: 0, RUNNING: 1, CALL: 2, TICKS_DONE: 3, SENSOR_REPLY: 4 } as const;
/** Float64 slots (after the Int32 ones). */
const F64 = { RUN_SINCE: 3, BUSY_MS: 4, LINEAR_BYTES: 5, ARENA_BYTES: 6, SENSOR_VALUE: 7 } as const;
const BYTES = 64;

/** ms since the epoch at sub-ms resolution, comparable between threads of one process. */
export function sharedNowMs(): number {
  return performance.timeOrigin + performance.now();
}

export class SharedState {
  readonly buffer: SharedArrayBuffer;
  readonly #i32: Int32Array;
  readonly #f64: Float64Array;

  constructor(buffer: SharedArrayBuffer = new SharedArrayBuffer(BYTES)) {
    this.buffer = buffer;
    this.#i32 = new Int32Array(buffer);
    this.#f64 = new Float64Array(buffer);
  }

  // --- written by the worker ---

  /** A stretch of module code starts (`since`) or ends (`undefined`, adding to the busy time). */
  beginRun(kind: CallKind, since: number): void {
    this.#f64[F64.RUN_SINCE] = since;
    Atomics.store(this.#i32, I32.CALL, kind);
    Atomics.store(this.#i32, I32.RUNNING, 1);
  }

  endRun(busyMs: number): void {
    this.#f64[F64.BUSY_MS] = busyMs;
    Atomics.store(this.#i32, I32.RUNNING, 0);
  }

  setCall(kind: CallKind): void {
    Atomics.store(this.#i32, I32.CALL, kind);
  }

  setMemory(linearBytes: number, arenaBytes: number): void {
    this.#f64[F64.LINEAR_BYTES] = linearBytes;
    this.#f64[F64.ARENA_BYTES] = arenaBytes;
  }

  tickDone(): void {
    Atomics.add(this.#i32, I32.TICKS_DONE, 1);
  }

  /** Blocks until the wake counter moves from `seen` or `timeoutMs` passes. */
  waitForWake(seen: number, timeoutMs: number): void {
    Atomics.wait(this.#i32, I32.WAKE, seen, Math.max(0, timeoutMs));
  }

  wakeCount(): number {
    return Atomics.load(this.#i32, I32.WAKE);
  }

  sensorReplyCount(): number {
    return Atomics.load(this.#i32, I32.SENSOR_REPLY);
  }

  waitForSensorReply(seen: number, timeoutMs: number): void {
    Atomics.wait(this.#i32, I32.SENSOR_REPLY, seen, Math.max(0, timeoutMs));
  }

  sensorValue(): number {
    return this.#f64[F64.SENSOR_VALUE] ?? Number.NaN;
  }

  // --- written by the device's thread ---

  wake(): void {
    Atomics.add(this.#i32, I32.WAKE, 1);
    Atomics.notify(this.#i32, I32.WAKE);
  }

  /** Answers sensor request number `seq` (the value is visible before the counter moves). */
  answerSensor(seq: number, value: number): void {
    this.#f64[F64.SENSOR_VALUE] = value;
    Atomics.store(this.#i32, I32.SENSOR_REPLY, seq);
    Atomics.notify(this.#i32, I32.SENSOR_REPLY);
  }

  // --- read by the device's thread ---

  /** When the running stretch began, or undefined when no module code runs. */
  runningSince(): number | undefined {
    return Atomics.load(this.#i32, I32.RUNNING) === 1 ? this.#f64[F64.RUN_SINCE] : undefined;
  }

  call(): CallKind {
    return Atomics.load(this.#i32, I32.CALL) as CallKind;
  }

  /** Busy time so far, ms, counting a stretch still running. */
  busyMs(now: number): number {
    // Total first: a stretch ending in between is then missed once rather than counted twice.
    const total = this.#f64[F64.BUSY_MS] ?? 0;
    const since = this.runningSince();
    return total + (since === undefined ? 0 : Math.max(0, now - since));
  }

  memoryBytes(): number {
    return (this.#f64[F64.LINEAR_BYTES] ?? 0) + (this.#f64[F64.ARENA_BYTES] ?? 0);
  }

  ticksDone(): number {
    return Atomics.load(this.#i32, I32.TICKS_DONE);
  }
}
