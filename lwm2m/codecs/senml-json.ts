import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { CONTENT_FORMAT } from '../content-format.js';
import { invalidInput } from '../errors.js';
import { rejectMustUnderstand, senmlCodec, SENML_COMMON_FIELDS, shapeError, type SenmlCodec, type SenmlRecord } from './senml-records.js';
import { decodeUtf8, encodeUtf8 } from './strict-utf8.js';

const SYNTAX = 'SenML JSON';

const jsonPayloadSchema = z.array(
  z.object({
    ...SENML_COMMON_FIELDS,
    v: z.union([z.number(), z.bigint()]).optional(),
    vd: z.string().optional(),
  }),
);

// ---------------------------------------------------------------------------------------
// JSON.parse turns integers beyond 2^53 into imprecise floats, but LwM2M integers are
// 64-bit. Such literals are swapped for tagged strings before parsing and revived as
// bigint; the tag carries a random nonce, so no string in the payload can pose as one.

const BIG_INTEGER_HINT = /\d{16}/;
const NUMBER_TOKEN = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const JSON_INTEGER = /^-?(?:0|[1-9]\d*)$/;

function tagBigIntegers(text: string, tag: string): string {
  let out = '';
  let copied = 0;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i += text[i] === '\\' ? 2 : 1);
      i++;
      continue;
    }
    if (c !== '-' && (c === undefined || c < '0' || c > '9')) {
      i++;
      continue;
    }
    NUMBER_TOKEN.lastIndex = i;
    const token = NUMBER_TOKEN.exec(text)?.[0] ?? c;
    if (JSON_INTEGER.test(token) && !Number.isSafeInteger(Number(token))) {
      out += `${text.slice(copied, i)}"${tag}${token}"`;
      copied = i + token.length;
    }
    i += token.length;
  }
  return out + text.slice(copied);
}

function parseJson(text: string): unknown {
  if (!BIG_INTEGER_HINT.test(text)) return JSON.parse(text);
  const tag = `farside-int-${randomUUID()}:`;
  return JSON.parse(tagBigIntegers(text, tag), (_key, value: unknown) =>
    typeof value === 'string' && value.startsWith(tag) ? BigInt(value.slice(tag.length)) : value,
  );
}

// ---------------------------------------------------------------------------------------
// vd (RFC 8428 §5): base64url without padding. Padding and the standard alphabet are
// accepted too, since some clients send them; anything else is refused rather than
// skipped, which Buffer would do silently.

const BASE64_BODY = /^[A-Za-z0-9+/_-]*$/;

function bytesFromBase64(text: string, index: number): Uint8Array {
  const body = text.replace(/={1,2}$/, '');
  const padded = body.length !== text.length;
  if (!BASE64_BODY.test(body) || body.length % 4 === 1 || (padded && text.length % 4 !== 0)) {
    throw invalidInput(`${SYNTAX} record ${index}: "vd" is not base64url`);
  }
  return new Uint8Array(Buffer.from(body, 'base64'));
}

function parse(payload: Uint8Array): SenmlRecord[] {
  const text = decodeUtf8(payload, SYNTAX);
  let json: unknown;
  try {
    json = parseJson(text);
  } catch (err) {
    throw invalidInput(`${SYNTAX} payload is not JSON: ${err instanceof Error ? err.message : String(err)}`, err);
  }
  if (Array.isArray(json)) {
    json.forEach((record: unknown, index) => {
      if (typeof record === 'object' && record !== null) for (const key of Object.keys(record)) rejectMustUnderstand(key, SYNTAX, index);
    });
  }
  const result = jsonPayloadSchema.safeParse(json);
  if (!result.success) throw shapeError(SYNTAX, result.error);
  return result.data.map(({ vd, ...record }, index) => (vd === undefined ? record : { ...record, vd: bytesFromBase64(vd, index) }));
}

// ---------------------------------------------------------------------------------------
// Serializing by hand: JSON.stringify cannot write a bigint as a number literal.

function numberText(value: number | bigint, field: string): string {
  if (typeof value === 'bigint') return value.toString();
  if (!Number.isFinite(value)) throw invalidInput(`${SYNTAX} cannot carry ${value} in "${field}"`);
  return JSON.stringify(value);
}

function recordText(record: SenmlRecord): string {
  const fields: string[] = [];
  const add = (field: string, text: string): number => fields.push(`"${field}":${text}`);
  if (record.bn !== undefined) add('bn', JSON.stringify(record.bn));
  if (record.bt !== undefined) add('bt', numberText(record.bt, 'bt'));
  if (record.bv !== undefined) add('bv', numberText(record.bv, 'bv'));
  if (record.n !== undefined) add('n', JSON.stringify(record.n));
  if (record.t !== undefined) add('t', numberText(record.t, 't'));
  if (record.v !== undefined) add('v', numberText(record.v, 'v'));
  if (record.vs !== undefined) add('vs', JSON.stringify(record.vs));
  if (record.vb !== undefined) add('vb', JSON.stringify(record.vb));
  if (record.vd !== undefined) add('vd', `"${Buffer.from(record.vd.buffer, record.vd.byteOffset, record.vd.byteLength).toString('base64url')}"`);
  if (record.vlo !== undefined) add('vlo', JSON.stringify(record.vlo));
  return `{${fields.join(',')}}`;
}

function serialize(records: readonly SenmlRecord[]): Uint8Array {
  return encodeUtf8(`[${records.map(recordText).join(',')}]`);
}

/** Content format 110, SenML JSON (RFC 8428 §5; LwM2M 1.1 Core §7.4.4). */
export const senmlJsonCodec: SenmlCodec = senmlCodec(CONTENT_FORMAT.SENML_JSON, { parse, serialize });
