/**
 * Bounds-checked reading of FlatBuffers tables over flatbuffers' ByteBuffer. ByteBuffer
 * itself trusts every offset (reads past the end come back as garbage, never as an
 * error), so each table, field, vector and string is checked against the buffer here,
 * the way flatc's Verifier would, and a bad one is a FarsideError naming where it is.
 */
import { ByteBuffer } from 'flatbuffers';
import { invalidInput } from '../../errors/index.js';

/** FlatBuffers offsets and vector lengths are 32-bit; vtable entries 16-bit. */
const UOFFSET_BYTES = 4;
const VTABLE_HEADER_BYTES = 4;
const FILE_IDENTIFIER_BYTES = 4;

const utf8 = new TextDecoder('utf-8');

export class FlatTable {
  private constructor(
    private readonly bb: ByteBuffer,
    private readonly position: number,
    private readonly vtable: number,
    private readonly vtableBytes: number,
    private readonly objectBytes: number,
    /** Where this table sits in the model, for error messages (e.g. `subgraphs[0].tensors[3]`). */
    readonly path: string,
  ) {}

  /** The root table of `bytes`, after checking its file identifier (e.g. "TFL3"). */
  static root(bytes: Uint8Array, fileIdentifier: string, path: string): FlatTable {
    if (bytes.length < UOFFSET_BYTES + FILE_IDENTIFIER_BYTES) throw invalidInput(`${path}: ${bytes.length} bytes is too short for a FlatBuffer`);
    const bb = new ByteBuffer(bytes);
    if (!bb.__has_identifier(fileIdentifier)) {
      const found = String.fromCharCode(...bytes.subarray(UOFFSET_BYTES, UOFFSET_BYTES + FILE_IDENTIFIER_BYTES));
      throw invalidInput(`${path}: file identifier is ${JSON.stringify(found)}, not "${fileIdentifier}"`);
    }
    return FlatTable.at(bb, bb.readUint32(0), path);
  }

  private static at(bb: ByteBuffer, position: number, path: string): FlatTable {
    const length = bb.capacity();
    if (position + UOFFSET_BYTES > length) throw invalidInput(`${path}: table offset ${position} is outside the ${length}-byte buffer`);
    const vtable = position - bb.readInt32(position);
    if (vtable < 0 || vtable + VTABLE_HEADER_BYTES > length) throw invalidInput(`${path}: vtable offset ${vtable} is outside the buffer`);
    const vtableBytes = bb.readUint16(vtable);
    const objectBytes = bb.readUint16(vtable + 2);
    if (vtableBytes < VTABLE_HEADER_BYTES || vtableBytes % 2 !== 0 || vtable + vtableBytes > length) {
      throw invalidInput(`${path}: malformed vtable (${vtableBytes} bytes at ${vtable})`);
    }
    if (objectBytes < UOFFSET_BYTES || position + objectBytes > length) throw invalidInput(`${path}: table of ${objectBytes} bytes overruns the buffer`);
    return new FlatTable(bb, position, vtable, vtableBytes, objectBytes, path);
  }

  /** Absolute position of field `id` of `width` bytes, or undefined when the field is absent. */
  private field(id: number, width: number): number | undefined {
    const slot = VTABLE_HEADER_BYTES + 2 * id;
    if (slot + 2 > this.vtableBytes) return undefined;
    const offset = this.bb.readUint16(this.vtable + slot);
    if (offset === 0) return undefined;
    if (offset + width > this.objectBytes) throw invalidInput(`${this.path}: field ${id} lies outside its table`);
    return this.position + offset;
  }

  uint8(id: number, fallback: number): number {
    const at = this.field(id, 1);
    return at === undefined ? fallback : this.bb.readUint8(at);
  }

  int8(id: number, fallback: number): number {
    const at = this.field(id, 1);
    return at === undefined ? fallback : this.bb.readInt8(at);
  }

