/**
 * (ptr, len) arguments of SDK calls, checked against the module's linear memory. A
 * pointer outside it is the module's bug, so it traps the workload like an out-of-bounds
 * load would, naming the SDK call.
 */
import type { WasmMemory } from './webassembly-api.js';

/** A fault the SDK raises inside a module call; the workload stops with this message. */
export class SdkTrap extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SdkTrap';
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export class GuestMemory {
  /** Late-bound: an exported memory exists only once the module is instantiated. */
  readonly #memory: () => WasmMemory | undefined;

  constructor(memory: () => WasmMemory | undefined) {
    this.#memory = memory;
  }

  /** The current byte length of linear memory (it changes when the module grows it). */
  byteLength(): number {
    return this.#memory()?.buffer.byteLength ?? 0;
  }

  /** A view of `len` bytes at `ptr`; valid until the module next grows its memory. */
  bytes(ptr: number, len: number, call: string): Uint8Array {
    const buffer = this.#memory()?.buffer;
    // i32 arguments arrive signed: a "pointer" over 2 GiB or a negative length is out of bounds here.
    if (buffer === undefined || ptr < 0 || len < 0 || ptr + len > buffer.byteLength) {
      throw new SdkTrap(`${call}: (ptr ${ptr}, len ${len}) is outside linear memory of ${buffer?.byteLength ?? 0} bytes`);
    }
    return new Uint8Array(buffer, ptr, len);
  }

  text(ptr: number, len: number, call: string): string {
    try {
      return utf8.decode(this.bytes(ptr, len, call));
    } catch (err) {
      if (err instanceof SdkTrap) throw err;
      throw new SdkTrap(`${call}: the text at ${ptr} is not UTF-8`);
    }
  }

  write(ptr: number, data: Uint8Array, call: string): void {
    this.bytes(ptr, data.length, call).set(data);
  }
}
