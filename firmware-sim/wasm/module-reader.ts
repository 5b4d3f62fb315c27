/**
 * Reads what the device must know of a WebAssembly module before running it, straight
 * from the binary (WebAssembly Core §5.5): function types, imports, memories and exports.
 * `WebAssembly.Module.imports()` names imports but not memory limits or signatures, and
 * compiling on the device's thread is what this avoids. Anything malformed is
 * FARSIDE_ERR_INVALID_INPUT; sections the device does not need are skipped.
 */
import { invalidInput } from '../../errors/index.js';
import type { FunctionSignature, ValueType } from './sdk-abi.js';

export interface MemoryLimits {
  /** Pages of 64 KiB. */
  readonly initial: number;
  readonly maximum: number | undefined;
  readonly shared: boolean;
}

export type ImportEntry =
  | { readonly module: string; readonly name: string; readonly kind: 'function'; readonly typeIndex: number }
  | { readonly module: string; readonly name: string; readonly kind: 'memory'; readonly limits: MemoryLimits }
  | { readonly module: string; readonly name: string; readonly kind: 'table' | 'global' | 'tag' };

export interface ExportEntry {
  readonly name: string;
  readonly kind: 'function' | 'table' | 'memory' | 'global' | 'tag';
  readonly index: number;
}

export interface ModuleLayout {
  readonly types: readonly FunctionSignature[];
  readonly imports: readonly ImportEntry[];
  /** Type index of each function the module defines. */
  readonly functions: readonly number[];
  readonly memories: readonly MemoryLimits[];
  readonly exports: readonly ExportEntry[];
}

const MAGIC = [0x00, 0x61, 0x73, 0x6d];
const VERSION = [0x01, 0x00, 0x00, 0x00];
const SECTION = { TYPE: 1, IMPORT: 2, FUNCTION: 3, MEMORY: 5, EXPORT: 7 } as const;
const FUNC_TYPE_FORM = 0x60;
const VALUE_TYPES: Readonly<Record<number, ValueType>> = { 0x7f: 'i32', 0x7e: 'i64', 0x7d: 'f32', 0x7c: 'f64', 0x7b: 'v128', 0x70: 'funcref', 0x6f: 'externref' };
const EXTERNAL_KINDS = ['function', 'table', 'memory', 'global', 'tag'] as const;

export function readModuleLayout(bytes: Uint8Array): ModuleLayout {
  const reader = new ByteReader(bytes);
  if (!MAGIC.every((b) => reader.byte() === b)) throw invalidInput('not a WebAssembly module (no \\0asm magic)');
  if (!VERSION.every((b) => reader.byte() === b)) throw invalidInput('unsupported WebAssembly binary version');
  const layout = { types: [] as FunctionSignature[], imports: [] as ImportEntry[], functions: [] as number[], memories: [] as MemoryLimits[], exports: [] as ExportEntry[] };
  while (!reader.done()) {
    const id = reader.byte();
    const size = reader.u32();
    const section = reader.slice(size);
    if (id === SECTION.TYPE) layout.types = section.vector(() => readFunctionType(section));
    else if (id === SECTION.IMPORT) layout.imports = section.vector(() => readImport(section));
    else if (id === SECTION.FUNCTION) layout.functions = section.vector(() => section.u32());
    else if (id === SECTION.MEMORY) layout.memories = section.vector(() => readLimits(section));
    else if (id === SECTION.EXPORT) layout.exports = section.vector(() => readExport(section));
  }
  return layout;
}

function readFunctionType(reader: ByteReader): FunctionSignature {
  const form = reader.byte();
  if (form !== FUNC_TYPE_FORM) throw invalidInput(`unsupported type form 0x${form.toString(16)}`);
  return { params: reader.vector(() => readValueType(reader)), results: reader.vector(() => readValueType(reader)) };
}

function readValueType(reader: ByteReader): ValueType {
  const code = reader.byte();
  const type = VALUE_TYPES[code];
  if (type === undefined) throw invalidInput(`unknown value type 0x${code.toString(16)}`);
  return type;
}

function readImport(reader: ByteReader): ImportEntry {
  const module = reader.name();
  const name = reader.name();
  const kind = readKind(reader);
  switch (kind) {
    case 'function':
      return { module, name, kind, typeIndex: reader.u32() };
    case 'memory':
      return { module, name, kind, limits: readLimits(reader) };
    case 'table':
      readValueType(reader);
      readLimits(reader);
      return { module, name, kind };
    case 'global':
      readValueType(reader);
      reader.byte();
      return { module, name, kind };
    case 'tag':
      reader.byte();
      reader.u32();
      return { module, name, kind };
    default: {
      const unknown: never = kind;
      throw invalidInput(`unknown import kind ${String(unknown)}`);
    }
  }
}

function readExport(reader: ByteReader): ExportEntry {
  const name = reader.name();
  return { name, kind: readKind(reader), index: reader.u32() };
}

function readKind(reader: ByteReader): (typeof EXTERNAL_KINDS)[number] {
  const code = reader.byte();
  const kind = EXTERNAL_KINDS[code];
  if (kind === undefined) throw invalidInput(`unknown external kind ${code}`);
  return kind;
}

/** Limits flags (§5.3.7; 0x02/0x03 from the threads proposal): bit 0 has a maximum, bit 1 shared; 64-bit memories are refused. */
function readLimits(reader: ByteReader): MemoryLimits {
  const flags = reader.byte();
  if (flags > 0x03) throw invalidInput(`unsupported limits flags 0x${flags.toString(16)} (64-bit memory?)`);
  const initial = reader.u32();
  const maximum = (flags & 0x01) !== 0 ? reader.u32() : undefined;
  return { initial, maximum, shared: (flags & 0x02) !== 0 };
}

/** Bounds-checked reading of the binary's bytes, LEB128 integers and names. */
class ByteReader {
  readonly #bytes: Uint8Array;
  #at = 0;

  constructor(bytes: Uint8Array) {
    this.#bytes = bytes;
  }

  done(): boolean {
    return this.#at >= this.#bytes.length;
  }

  byte(): number {
    const value = this.#bytes[this.#at];
    if (value === undefined) throw invalidInput(`WebAssembly module ends early at byte ${this.#at}`);
    this.#at += 1;
    return value;
  }

  /** unsigned LEB128 of at most 32 bits (§5.2.2). */
  u32(): number {
    let result = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const b = this.byte();
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) {
        if (result > 0xffff_ffff) throw invalidInput('integer too large in WebAssembly module');
        return result;
      }
    }
    throw invalidInput('integer too long in WebAssembly module');
  }

  slice(length: number): ByteReader {
    if (length > this.#bytes.length - this.#at) throw invalidInput(`WebAssembly section of ${length} bytes runs past the end`);
    const part = new ByteReader(this.#bytes.subarray(this.#at, this.#at + length));
    this.#at += length;
    return part;
  }

  name(): string {
    const bytes = this.slice(this.u32()).#bytes;
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch (err) {
      throw invalidInput('a name in the WebAssembly module is not UTF-8', err);
    }
  }

  vector<T>(item: () => T): T[] {
    const count = this.u32();
    // Each item takes at least one byte: a count beyond what is left is a lie, not a plan.
    if (count > this.#bytes.length - this.#at) throw invalidInput(`WebAssembly vector of ${count} items runs past the end`);
    return Array.from({ length: count }, item);
  }
}
