import { z } from 'zod';
import type { MultiNodeCodec } from '../codec.js';
import type { ContentFormat } from '../content-format.js';
import { invalidInput, type FarsideError } from '../errors.js';
import { formatPath, type LwM2mPath } from '../path.js';
import { recordsFromNode, recordsFromTimestampedNodes } from './senml-from-nodes.js';
import { nodeFromRecords, pathsFromRecords, timestampedNodesFromRecords } from './senml-to-nodes.js';

/**
 * The SenML record model (RFC 8428) shared by SenML JSON (110) and SenML CBOR (112),
 * and the codec built on it (LwM2M 1.1 Core §7.4.4, §7.4.5). The two formats differ only
 * in syntax; each turns its bytes into `SenmlRecord`s and back. The LwM2M mapping lives in
 * senml-resolve (names, times), senml-values (field typing), senml-to-nodes and senml-from-nodes.
 */

/** One SenML record with the fields LwM2M uses; `vd` already as bytes whatever the syntax. */
export interface SenmlRecord {
  readonly bn?: string;
  readonly bt?: number;
  readonly bv?: number;
  readonly n?: string;
  readonly t?: number;
  readonly v?: number | bigint;
  readonly vs?: string;
  readonly vb?: boolean;
  readonly vd?: Uint8Array;
  /** Object link `3:0`: an LwM2M extension (Core §7.4.4), not in RFC 8428. */
  readonly vlo?: string;
}

/**
 * Zod fields both syntaxes share (RFC 8428 §4.1 base, §4.2 regular fields); `v` and `vd` differ by syntax.
 * Fields LwM2M ignores (units, sums, update time, version) are still type-checked,
 * since a record with a wrongly typed field is malformed.
 */
export const SENML_COMMON_FIELDS = {
  bn: z.string().optional(),
  bt: z.number().optional(),
  bu: z.string().optional(),
  bv: z.number().optional(),
  bs: z.number().optional(),
  bver: z.number().optional(),
  n: z.string().optional(),
  u: z.string().optional(),
  s: z.number().optional(),
  t: z.number().optional(),
  ut: z.number().optional(),
  vs: z.string().optional(),
  vb: z.boolean().optional(),
  vlo: z.string().optional(),
};

/** Turns the first zod issue into an invalid-input error naming the record and field. */
export function shapeError(syntax: string, error: z.ZodError): FarsideError {
  const issue = error.issues[0];
  if (issue === undefined) return invalidInput(`${syntax} payload has the wrong shape`);
  const [record, field] = issue.path;
  const where = record === undefined ? '' : field === undefined ? ` in record ${String(record)}` : ` in record ${String(record)}, field "${String(field)}"`;
  return invalidInput(`${syntax} payload has the wrong shape${where}: ${issue.message}`, error);
}

/** RFC 8428 §4.4: a field whose label ends in `_` must be understood, and we understand none. */
export function rejectMustUnderstand(label: string, syntax: string, index: number): void {
  if (label.endsWith('_')) throw invalidInput(`${syntax} record ${index} has the must-understand field "${label.slice(0, 40)}", which LwM2M does not define`);
}

/** Bytes to records and back, for one SenML serialization. Both throw only invalid input. */
export interface SenmlSyntax {
  parse(payload: Uint8Array): SenmlRecord[];
  serialize(records: readonly SenmlRecord[]): Uint8Array;
}

/** A SenML codec also carries the path lists of Read-Composite and Observe-Composite requests. */
export interface SenmlCodec extends MultiNodeCodec {
  /** The paths a Read-Composite / Observe-Composite request names (records without values). */
  decodePaths(payload: Uint8Array): LwM2mPath[];
  encodePaths(paths: readonly LwM2mPath[]): Uint8Array;
}

/**
 * A codec over a syntax. Encoding takes types from the nodes, so `models` is only read
 * when decoding; with no model for a resource, the SenML field decides its type.
 */
export function senmlCodec(format: ContentFormat, syntax: SenmlSyntax): SenmlCodec {
  return {
    format,
    encode: (path, node) => syntax.serialize(recordsFromNode(path, node)),
    decode: (path, payload, models) => nodeFromRecords(path, syntax.parse(payload), models),
    encodeNodes: (nodes) => syntax.serialize(recordsFromTimestampedNodes(nodes)),
    decodeNodes: (payload, models) => timestampedNodesFromRecords(syntax.parse(payload), models),
    encodePaths: (paths) => syntax.serialize(paths.map((path) => ({ n: formatPath(path) }))),
    decodePaths: (payload) => pathsFromRecords(syntax.parse(payload)),
  };
}
