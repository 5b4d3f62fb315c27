/**
 * Turns what went wrong inside a module call into the workload's failure: an error code
 * (WASM_FAILURE) and a message naming the call it happened in, e.g. `trap in tick():
 * unreachable`, as the device log and monitoring show it.
 */
import { SdkTrap } from './guest-memory.js';
import { WASM_FAILURE } from './sdk-abi.js';
import { callName, type CallKind } from './shared-state.js';
import { webAssembly } from './webassembly-api.js';

/** Linear memory outgrew what the device reserved for it. */
export class OutOfReservedMemory extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutOfReservedMemory';
  }
}

export interface GuestFailure {
  readonly code: number;
  readonly message: string;
}

/** The innermost call each error was thrown in: an input delivered inside `sleep_ms` traps in on_input(), not main(). */
const thrownIn = new WeakMap<object, CallKind>();

export function noteCall(err: unknown, kind: CallKind): void {
  if (typeof err === 'object' && err !== null && !thrownIn.has(err)) thrownIn.set(err, kind);
}

export function guestFailure(err: unknown, outerKind: CallKind): GuestFailure {
  const kind = (typeof err === 'object' && err !== null ? thrownIn.get(err) : undefined) ?? outerKind;
  const where = callName(kind);
  if (err instanceof OutOfReservedMemory) return { code: WASM_FAILURE.OUT_OF_MEMORY, message: `out of memory in ${where}: ${err.message}` };
  if (err instanceof SdkTrap || err instanceof webAssembly.RuntimeError) return { code: WASM_FAILURE.TRAP, message: `trap in ${where}: ${err.message}` };
  if (err instanceof RangeError && /call stack/i.test(err.message)) return { code: WASM_FAILURE.TRAP, message: `trap in ${where}: call stack exhausted` };
  return { code: WASM_FAILURE.TRAP, message: `trap in ${where}: ${err instanceof Error ? err.message : String(err)}` };
}