  bool(id: number, fallback: boolean): boolean {
    const at = this.field(id, 1);
    return at === undefined ? fallback : this.bb.readUint8(at) !== 0;
  }

  int32(id: number, fallback: number): number {
    const at = this.field(id, 4);
    return at === undefined ? fallback : this.bb.readInt32(at);
  }

  uint32(id: number, fallback: number): number {
    const at = this.field(id, 4);
    return at === undefined ? fallback : this.bb.readUint32(at);
  }

  float32(id: number, fallback: number): number {
    const at = this.field(id, 4);
    return at === undefined ? fallback : this.bb.readFloat32(at);
  }

  /** An unsigned 64-bit field, refused when it is past what a number holds exactly. */
  uint64(id: number, fallback: number): number {
    const at = this.field(id, 8);
    if (at === undefined) return fallback;
    const value = this.bb.readUint64(at);
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw invalidInput(`${this.path}: field ${id} (${value}) is too large`);
    return Number(value);
  }

  /** The position a uoffset field points at, checked to lie inside the buffer. */
  private target(id: number, what: string): number | undefined {
    const at = this.field(id, UOFFSET_BYTES);
    if (at === undefined) return undefined;
    const target = at + this.bb.readUint32(at);
    if (target + UOFFSET_BYTES > this.bb.capacity()) throw invalidInput(`${this.path}: ${what} ${id} points outside the buffer`);
    return target;
  }

  table(id: number, name: string): FlatTable | undefined {
    const target = this.target(id, 'table field');
    return target === undefined ? undefined : FlatTable.at(this.bb, target, `${this.path}.${name}`);
  }

  /** Start and length of vector field `id` whose elements are `elementBytes` wide. */
  private vector(id: number, elementBytes: number): { start: number; length: number } | undefined {
    const target = this.target(id, 'vector field');
    if (target === undefined) return undefined;
    const length = this.bb.readUint32(target);
    const start = target + UOFFSET_BYTES;
    if (start + length * elementBytes > this.bb.capacity()) throw invalidInput(`${this.path}: vector field ${id} of ${length} elements overruns the buffer`);
    return { start, length };
  }

  tables(id: number, name: string): FlatTable[] {
    const vector = this.vector(id, UOFFSET_BYTES);
    if (vector === undefined) return [];
    return Array.from({ length: vector.length }, (_, i) => {
      const at = vector.start + i * UOFFSET_BYTES;
      const target = at + this.bb.readUint32(at);
      if (target + UOFFSET_BYTES > this.bb.capacity()) throw invalidInput(`${this.path}.${name}[${i}] points outside the buffer`);
      return FlatTable.at(this.bb, target, `${this.path}.${name}[${i}]`);
    });
  }

  string(id: number, fallback: string): string {
    const bytes = this.bytes(id);
    return bytes === undefined ? fallback : utf8.decode(bytes);
  }

  /** A [ubyte] vector as a view into the buffer (not a copy). */
  bytes(id: number): Uint8Array | undefined {
    const vector = this.vector(id, 1);
    return vector === undefined ? undefined : this.bb.bytes().subarray(vector.start, vector.start + vector.length);
  }

  int32s(id: number): number[] | undefined {
    const vector = this.vector(id, 4);
    return vector && Array.from({ length: vector.length }, (_, i) => this.bb.readInt32(vector.start + 4 * i));
  }

  float32s(id: number): number[] | undefined {
    const vector = this.vector(id, 4);
    return vector && Array.from({ length: vector.length }, (_, i) => this.bb.readFloat32(vector.start + 4 * i));
  }

  /** A [long] vector, refused when an element is past what a number holds exactly. */
  int64s(id: number): number[] | undefined {
    const vector = this.vector(id, 8);
    return (
      vector &&
      Array.from({ length: vector.length }, (_, i) => {
        const value = this.bb.readInt64(vector.start + 8 * i);
        if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) throw invalidInput(`${this.path}: field ${id}[${i}] is out of range`);
        return Number(value);
      })
    );
  }
}
